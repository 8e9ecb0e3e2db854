"""The billing dashboard reads figures kept by a Celery task, with the time they were computed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appeals import services, tasks
from appeals.models import DashboardSnapshot
from palliative.models import Role

from ..appeals.factories import DenialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def biller(client_as):
    return client_as(Role.BILLING)


def _denials_shown(client) -> int:
    board = client.get(reverse("appeals:dashboard")).context["board"]
    return sum(bar["value"] for bar in board["denials_by_category"])


def test_the_first_opening_computes_the_figures_and_says_as_of_when(biller):
    DenialFactory()
    page = biller.get(reverse("appeals:dashboard"))
    snapshot = DashboardSnapshot.objects.get()
    assert page.context["as_of"] == snapshot.computed_at
    assert 'data-testid="as-of"' in page.content.decode()
    assert sum(bar["value"] for bar in page.context["board"]["denials_by_category"]) == 1


def test_the_page_shows_the_kept_figures_until_the_task_refreshes_them(biller):
    DenialFactory()
    assert _denials_shown(biller) == 1
    DenialFactory()
    assert _denials_shown(biller) == 1
    tasks.refresh_dashboard.delay()
    assert _denials_shown(biller) == 2


def test_figures_older_than_an_hour_are_recomputed_on_opening(biller):
    DenialFactory()
    services.dashboard_refresh(today=timezone.localdate())
    DashboardSnapshot.objects.update(computed_at=timezone.now() - timedelta(hours=2))
    DenialFactory()
    assert _denials_shown(biller) == 2


def test_opening_the_dashboard_costs_the_same_queries_however_many_denials(biller):
    DenialFactory()
    biller.get(reverse("appeals:dashboard"))
    with CaptureQueriesContext(connection) as few:
        biller.get(reverse("appeals:dashboard"))
    DenialFactory.create_batch(10)
    tasks.refresh_dashboard.delay()
    with CaptureQueriesContext(connection) as many:
        biller.get(reverse("appeals:dashboard"))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_refresh_runs_every_ten_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["billing-dashboard-refresh"]
    assert entry["task"] == "appeals.tasks.refresh_dashboard"
    assert entry["schedule"].minute == set(range(0, 60, 10))
