from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def send_letter_reminders() -> dict[str, int]:
    """Daily: unsigned letters, submitted letters without an answer, overdue requests (once each)."""
    return services.letter_reminders_send(today=timezone.localdate())
