"""Posting remittances (835 files and paper) on billing's claims, and the denials they carry.

Each claim's money goes to billing (`claim_post_payment`), which moves the claim; every
denied line becomes a `Denial` with its first appeal deadline.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from billing.models import Claim, ClaimLine
from billing.services import LinePosting, claim_post_payment
from palliative.models import Payer, User

from .. import carc, deadlines, rules, selectors, x835
from ..errors import AppealError
from ..models import ClaimPayment, Denial, LinePayment, Remittance

log = logging.getLogger(__name__)
ZERO = Decimal("0")


@dataclass
class ImportSummary:
    file_name: str
    matched: int = 0
    paid: int = 0
    denied: int = 0
    unmatched: int = 0
    already_imported: int = 0
    remittances: list[Remittance] = field(default_factory=list)

    def line(self) -> str:
        text = f"{self.file_name}: matched {self.matched}, paid {self.paid}, denied {self.denied}, unmatched {self.unmatched}"
        if self.already_imported:
            text += f" (already imported: {self.already_imported} payment(s) skipped)"
        return text


def remittance_import_835(
    *, text: str, file_name: str, by: User | None = None, received_date: date | None = None
) -> ImportSummary:
    """Post every payment in an 835 file, all or nothing.

    A payment already imported (same payer reference and trace number) is skipped, so importing
    a file twice changes nothing. A malformed file raises `x835.RemittanceFileError` naming the
    segment and the reason, before anything is written.
    """
    payments = x835.parse_835(text)
    digest = hashlib.sha256(text.encode()).hexdigest()
    summary = ImportSummary(file_name=file_name)
    try:
        with transaction.atomic():
            for payment in payments:
                seen = Remittance.objects.filter(
                    source=Remittance.Source.X12_835,
                    payer_reference=payment.payer_reference,
                    trace_number=payment.trace_number,
                ).exists()
                if seen:
                    summary.already_imported += 1
                    continue
                _post(
                    payment,
                    summary=summary,
                    source=Remittance.Source.X12_835,
                    file_name=file_name,
                    digest=digest,
                    notice_date=payment.production_date or payment.payment_date or timezone.localdate(),
                    received_date=received_date,
                    notes="",
                    by=by,
                )
    except IntegrityError:
        # Another import of the same payment won the race; this one changed nothing.
        summary = ImportSummary(file_name=file_name, already_imported=len(payments))
    log.info("835 %s imported: %s", digest[:12], summary.line().split(": ", 1)[1])
    return summary


@dataclass
class PaperLine:
    claim_line: ClaimLine
    paid: Decimal
    group: str = ""
    reason: str = ""
    remarks: list[str] = field(default_factory=list)


@transaction.atomic
def remittance_enter_paper(
    *,
    claim: Claim,
    payer: Payer,
    trace_number: str,
    payment_date: date,
    notice_date: date,
    lines: list[PaperLine],
    by: User,
    received_date: date | None = None,
    origin: str = "",
    notes: str = "",
) -> Remittance:
    """Post a paper remittance typed in by a biller, through the same posting as an 835.

    For each line, what the payer did not pay is one adjustment with the group and reason the
    clerk read off the paper (e.g. CO-45 for the contract write-down, CO-50 for a denial).
    """
    services = []
    for line in lines:
        if line.paid < 0:
            raise AppealError(f"Line {line.claim_line.line_number}: the amount paid cannot be negative.")
        if line.paid > line.claim_line.charge:
            raise AppealError(
                f"Line {line.claim_line.line_number}: paid {line.paid} is more than the charge {line.claim_line.charge}."
            )
        adjusted = line.claim_line.charge - line.paid
        if adjusted and not (line.group and line.reason):
            raise AppealError(
                f"Line {line.claim_line.line_number}: the payer paid {adjusted} less than the charge; "
                "enter the group and reason code printed on the remittance (for example CO 45)."
            )
        services.append(
            x835.ServicePayment(
                procedure_code=line.claim_line.procedure_code,
                modifiers=list(line.claim_line.modifiers),
                charge=line.claim_line.charge,
                paid=line.paid,
                units=Decimal(line.claim_line.units),
                date_of_service=line.claim_line.date_of_service,
                adjustments=[x835.Adjustment(line.group, carc.normalize(line.reason), adjusted)] if adjusted else [],
                remarks=[carc.normalize(r) for r in line.remarks if r.strip()],
            )
        )
    paid = sum((s.paid for s in services), ZERO)
    payment = x835.Remittance(
        payer_name=payer.name,
        trace_number=trace_number,
        payer_reference="",
        payment_amount=paid,
        payment_method="CHK",
        payment_date=payment_date,
        payer_id=payer.payer_id,
        claims=[
            x835.ClaimPayment(
                patient_control_number=claim.patient_control_number or "",
                status_code="4" if paid == 0 and services and all(s.adjustments for s in services) else "1",
                charge=sum((s.charge for s in services), ZERO),
                paid=paid,
                patient_responsibility=sum(
                    (a.amount for s in services for a in s.adjustments if a.group == "PR"), ZERO
                ),
                payer_claim_number=claim.payer_claim_number,
                services=services,
            )
        ],
    )
    summary = ImportSummary(file_name="")
    _post(
        payment,
        summary=summary,
        source=Remittance.Source.PAPER,
        file_name="",
        digest="",
        notice_date=notice_date,
        received_date=received_date,
        notes=notes,
        by=by,
        payer=payer,
        origin=origin,
    )
    if summary.unmatched:
        raise AppealError(
            f"Claim {claim} cannot take a payment: {summary.remittances[0].claim_payments.get().unmatched_reason}"
        )
    return summary.remittances[0]


def _post(
    payment: x835.Remittance,
    *,
    summary,
    source,
    file_name,
    digest,
    notice_date,
    received_date,
    notes,
    by,
    payer=None,
    origin="",
):
    remittance = Remittance.objects.create(
        source=source,
        payer=payer or selectors.payer_for_remittance(payment),
        payer_name=payment.payer_name,
        trace_number=payment.trace_number,
        payer_reference=payment.payer_reference,
        payment_amount=payment.payment_amount,
        payment_method=payment.payment_method[:3],
        payment_date=payment.payment_date,
        notice_date=notice_date,
        received_date=received_date,
        file_name=file_name[:200],
        content_sha256=digest,
        origin=origin,
        notes=notes,
        posted_by=by,
    )
    summary.remittances.append(remittance)
    numbers = [c.patient_control_number for c in payment.claims]
    claims = {
        c.patient_control_number: c
        for c in Claim.objects.select_for_update(of=("self",))
        .filter(patient_control_number__in=numbers)
        .select_related("coverage__payer")
    }
    for data in payment.claims:
        claim = claims.get(data.patient_control_number)
        reason = ""
        if claim is None:
            reason = "No claim of ours carries this patient control number."
        elif not claim.is_sent:
            reason = f"Claim {claim} is {claim.get_status_display().lower()}, so it cannot take a payment."
        elif not (claim.coverage_id or remittance.payer_id):
            reason = f"Claim {claim} has no insurance and the payer {payment.payer_name!r} is not set up."
        claim_payment = ClaimPayment.objects.create(
            remittance=remittance,
            claim=None if reason else claim,
            patient_control_number=data.patient_control_number,
            status_code=data.status_code,
            charge=data.charge,
            paid=data.paid,
            patient_responsibility=data.patient_responsibility,
            payer_claim_number=data.payer_claim_number,
            adjustments=[_adjustment_json(a) for a in data.adjustments],
            remarks=data.remarks,
            unmatched_reason=reason,
        )
        if reason:
            summary.unmatched += 1
            continue
        summary.matched += 1
        denials = _post_claim(claim, data, claim_payment=claim_payment, remittance=remittance, by=by)
        summary.paid += data.paid > 0
        summary.denied += bool(denials)
    return remittance


def _adjustment_json(adjustment: x835.Adjustment) -> dict:
    return {"group": adjustment.group, "reason": adjustment.reason, "amount": str(adjustment.amount)}


def _post_claim(claim: Claim, data: x835.ClaimPayment, *, claim_payment, remittance, by) -> list[Denial]:
    lines = {line.pk: line for line in claim.lines.all()}
    billed = [
        rules.BilledLine(line.pk, line.procedure_code, tuple(line.modifiers), line.date_of_service, line.units)
        for line in lines.values()
    ]
    payer = claim.coverage.payer if claim.coverage_id else remittance.payer
    created, taken, postings = [], set(), []
    deny = partial(_denial_from, claim=claim, claim_payment=claim_payment, payer=payer, remittance=remittance, by=by)
    # What the payer adjusted on a service line we could not match counts on the claim as a whole.
    unmatched_adjusted = ZERO
    for service in data.services:
        code = service.submitted_code or service.procedure_code
        modifiers = service.submitted_modifiers if service.submitted_code else service.modifiers
        key = rules.match_service_line(
            procedure_code=code,
            modifiers=modifiers,
            date_of_service=service.date_of_service,
            billed=billed,
            taken=taken,
        )
        line = lines.get(key)
        line_payment = LinePayment.objects.create(
            claim_payment=claim_payment,
            claim_line=line,
            procedure_code=service.procedure_code,
            modifiers=service.modifiers,
            date_of_service=service.date_of_service,
            charge=service.charge,
            paid=service.paid,
            units=service.units,
            adjustments=[_adjustment_json(a) for a in service.adjustments],
            remarks=service.remarks,
        )
        if line is not None:
            taken.add(key)
            postings.append(LinePosting(line=line, paid=service.paid, adjusted=_total(service.adjustments)))
        else:
            unmatched_adjusted += _total(service.adjustments)
        created.append(
            deny(
                service.adjustments,
                remarks=[*service.remarks, *data.remarks],
                claim_line=line,
                line_payment=line_payment,
            )
        )
    created.append(deny(data.adjustments, remarks=data.remarks, claim_line=None, line_payment=None))
    claim_post_payment(
        claim=claim,
        lines=postings,
        claim_paid=data.paid,
        claim_adjusted=_total(data.adjustments) + unmatched_adjusted,
        payer_claim_number=data.payer_claim_number,
        by=by,
        note=f"Remittance {remittance.trace_number} posted.",
    )
    return [denial for denial in created if denial]


def _total(adjustments) -> Decimal:
    return sum((a.amount for a in adjustments), ZERO)


def _denial_from(adjustments, *, remarks, claim, claim_line, claim_payment, line_payment, payer, remittance, by):
    denied = [a for a in adjustments if carc.is_denial(a.group, a.reason)]
    if not denied:
        return None
    primary = max(denied, key=lambda a: a.amount)
    route = carc.denial_route(primary.reason, remarks)
    denial = Denial.objects.create(
        claim=claim,
        claim_line=claim_line,
        claim_payment=claim_payment,
        line_payment=line_payment,
        payer=payer,
        notice_date=remittance.notice_date,
        received_date=remittance.received_date,
        group_code=primary.group,
        carc=carc.normalize(primary.reason),
        rarcs=list(dict.fromkeys(carc.normalize(r) for r in remarks if r)),
        amount=sum((a.amount for a in denied), ZERO),
        category=carc.denial_category(primary.reason),
        route=route,
        appeal_deadline=_first_deadline(payer, route, remittance.notice_date, remittance.received_date),
    )
    denial.record_created(by=by, note=f"From remittance {remittance.trace_number}.")
    return denial


def _first_deadline(payer: Payer, route: str, notice_date: date, received_date: date | None) -> date | None:
    if not carc.route_allows_appeal(route):
        return None
    level = deadlines.first_level(payer.payer_type)
    return deadlines.filing_deadline(
        payer.payer_type, level, notice_date, received_date, payer_window_days=selectors.payer_window_days(payer, level)
    )
