"""One view shape: a refused form comes back on its own page, bound, with the reason beside it.

Each action posts to its own URL; when the form is invalid, or the service refuses it with a
DomainError, the page the form lives on is rendered again (HTTP 200) instead of redirecting
with the problem flattened into a flash message, and nothing is written.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appeals.models import Appeal, Denial
from palliative.models import Role

from .factories import AppealFactory, DenialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def biller(client_as):
    return client_as(Role.BILLING)


def test_a_filing_date_in_the_future_is_shown_on_the_appeal_page(biller):
    appeal = AppealFactory()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = biller.post(reverse("appeals:appeal_file", args=[appeal.pk]), {"filed_on": tomorrow.isoformat()})
    assert response.status_code == 200
    assert response.templates[0].name == "appeals/appeal_detail.html"
    assert "The filing date cannot be in the future" in response.content.decode()
    assert response.context["file_form"].data["filed_on"] == tomorrow.isoformat()
    assert Appeal.objects.get(pk=appeal.pk).status == "drafting"


def test_a_decision_the_rules_refuse_is_a_form_error_on_the_appeal_page(biller):
    appeal = AppealFactory(status="filed", filed_on=date(2026, 11, 1))
    response = biller.post(
        reverse("appeals:appeal_decide", args=[appeal.pk]),
        {"outcome": "upheld", "decided_on": "2026-11-02", "amount_recovered": "5"},
    )
    assert response.status_code == 200
    assert "An upheld denial recovers nothing" in " ".join(response.context["decide_form"].non_field_errors())
    assert Appeal.objects.get(pk=appeal.pk).status == "filed"


def test_a_write_off_note_too_long_is_shown_on_the_denial_page(biller):
    denial = DenialFactory()
    response = biller.post(reverse("appeals:denial_write_off", args=[denial.pk]), {"note": "x" * 1001})
    assert response.status_code == 200
    assert "Ensure this value has at most 1000 characters" in response.content.decode()
    assert Denial.objects.get(pk=denial.pk).status == "open"


def test_an_exception_without_a_reason_is_shown_on_the_denial_page(biller):
    denial = DenialFactory(
        carc="29", rarcs=["N211"], category="timely_filing", route="not_appealable", appeal_deadline=None
    )
    response = biller.post(reverse("appeals:denial_request_exception", args=[denial.pk]), {"note": "late"})
    assert response.status_code == 200
    assert response.context["exception_form"].errors["reason"] == ["This field is required."]
    assert Denial.objects.get(pk=denial.pk).exception_reason == ""
