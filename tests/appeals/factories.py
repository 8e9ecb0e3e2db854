"""Appeals factories, on top of tests/factories.py and tests/billing/factories.py."""

from datetime import date
from decimal import Decimal

import factory

from appeals import deadlines, rules, services
from appeals.models import Appeal, ClaimPayment, Denial, Remittance
from billing.models import Claim
from palliative.models import Role

from ..billing.factories import ClaimFactory, ClaimLineFactory
from ..factories import CommercialPayerFactory, CoverageFactory, PayerFactory, UserFactory

DOS = date(2026, 10, 14)


def submitted_claim(pcn: str, lines, *, payer=None, dos: date = DOS) -> Claim:
    """A submitted claim with `lines` as (code, modifiers, charge[, date of service])."""
    coverage = CoverageFactory(payer=payer or PayerFactory())
    claim = ClaimFactory(
        coverage=coverage, patient=coverage.patient, patient_control_number=pcn, status=Claim.Status.SUBMITTED
    )
    for number, line in enumerate(lines, start=1):
        code, modifiers, charge, *rest = line
        ClaimLineFactory(
            claim=claim,
            line_number=number,
            procedure_code=code,
            modifiers=list(modifiers),
            charge=Decimal(charge),
            date_of_service=rest[0] if rest else dos,
        )
    return claim


def medicare_file_claims() -> dict[str, Claim]:
    """The claims tests/appeals/x12/835-medicare-denials.x12 pays (all but its unknown ZZ99999999)."""
    medicare = PayerFactory(payer_id="12502")
    return {
        pcn: submitted_claim(pcn, lines, payer=medicare)
        for pcn, lines in {
            "RB00000101": [("99497", ["33"], "85")],
            "RB00000102": [("99215", ["25"], "190"), ("99497", [], "85")],
            "RB00000103": [("99215", [], "190")],
            "RB00000104": [("99214", [], "150", date(2025, 9, 2))],
            "RB00000105": [("99497", ["GV", "33"], "85"), ("99498", ["GV"], "75")],
            "RB00000106": [("99214", [], "150")],
            "RB00000107": [("99215", ["GV", "25"], "190")],
        }.items()
    }


def commercial_file_claims() -> dict[str, Claim]:
    aetna = CommercialPayerFactory()
    dos = date(2026, 10, 21)
    return {
        pcn: submitted_claim(pcn, lines, payer=aetna, dos=dos)
        for pcn, lines in {
            "RB00000201": [("99215", [], "190")],
            "RB00000202": [("99214", [], "150")],
            "RB00000203": [("99215", ["25"], "190"), ("99497", [], "85")],
        }.items()
    }


class RemittanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Remittance

    source = Remittance.Source.X12_835
    payer = factory.SubFactory(PayerFactory)
    payer_name = factory.SelfAttribute("payer.name")
    trace_number = factory.Sequence(lambda n: f"TRACE{n:06d}")
    payer_reference = "1512345678"
    payment_amount = Decimal("0")
    notice_date = DOS


class ClaimPaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimPayment

    remittance = factory.SubFactory(RemittanceFactory)
    # Denied whole at claim level: the 190 charged is all adjusted (835 CLP02 4, claim CAS).
    claim = factory.SubFactory(ClaimFactory, status=Claim.Status.DENIED, adjusted_amount=Decimal("190"))
    patient_control_number = factory.SelfAttribute("claim.patient_control_number")
    status_code = "4"
    charge = Decimal("190")
    paid = Decimal("0")


class DenialFactory(factory.django.DjangoModelFactory):
    """An open CO-50 medical-necessity denial on a denied Medicare claim."""

    class Meta:
        model = Denial

    status = Denial.Status.OPEN
    claim_payment = factory.SubFactory(ClaimPaymentFactory)
    claim = factory.SelfAttribute("claim_payment.claim")
    payer = factory.LazyAttribute(lambda d: d.claim.coverage.payer)
    notice_date = DOS
    group_code = "CO"
    carc = "50"
    rarcs = factory.LazyFunction(lambda: ["N115"])
    amount = Decimal("190.00")
    category = "medical_necessity"
    route = "appeal_with_lmn"
    appeal_deadline = factory.LazyAttribute(
        lambda d: deadlines.filing_deadline(
            d.payer.payer_type, deadlines.first_level(d.payer.payer_type), d.notice_date
        )
    )
    # as the 835 import sets it; an appeal made by AppealFactory refreshes it as the services do
    next_due = factory.LazyAttribute(
        lambda d: rules.denial_next_due(status=d.status, appeal_deadline=d.appeal_deadline)
    )


class AppealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appeal
        skip_postgeneration_save = True

    denial = factory.SubFactory(DenialFactory, status=Denial.Status.APPEALING)
    level = "redetermination"
    notice_date = DOS
    deadline = factory.LazyAttribute(lambda a: deadlines.filing_deadline("medicare", a.level, a.notice_date))
    amount_in_controversy = factory.SelfAttribute("denial.amount")
    created_by = factory.SubFactory(UserFactory, username="staff.billing", role=Role.BILLING)

    @factory.post_generation
    def next_due(appeal, create, extracted, **kwargs):
        if create:
            services.denials_next_due_refresh(denial_ids=[appeal.denial_id])
