"""The claim page offers "Send again as a new claim" only on a claim the payer returned as
unprocessable (MA130), with the payer's reason; the button's route refuses any other claim with
a message for the clerk and builds nothing (IOM 100-04 ch.1 §80.3.2)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from billing import services
from billing.models import Claim
from billing.services import LinePosting

from ..factories import CommercialPayerFactory
from .factories import ready_claim

pytestmark = pytest.mark.django_db
REASON = "Returned as unprocessable on remittance R1 (CO-16 with MA130)."


def _sent(biller, **kwargs):
    claim = ready_claim(by=biller, **kwargs)
    services.claims_export_837(claims=[claim], by=biller)
    claim.refresh_from_db()
    return claim


def _denied(biller, *, unprocessable="", **kwargs):
    claim = _sent(biller, **kwargs)
    line = claim.lines.get()
    services.claim_post_payment(
        claim=claim,
        lines=[LinePosting(line=line, paid=Decimal("0"), adjusted=line.charge)],
        claim_paid=Decimal("0"),
        by=biller,
        note="Remittance R1 posted.",
        unprocessable=unprocessable,
    )
    claim.refresh_from_db()
    return claim


def _page(client, claim):
    return client.get(claim.get_absolute_url()).content.decode()


def test_a_claim_returned_as_unprocessable_offers_a_new_claim_and_says_why(biller_client, biller):
    page = _page(biller_client, _denied(biller, unprocessable=REASON))
    assert 'data-testid="resend-as-new"' in page
    assert REASON in page


def test_a_claim_returned_as_unprocessable_offers_no_reopening(biller_client, biller):
    assert "Correct (reopening)" not in _page(biller_client, _denied(biller, unprocessable=REASON))


def test_a_medicare_claim_the_payer_processed_offers_a_reopening_not_a_new_claim(biller_client, biller):
    page = _page(biller_client, _denied(biller))
    assert "Correct (reopening)" in page
    assert 'data-testid="resend-as-new"' not in page


def test_a_commercial_claim_the_payer_processed_offers_no_new_claim(biller_client, biller):
    page = _page(biller_client, _denied(biller, payer=CommercialPayerFactory()))
    assert 'data-testid="resend-as-new"' not in page


def test_a_commercial_claim_returned_as_unprocessable_offers_a_new_claim(biller_client, biller):
    page = _page(biller_client, _denied(biller, unprocessable=REASON, payer=CommercialPayerFactory()))
    assert 'data-testid="resend-as-new"' in page
    assert "Correct (replacement claim)" not in page


def test_a_submitted_claim_not_yet_answered_offers_no_new_claim(biller_client, biller):
    assert 'data-testid="resend-as-new"' not in _page(biller_client, _sent(biller))


def test_sending_a_returned_claim_again_opens_the_new_draft(biller_client, biller):
    claim = _denied(biller, unprocessable=REASON)
    response = biller_client.post(reverse("billing:claim_resend_as_new", args=[claim.pk]))
    new = Claim.objects.get(original_claim=claim)
    assert response.url == new.get_absolute_url()


def test_sending_a_processed_claim_again_is_refused_with_a_message_and_builds_nothing(biller_client, biller):
    claim = _denied(biller)
    response = biller_client.post(reverse("billing:claim_resend_as_new", args=[claim.pk]), follow=True)
    assert "not returned as unprocessable" in response.content.decode()
    assert not Claim.objects.filter(original_claim=claim).exists()
