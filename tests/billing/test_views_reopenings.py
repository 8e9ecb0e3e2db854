"""The reopening pages: a biller records a reopening on an adjudicated Medicare Part B claim
(date, channel, reference, what changed) and later Medicare's answer, from the claim page
(42 CFR 405.980; IOM 100-04 ch.34 §10)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from billing import services
from billing.models import Reopening

from ..factories import CommercialPayerFactory
from .factories import ready_claim

pytestmark = pytest.mark.django_db


def _denied(biller, **kwargs):
    claim = ready_claim(by=biller, **kwargs)
    services.claims_export_837(claims=[claim], by=biller)
    claim.refresh_from_db()
    claim.transition_to("denied", by=biller)
    return claim


def _form(**changes):
    return {
        "requested_on": timezone.localdate().isoformat(),
        "channel": "portal",
        "reference": "REO-77",
        "what_changed": "Line 1: add modifier GW.",
        **changes,
    }


def test_a_denied_medicare_claim_page_offers_a_reopening_not_a_replacement(biller_client, biller):
    page = biller_client.get(_denied(biller).get_absolute_url()).content.decode()
    assert "Correct (reopening)" in page
    assert "replacement claim" not in page


def test_a_denied_commercial_claim_page_offers_a_replacement(biller_client, biller):
    page = biller_client.get(_denied(biller, payer=CommercialPayerFactory()).get_absolute_url()).content.decode()
    assert "Correct (replacement claim)" in page


def test_recording_a_reopening_saves_it_and_shows_it_on_the_claim(biller_client, biller):
    claim = _denied(biller)
    response = biller_client.post(reverse("billing:claim_reopening_add", args=[claim.pk]), _form())
    assert response.status_code == 302
    reopening = Reopening.objects.get(claim=claim)
    assert (reopening.channel, reopening.reference, reopening.answer) == ("portal", "REO-77", "pending")
    page = biller_client.get(claim.get_absolute_url()).content.decode()
    assert "Line 1: add modifier GW." in page
    assert "Record the answer" in page


def test_a_reopening_the_payer_does_not_take_is_refused_with_the_reason_and_nothing_saved(biller_client, biller):
    claim = _denied(biller, payer=CommercialPayerFactory())
    response = biller_client.post(reverse("billing:claim_reopening_add", args=[claim.pk]), _form())
    assert response.status_code == 200
    assert "replacement (7) or void (8)" in response.content.decode()
    assert not Reopening.objects.exists()


def test_a_reopening_without_what_changed_is_refused(biller_client, biller):
    claim = _denied(biller)
    response = biller_client.post(reverse("billing:claim_reopening_add", args=[claim.pk]), _form(what_changed=""))
    assert response.status_code == 200
    assert not Reopening.objects.exists()


def test_recording_the_answer_closes_the_reopening(biller_client, biller):
    claim = _denied(biller)
    reopening = services.claim_reopening_request(
        claim=claim, requested_on=timezone.localdate(), channel="phone", what_changed="Units 2, not 1.", by=biller
    )
    response = biller_client.post(
        reverse("billing:reopening_answer", args=[reopening.pk]),
        {"answer": "granted", "answered_on": timezone.localdate().isoformat(), "note": "Adjusted."},
    )
    assert response.status_code == 302
    reopening.refresh_from_db()
    assert (reopening.answer, reopening.answer_note) == ("granted", "Adjusted.")


def test_the_claim_page_query_count_does_not_grow_with_reopenings(biller_client, biller):
    claim = _denied(biller)
    for _ in range(2):
        reopening = services.claim_reopening_request(
            claim=claim, requested_on=timezone.localdate(), channel="phone", what_changed="Units.", by=biller
        )
        services.reopening_answer(reopening=reopening, answer="refused", answered_on=timezone.localdate(), by=biller)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert biller_client.get(claim.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    services.claim_reopening_request(
        claim=claim, requested_on=timezone.localdate(), channel="phone", what_changed="Units.", by=biller
    )
    assert count() == few
