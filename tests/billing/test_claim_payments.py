"""claim_post_payment and claim_settle: billing posts the payer's money and moves the claim."""

from decimal import Decimal

import pytest
from django.utils import timezone

from billing import services
from billing.models import Claim
from billing.services import ClaimError, LinePosting
from palliative.models import Role, StatusChange

from ..factories import UserFactory
from .factories import ClaimFactory, ClaimLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def biller():
    return UserFactory(role=Role.BILLING)


@pytest.fixture
def claim():
    claim = ClaimFactory(status=Claim.Status.SUBMITTED)
    ClaimLineFactory(claim=claim, line_number=1, charge=Decimal("85.00"))
    ClaimLineFactory(claim=claim, line_number=2, procedure_code="99498", charge=Decimal("75.00"))
    return claim


def lines_of(claim):
    return list(claim.lines.order_by("line_number"))


def post(claim, biller, paid=("85", "75"), adjusted=("0", "0"), *, reversal=False, **kwargs):
    first, second = lines_of(claim)
    postings = [
        LinePosting(line=first, paid=Decimal(paid[0]), adjusted=Decimal(adjusted[0])),
        LinePosting(line=second, paid=Decimal(paid[1]), adjusted=Decimal(adjusted[1])),
    ]
    return services.claim_post_payment(
        claim=claim,
        lines=postings,
        claim_paid=sum((p.paid for p in postings), Decimal("0")),
        reversal=reversal,
        by=biller,
        note=kwargs.pop("note", "Remittance EFT1 posted."),
        **kwargs,
    )


def money(claim):
    claim.refresh_from_db()
    return (
        claim.paid_amount,
        claim.adjusted_amount,
        [(line.paid_amount, line.adjusted_amount) for line in lines_of(claim)],
    )


def test_a_payment_lands_on_the_claim_and_its_lines(claim, biller):
    post(claim, biller, paid=("68", "50"), adjusted=("17", "25"))
    assert money(claim) == (
        Decimal("118"),
        Decimal("42"),
        [(Decimal("68"), Decimal("17")), (Decimal("50"), Decimal("25"))],
    )


def test_a_full_payment_makes_the_claim_paid_with_who_and_why(claim, biller):
    post(claim, biller)
    change = Claim.objects.get(pk=claim.pk).status_changes.last()
    assert (change.from_status, change.to_status, change.by, change.note) == (
        "submitted",
        "paid",
        biller,
        "Remittance EFT1 posted.",
    )


def test_a_second_payment_that_changes_nothing_writes_no_timeline_row(claim, biller):
    post(claim, biller, paid=("60", "75"), adjusted=("25", "0"))
    post(claim, biller, paid=("25", "0"), adjusted=("-25", "0"))
    assert StatusChange.objects.filter(object_id=claim.pk, to_status="paid").count() == 1


def test_the_first_payer_claim_number_is_kept(claim, biller):
    post(claim, biller, payer_claim_number="26318000101")
    post(claim, biller, paid=("0", "0"), payer_claim_number="99999")
    assert Claim.objects.get(pk=claim.pk).payer_claim_number == "26318000101"


def test_a_negative_payment_is_refused_unless_it_is_a_reversal(claim, biller):
    with pytest.raises(ClaimError, match="cannot be negative unless it is a reversal"):
        post(claim, biller, paid=("-10", "0"))
    assert money(claim)[0] == Decimal("0")


def test_a_reversal_with_money_to_pay_is_refused(claim, biller):
    with pytest.raises(ClaimError, match="zero or negative"):
        post(claim, biller, paid=("10", "0"), reversal=True)


def test_a_reversal_takes_back_the_payment_and_the_claim_waits_for_the_payer_again(claim, biller):
    post(claim, biller, paid=("68", "50"), adjusted=("17", "25"))
    post(claim, biller, paid=("-68", "-50"), adjusted=("-17", "-25"), reversal=True, note="Reversal EFT2.")
    assert money(claim) == (Decimal("0"), Decimal("0"), [(Decimal("0"), Decimal("0"))] * 2)
    change = Claim.objects.get(pk=claim.pk).status_changes.last()
    assert (change.from_status, change.to_status, change.note) == ("paid", "submitted", "Reversal EFT2.")


def test_a_reversal_of_more_than_was_paid_is_refused_and_posts_nothing(claim, biller):
    post(claim, biller, paid=("68", "50"))
    with pytest.raises(ClaimError, match="line 1: the reversal takes back more than was paid"):
        post(claim, biller, paid=("-80", "-50"), reversal=True)
    assert money(claim)[2] == [(Decimal("68"), Decimal("0")), (Decimal("50"), Decimal("0"))]


def test_a_reversal_on_a_replaced_claim_moves_its_money_but_not_its_status(claim, biller):
    post(claim, biller)
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.REPLACED, submitted_at=timezone.now())
    post(claim, biller, paid=("-85", "-75"), reversal=True)
    claim.refresh_from_db()
    assert (claim.status, claim.paid_amount) == ("replaced", Decimal("0"))


def test_a_draft_claim_cannot_take_a_payment(biller):
    draft = ClaimFactory()
    with pytest.raises(ClaimError, match="is draft, so it cannot take a payment"):
        services.claim_post_payment(claim=draft, lines=[], claim_paid=Decimal("10"), by=biller, note="")


def test_a_line_of_another_claim_is_refused(claim, biller):
    other = ClaimLineFactory()
    posting = LinePosting(line=other, paid=Decimal("10"))
    with pytest.raises(ClaimError, match="is not on claim"):
        services.claim_post_payment(claim=claim, lines=[posting], claim_paid=Decimal("10"), by=biller, note="")


def test_settling_a_claim_already_where_it_should_be_writes_nothing(claim, biller):
    post(claim, biller)
    before = StatusChange.objects.count()
    services.claim_settle(claim=claim, by=biller, note="Nothing new.")
    assert StatusChange.objects.count() == before


def test_nothing_posted_on_a_submitted_claim_keeps_it_submitted(claim, biller):
    assert services.claim_settle(claim=claim, by=biller, note="").status == "submitted"
