from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def send_documentation_nudges() -> int:
    """Daily: nudge each provider about encounters missing documentation (once per day)."""
    return services.documentation_nudges_send(today=timezone.localdate())


@shared_task
def send_unsent_notifications() -> int:
    """Every five minutes: email any notification recorded but not sent (a worker died mid-send)."""
    return services.notifications_send_unsent()
