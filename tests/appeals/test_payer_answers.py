"""Payer answers built from the app's own exported 837P, imported as 835s: every dollar lands
on the right claim line once, denials come and go as the payer says, the deposit reconciles."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from appeals import selectors, services
from appeals.models import Appeal, ClaimPayment, Denial, LinePayment, Remittance
from appeals.x835 import ProviderAdjustment
from billing import services as billing
from billing.models import Claim
from palliative.models import Role

from ..billing.factories import fee_schedule, ready_claim
from ..factories import CommercialPayerFactory, UserFactory
from .payer import claim_answer, line_answer, read_837p, remittance_file, reversal_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def biller():
    fee_schedule()
    return UserFactory(role=Role.BILLING)


@pytest.fixture
def sent(biller):
    """A claim the app built (E/M + ACP 99497 + 99498), exported as 837P and read back as the payer sees it."""
    claim = ready_claim(by=biller, acp_minutes=50)
    [billed] = read_837p(billing.claims_export_837(claims=[claim], by=biller))
    return Claim.objects.get(pk=claim.pk), billed


def post(text: str, biller, name="era.835"):
    return services.remittance_import_835(text=text, file_name=name, by=biller)


def line_money(claim: Claim) -> list[tuple[Decimal, Decimal]]:
    return [(line.paid_amount, line.adjusted_amount) for line in claim.lines.order_by("line_number")]


def counts() -> tuple[int, int, int, int]:
    return (
        Remittance.objects.count(),
        ClaimPayment.objects.count(),
        LinePayment.objects.count(),
        Denial.objects.count(),
    )


def paid_with_write_down_and_patient_share(billed):
    """CO-45 contractual write-down on every line; PR-1 deductible, PR-2 coinsurance, PR-3 copay."""
    first, second, third = billed.lines
    return [
        line_answer(first, ("CO", "45", "20"), ("PR", "1", "10")),
        line_answer(second, ("CO", "45", "15"), ("PR", "2", "14")),
        line_answer(third, ("CO", "45", "10"), ("PR", "3", "5")),
    ]


def test_a_payment_with_write_downs_and_patient_share_pays_each_line_and_denies_nothing(sent, biller):
    claim, billed = sent
    answer = claim_answer(billed, paid_with_write_down_and_patient_share(billed), payer_claim_number="PCN1")
    before = counts()
    post(remittance_file([answer], trace="EFT1", on=timezone.localdate()), biller)
    claim.refresh_from_db()
    charges = [line.charge for line in billed.lines]
    assert line_money(claim) == [
        (charges[0] - 30, Decimal("30")),
        (charges[1] - 29, Decimal("29")),
        (charges[2] - 15, Decimal("15")),
    ]
    assert (claim.paid_amount, claim.status) == (sum(charges) - 74, Claim.Status.PAID)
    assert counts() == (before[0] + 1, before[1] + 1, before[2] + 3, before[3])


def test_the_same_payment_with_angle_bracket_separators_lands_the_same(sent, biller):
    claim, billed = sent
    answer = claim_answer(billed, paid_with_write_down_and_patient_share(billed), payer_claim_number="PCN1")
    post(remittance_file([answer], trace="EFT1", on=timezone.localdate(), component=">"), biller)
    claim.refresh_from_db()
    assert [lp.claim_line.line_number for lp in LinePayment.objects.order_by("id")] == [1, 2, 3]
    assert (claim.paid_amount, claim.status) == (answer.paid, Claim.Status.PAID)
    assert [p for p, _ in line_money(claim)] == [s.paid for s in answer.services]


def test_the_same_payment_resent_with_a_new_trace_is_not_posted_twice(sent, biller):
    claim, billed = sent
    answer = claim_answer(billed, paid_with_write_down_and_patient_share(billed), payer_claim_number="PCN1")
    post(remittance_file([answer], trace="EFT1", on=timezone.localdate()), biller)
    before, money = counts(), line_money(Claim.objects.get(pk=claim.pk))
    summary = post(remittance_file([answer], trace="EFT2-RESENT", on=timezone.localdate()), biller)
    claim.refresh_from_db()
    assert summary.duplicates == 1
    assert (claim.paid_amount, line_money(claim)) == (answer.paid, money)
    assert counts() == (before[0] + 1, before[1] + 1, before[2], before[3])
    duplicate = ClaimPayment.objects.get(remittance__trace_number="EFT2-RESENT")
    assert (duplicate.claim, duplicate.duplicate_of.remittance.trace_number) == (None, "EFT1")


def denied_as_not_necessary(billed):
    return [line_answer(line, ("CO", "50", str(line.charge))) for line in billed.lines]


def test_a_claim_denied_co_50_pays_nothing_and_opens_a_denial_per_line(sent, biller):
    claim, billed = sent
    before = counts()
    post(
        remittance_file(
            [claim_answer(billed, denied_as_not_necessary(billed), payer_claim_number="PCN1")],
            trace="EFT1",
            on=timezone.localdate(),
        ),
        biller,
    )
    claim.refresh_from_db()
    assert (claim.paid_amount, claim.status) == (Decimal("0"), Claim.Status.DENIED)
    assert line_money(claim) == [(Decimal("0"), line.charge) for line in billed.lines]
    assert sorted(Denial.objects.values_list("carc", "amount")) == sorted(("50", line.charge) for line in billed.lines)
    assert counts() == (before[0] + 1, before[1] + 1, before[2] + 3, before[3] + 3)


def test_a_reversal_and_correction_of_a_denial_resolve_it_and_win_its_appeal(sent, biller):
    claim, billed = sent
    today = timezone.localdate()
    denied = claim_answer(billed, denied_as_not_necessary(billed), payer_claim_number="PCN1")
    post(remittance_file([denied], trace="EFT1", on=today), biller)
    first = Denial.objects.get(claim_line__line_number=1)
    appeal = services.appeal_start(denial=first, by=biller)
    appeal = services.appeal_file(appeal=appeal, filed_on=today, by=biller)
    before = counts()

    corrected = claim_answer(billed, paid_with_write_down_and_patient_share(billed), payer_claim_number="PCN2")
    summary = post(remittance_file([reversal_of(denied), corrected], trace="EFT2", on=today), biller)

    claim.refresh_from_db()
    appeal.refresh_from_db()
    assert summary.reversed == 1
    assert (claim.paid_amount, claim.status) == (corrected.paid, Claim.Status.PAID)
    assert [p for p, _ in line_money(claim)] == [s.paid for s in corrected.services]
    assert [a for _, a in line_money(claim)] == [Decimal("30"), Decimal("29"), Decimal("15")]
    assert set(Denial.objects.values_list("status", flat=True)) == {Denial.Status.WON}
    assert (appeal.status, appeal.amount_recovered) == (Appeal.Status.OVERTURNED, corrected.services[0].paid)
    assert selectors.dashboard(today=today).amount_recovered == corrected.services[0].paid
    assert counts() == (before[0] + 1, before[1] + 2, before[2] + 6, before[3])


def test_a_provider_level_recovery_is_kept_and_the_deposit_reconciles(sent, biller):
    claim, billed = sent
    answer = claim_answer(billed, paid_with_write_down_and_patient_share(billed), payer_claim_number="PCN1")
    recovery = ProviderAdjustment("WO", "OVERPAID-2026-0007", Decimal("40"))
    post(remittance_file([answer], trace="EFT1", on=timezone.localdate(), plb=[recovery]), biller)
    remittance = Remittance.objects.get()
    reconciliation = selectors.remittance_reconciliation(remittance)
    claim.refresh_from_db()
    assert remittance.provider_adjustments == [{"reason": "WO", "reference": "OVERPAID-2026-0007", "amount": "40"}]
    assert (reconciliation.claim_payments, reconciliation.deposit, reconciliation.balanced) == (
        answer.paid,
        answer.paid - 40,
        True,
    )
    assert claim.paid_amount == answer.paid


def test_a_claim_split_across_two_claim_payments_pays_each_line_once(sent, biller):
    claim, billed = sent
    services_ = paid_with_write_down_and_patient_share(billed)
    part_one = claim_answer(billed, services_[:1], payer_claim_number="PCN1A")
    part_two = claim_answer(billed, services_[1:], payer_claim_number="PCN1B")
    before = counts()
    post(remittance_file([part_one, part_two], trace="EFT1", on=timezone.localdate()), biller)
    claim.refresh_from_db()
    assert [p for p, _ in line_money(claim)] == [s.paid for s in services_]
    assert (claim.paid_amount, claim.status) == (part_one.paid + part_two.paid, Claim.Status.PAID)
    assert counts() == (before[0] + 1, before[1] + 2, before[2] + 3, before[3])


def test_a_claim_paid_more_than_its_charge_is_paid_with_a_credit_balance_on_the_worklist(sent, biller):
    claim, billed = sent
    first, second, third = billed.lines
    overpaid = [
        line_answer(first, ("CO", "45", "-12.50")),  # a negative write-down: the payer paid above the charge
        line_answer(second),
        line_answer(third),
    ]
    answer = claim_answer(billed, overpaid, payer_claim_number="PCN1")
    post(remittance_file([answer], trace="EFT1", on=timezone.localdate()), biller)
    claim.refresh_from_db()
    assert (claim.paid_amount, claim.status) == (billed.charge + Decimal("12.50"), Claim.Status.PAID)
    [row] = selectors.credit_balance_claims()
    assert (row.pk, row.credit) == (claim.pk, Decimal("12.50"))
    html = biller_client(biller).get(reverse("appeals:credit_balance_list")).content.decode()
    assert "$12.50" in html


def biller_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_a_paid_replacement_claim_wins_the_denial_of_the_claim_it_replaced(biller):
    # A commercial claim: Medicare Part B corrects an adjudicated claim by reopening, not replacement.
    claim = ready_claim(by=biller, acp_minutes=50, payer=CommercialPayerFactory())
    [billed] = read_837p(billing.claims_export_837(claims=[claim], by=biller))
    claim = Claim.objects.get(pk=claim.pk)
    post(
        remittance_file(
            [claim_answer(billed, denied_as_not_necessary(billed), payer_claim_number="PCN1")],
            trace="EFT1",
            on=timezone.localdate(),
        ),
        biller,
    )
    replacement = billing.claim_build_replacement(claim=Claim.objects.get(pk=claim.pk), by=biller)
    replacement = billing.claim_mark_ready(claim=replacement, by=biller)
    [resent] = read_837p(billing.claims_export_837(claims=[replacement], by=biller))
    assert [line.control_number for line in resent.lines] == [
        f"{replacement.patient_control_number}-{n}" for n in (1, 2, 3)
    ]
    paid = claim_answer(resent, paid_with_write_down_and_patient_share(resent), payer_claim_number="PCN2")
    post(remittance_file([paid], trace="EFT2", on=timezone.localdate()), biller)
    replacement.refresh_from_db()
    assert (replacement.paid_amount, replacement.status) == (paid.paid, Claim.Status.PAID)
    assert set(Denial.objects.filter(claim=claim).values_list("status", flat=True)) == {Denial.Status.WON}
    assert Claim.objects.get(pk=claim.pk).paid_amount == 0
