from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def rescrub_open_claims() -> int:
    """Nightly: keep the worklist's findings counts current (filing limits move with the date)."""
    return services.claims_rescrub(today=timezone.localdate())
