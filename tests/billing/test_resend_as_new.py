"""A claim the payer returned as unprocessable (RARC MA130 or N517, or an unprocessable CARC routed
to a new claim) is fixed and sent again as a new claim; any other sent claim is not, as the payer
would deny it as a duplicate (IOM 100-04 ch.1 §80.3.2; 42 CFR 424.44). Billing records the fact
from the remittance it posts (`claims_post_payments(unprocessable=...)`)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from billing import services
from billing.models import Claim
from billing.services import LinePosting

from .factories import ClaimFactory, ClaimLineFactory, built_claim, ready_claim

pytestmark = pytest.mark.django_db
REASON = "Returned as unprocessable on remittance R1 (CO-16 with MA130, M51)."


def _sent(biller):
    claim = ready_claim(by=biller)
    services.claims_export_837(claims=[claim], by=biller)
    claim.refresh_from_db()
    return claim


def _post(claim, biller, *, paid="0", unprocessable="", reversal=False):
    lines = list(claim.lines.order_by("line_number"))
    amount = Decimal(paid)
    services.claim_post_payment(
        claim=claim,
        lines=[LinePosting(line=lines[0], paid=amount, adjusted=Decimal("0") if amount else lines[0].charge)],
        claim_paid=amount,
        reversal=reversal,
        by=biller,
        note="Remittance R1 posted.",
        unprocessable=unprocessable,
    )
    claim.refresh_from_db()
    return claim


def _returned(biller):
    return _post(_sent(biller), biller, unprocessable=REASON)


def test_a_claim_posted_as_unprocessable_records_why(biller):
    claim = _returned(biller)
    assert (claim.is_unprocessable, claim.unprocessable_reason) == (True, REASON)


def test_a_claim_the_payer_processed_is_not_unprocessable(biller):
    claim = _post(_sent(biller), biller)
    assert (claim.is_unprocessable, claim.can_resend_as_new) == (False, False)


def test_a_later_processed_answer_clears_the_unprocessable_mark(biller):
    claim = _post(_returned(biller), biller, paid="10")
    assert claim.unprocessable_reason == ""


def test_a_reversal_leaves_the_unprocessable_mark(biller):
    claim = _post(_returned(biller), biller, reversal=True)
    assert claim.unprocessable_reason == REASON


def test_a_claim_returned_as_unprocessable_is_sent_again_as_a_new_claim(biller):
    claim = _returned(biller)
    new = services.claim_resend_as_new(claim=claim, by=biller)
    assert (new.frequency_code, new.payer_claim_number, new.status) == ("1", "", "draft")
    assert new.original_claim == claim
    assert new.lines.count() == claim.lines.count()


def test_the_new_claim_is_not_itself_unprocessable(biller):
    new = services.claim_resend_as_new(claim=_returned(biller), by=biller)
    assert new.unprocessable_reason == ""


def test_the_new_claim_is_clean_and_not_a_duplicate_of_the_rejected_one(biller):
    new = services.claim_resend_as_new(claim=_returned(biller), by=biller)
    assert new.scrub_errors == 0


def test_sending_the_new_claim_closes_the_rejected_one_as_replaced(biller):
    claim = _returned(biller)
    new = services.claim_mark_ready(claim=services.claim_resend_as_new(claim=claim, by=biller), by=biller)
    services.claims_export_837(claims=[new], by=biller)
    claim.refresh_from_db()
    assert (claim.status, claim.can_resend_as_new) == ("replaced", False)


def test_a_draft_is_not_sent_again_but_edited(biller):
    with pytest.raises(services.ClaimError, match="edit a draft"):
        services.claim_resend_as_new(claim=built_claim(by=biller), by=biller)


def test_a_denied_claim_the_payer_processed_is_not_sent_again_as_a_new_claim(biller):
    claim = _sent(biller)
    claim.transition_to("denied", by=biller)
    with pytest.raises(services.ClaimNotUnprocessable, match="not returned as unprocessable"):
        services.claim_resend_as_new(claim=claim, by=biller)
    assert not Claim.objects.filter(original_claim=claim).exists()


def test_a_second_new_claim_waits_for_the_first(biller):
    claim = _returned(biller)
    services.claim_resend_as_new(claim=claim, by=biller)
    with pytest.raises(services.ClaimError, match="correction in progress"):
        services.claim_resend_as_new(claim=claim, by=biller)


def test_a_claim_returned_as_unprocessable_is_not_reopened(biller):
    with pytest.raises(services.ClaimError, match="not reopened"):
        services.claim_reopening_request(
            claim=_returned(biller),
            requested_on=timezone.localdate(),
            channel="phone",
            what_changed="Line 1: add the NPI.",
            by=biller,
        )


def _two_lines_one_returned(biller):
    claim = ClaimFactory(status=Claim.Status.SUBMITTED)
    first = ClaimLineFactory(claim=claim, line_number=1, charge=Decimal("85.00"))
    second = ClaimLineFactory(claim=claim, line_number=2, procedure_code="99498", charge=Decimal("75.00"))
    services.claim_post_payment(
        claim=claim,
        lines=[
            LinePosting(line=first, paid=Decimal("68"), adjusted=Decimal("17")),
            LinePosting(line=second, paid=Decimal("0"), adjusted=Decimal("75")),
        ],
        claim_paid=Decimal("68"),
        by=biller,
        note="Remittance R1 posted.",
        unprocessable="Returned as unprocessable on remittance R1 (CO-16 with MA130).",
    )
    claim.refresh_from_db()
    return claim


def test_a_line_the_payer_paid_is_left_out_of_the_new_claim(biller):
    new = services.claim_resend_as_new(claim=_two_lines_one_returned(biller), by=biller)
    assert [(line.line_number, line.procedure_code) for line in new.lines.all()] == [(1, "99498")]


def test_a_claim_whose_every_line_was_paid_is_not_sent_again(biller):
    claim = _two_lines_one_returned(biller)
    claim.lines.update(paid_amount=Decimal("1"))
    with pytest.raises(services.ClaimError, match="nothing to send again"):
        services.claim_resend_as_new(claim=claim, by=biller)
