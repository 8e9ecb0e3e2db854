from datetime import date

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def rescrub_open_claims() -> int:
    """Nightly: keep the worklist's findings counts current (filing limits move with the date).
    One task per run of open claims, so none meets the time limit however many are open;
    returns how many claims were queued."""
    today = timezone.localdate().isoformat()
    ranges = services.open_claim_id_ranges()
    for first_id, last_id, _count in ranges:
        rescrub_claims.delay(first_id, last_id, today)
    return sum(count for _first, _last, count in ranges)


@shared_task
def rescrub_claims(first_id: int, last_id: int, today: str) -> int:
    """Scrub again the draft and ready claims with ids from `first_id` to `last_id`."""
    return services.claims_rescrub(today=date.fromisoformat(today), first_id=first_id, last_id=last_id)
