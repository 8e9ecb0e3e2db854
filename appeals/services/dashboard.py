"""The billing dashboard's figures, kept for the page and refreshed by a Celery task."""

from dataclasses import asdict
from datetime import date, timedelta

from django.utils import timezone

from .. import selectors
from ..models import DashboardSnapshot

DASHBOARD_KEY = "billing"
# A page older than this is recomputed on opening, should the beat that refreshes it be down.
DASHBOARD_MAX_AGE = timedelta(hours=1)


def dashboard_refresh(*, today: date) -> DashboardSnapshot:
    """Recompute the billing dashboard's figures and keep them for the page (one row, replaced)."""
    board = selectors.dashboard(today=today)
    snapshot, _ = DashboardSnapshot.objects.update_or_create(
        key=DASHBOARD_KEY, defaults={"figures": asdict(board), "computed_at": timezone.now()}
    )
    return snapshot


def dashboard_current(*, today: date) -> DashboardSnapshot:
    """The kept figures, recomputed first if there are none yet or they are older than DASHBOARD_MAX_AGE."""
    snapshot = DashboardSnapshot.objects.filter(key=DASHBOARD_KEY).first()
    if snapshot is None or timezone.now() - snapshot.computed_at > DASHBOARD_MAX_AGE:
        snapshot = dashboard_refresh(today=today)
    return snapshot
