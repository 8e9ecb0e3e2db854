"""Home pages cost the same queries however much work is open, and their panels count up to
a bound ("1000+") instead of counting every row."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from billing.models import Claim
from letters.models import LMNRequest
from palliative import dashboards, pagination
from palliative.models import Role

from ..appeals.factories import AppealFactory, DenialFactory
from ..billing.factories import ClaimFactory
from ..factories import TODAY, EncounterFactory, PatientFactory
from ..letters.factories import LMNRequestFactory

pytestmark = pytest.mark.django_db


def _open_work(n: int) -> None:
    DenialFactory.create_batch(n)
    AppealFactory.create_batch(n)
    for status in (Claim.Status.DRAFT, Claim.Status.READY, Claim.Status.SUBMITTED):
        ClaimFactory.create_batch(n, status=status)
    PatientFactory.create_batch(n, needs_review=True, date_of_death=TODAY)
    LMNRequestFactory.create_batch(n, status=LMNRequest.Status.REQUESTED)
    EncounterFactory.create_batch(n, diagnosis_codes=[])


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("palliative:home")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", [Role.BILLING, Role.ADMIN, Role.FRONT_DESK])
def test_the_home_page_costs_the_same_queries_for_1_or_12_rows_of_open_work(client_as, role):
    client = client_as(role)
    _open_work(1)
    few = _home_queries(client)
    _open_work(11)
    assert _home_queries(client) == few


def test_a_panel_count_past_the_bound_reads_as_the_bound_and_more():
    panel = dashboards.Panel(title="Held claims", count=pagination.BoundedCount(1001, bound=1000))
    html = render_to_string("partials/panel.html", {"panel": panel})
    assert ">1000+</span>" in html
