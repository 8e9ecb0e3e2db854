"""A payer for tests: reads the 837P the app exported and answers it with an 835 the way real
payers write them (line control numbers echoed, CAS by group, reversals, PLB)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from appeals import x835
from appeals.x835 import Adjustment, ClaimPayment, ProviderAdjustment, Remittance, ServicePayment


@dataclass
class Billed:
    code: str
    modifiers: list[str]
    charge: Decimal
    units: Decimal
    date_of_service: date | None
    control_number: str


@dataclass
class BilledClaim:
    patient_control_number: str
    charge: Decimal
    lines: list[Billed]


def read_837p(text: str) -> list[BilledClaim]:
    claims: list[BilledClaim] = []
    for raw in text.split("~"):
        elements = raw.strip().split("*")
        if elements[0] == "CLM":
            claims.append(BilledClaim(elements[1], Decimal(elements[2]), []))
        elif elements[0] == "SV1":
            _, code, *modifiers = elements[1].split(":")
            claims[-1].lines.append(Billed(code, modifiers, Decimal(elements[2]), Decimal(elements[4]), None, ""))
        elif elements[0] == "DTP" and elements[1] == "472":
            day = elements[3]
            claims[-1].lines[-1].date_of_service = date(int(day[:4]), int(day[4:6]), int(day[6:8]))
        elif elements[0] == "REF" and elements[1] == "6R":
            claims[-1].lines[-1].control_number = elements[2]
    return claims


def line_answer(billed: Billed, *adjustments: tuple[str, str, str]) -> ServicePayment:
    """The payer's answer to one line: what it did not pay is each (group, reason, amount)."""
    cas = [Adjustment(group, reason, Decimal(amount)) for group, reason, amount in adjustments]
    return ServicePayment(
        procedure_code=billed.code,
        modifiers=list(billed.modifiers),
        charge=billed.charge,
        paid=billed.charge - sum((a.amount for a in cas), Decimal("0")),
        units=billed.units,
        date_of_service=billed.date_of_service,
        adjustments=cas,
        control_number=billed.control_number,
    )


def claim_answer(billed: BilledClaim, services: list[ServicePayment], *, payer_claim_number: str, status: str = "1"):
    paid = sum((s.paid for s in services), Decimal("0"))
    charge = sum((s.charge for s in services), Decimal("0"))
    patient = sum((a.amount for s in services for a in s.adjustments if a.group == "PR"), Decimal("0"))
    if status == "1" and paid == 0:
        status = "4"
    return ClaimPayment(
        patient_control_number=billed.patient_control_number,
        status_code=status,
        charge=charge,
        paid=paid,
        patient_responsibility=patient,
        payer_claim_number=payer_claim_number,
        services=services,
    )


def reversal_of(answer: ClaimPayment) -> ClaimPayment:
    """CLP02 = 22: every amount and adjustment of the original answer, negated."""

    def negated(service: ServicePayment) -> ServicePayment:
        return ServicePayment(
            procedure_code=service.procedure_code,
            modifiers=service.modifiers,
            charge=-service.charge,
            paid=-service.paid,
            units=service.units,
            date_of_service=service.date_of_service,
            adjustments=[Adjustment(a.group, a.reason, -a.amount) for a in service.adjustments],
            control_number=service.control_number,
        )

    return ClaimPayment(
        patient_control_number=answer.patient_control_number,
        status_code="22",
        charge=-answer.charge,
        paid=-answer.paid,
        patient_responsibility=-answer.patient_responsibility,
        payer_claim_number=answer.payer_claim_number,
        services=[negated(s) for s in answer.services],
    )


def remittance_file(
    claims: list[ClaimPayment],
    *,
    trace: str,
    on: date,
    plb: list[ProviderAdjustment] | None = None,
    component: str = ":",
    control_number: int = 1,
) -> str:
    plb = plb or []
    paid = sum((c.paid for c in claims), Decimal("0")) - sum((a.amount for a in plb), Decimal("0"))
    remittance = Remittance(
        payer_name="Medicare Part B",
        trace_number=trace,
        payer_reference="1512345678",
        payment_amount=paid,
        payment_method="ACH" if paid else "NON",
        payment_date=on,
        production_date=on,
        payer_id="12502",
        provider_adjustments=plb,
        claims=claims,
    )
    return x835.build_835(remittance, component=component, control_number=control_number)
