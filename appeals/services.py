"""Writes for denials and appeals: keyword-only `<entity>_<action>` functions.

Remittances hand each claim's money to billing (`claim_post_payment`), and every change in a
denial or an appeal asks billing to settle the claim (`claim_settle`): billing alone moves a
claim's status and money. Denials and appeals move only through `transition_to`.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from billing.models import Claim, ClaimLine
from billing.services import LinePosting, claim_build_replacement, claim_post_payment, claim_settle
from letters import services as letters
from letters.models import Letter, LMNRequest
from palliative import rules as core_rules
from palliative.errors import DomainError
from palliative.models import Encounter, Payer, Role, User
from palliative.services import notification_send

from . import carc, deadlines, rules, x835
from .models import Appeal, ClaimPayment, Denial, LinePayment, PayerAppealWindow, Remittance

log = logging.getLogger(__name__)
ZERO = Decimal("0")


class AppealError(DomainError):
    """A request the rules refuse, worded for the billing clerk."""


# --- Remittances -------------------------------------------------------------------------------


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


def _payer_for(payment: x835.Remittance) -> Payer | None:
    if payment.payer_id:
        found = Payer.objects.filter(payer_id=payment.payer_id).first()
        if found:
            return found
    return Payer.objects.filter(name__iexact=payment.payer_name).first()


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
        payer=payer or _payer_for(payment),
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
        denial = _denial_from(
            service.adjustments,
            remarks=[*service.remarks, *data.remarks],
            claim=claim,
            claim_line=line,
            claim_payment=claim_payment,
            line_payment=line_payment,
            payer=payer,
            remittance=remittance,
            by=by,
        )
        if denial:
            created.append(denial)
    claim_level = _denial_from(
        data.adjustments,
        remarks=data.remarks,
        claim=claim,
        claim_line=None,
        claim_payment=claim_payment,
        line_payment=None,
        payer=payer,
        remittance=remittance,
        by=by,
    )
    if claim_level:
        created.append(claim_level)
    claim_post_payment(
        claim=claim,
        lines=postings,
        claim_paid=data.paid,
        claim_adjusted=_total(data.adjustments) + unmatched_adjusted,
        payer_claim_number=data.payer_claim_number,
        by=by,
        note=f"Remittance {remittance.trace_number} posted.",
    )
    return created


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


def _window_days(payer: Payer, level: str) -> int | None:
    window = PayerAppealWindow.objects.filter(payer=payer, level=level).first()
    return window.days if window else None


def _first_deadline(payer: Payer, route: str, notice_date: date, received_date: date | None) -> date | None:
    if not carc.route_allows_appeal(route):
        return None
    level = deadlines.first_level(payer.payer_type)
    return deadlines.filing_deadline(
        payer.payer_type, level, notice_date, received_date, payer_window_days=_window_days(payer, level)
    )


# --- Denials ---------------------------------------------------------------------------------


def denial_assign(*, denial: Denial, owner: User | None, by: User) -> Denial:
    if owner is not None and not owner.has_role(Role.BILLING, Role.ADMIN):
        raise AppealError(f"{owner} is not on the billing team.")
    Denial.objects.filter(pk=denial.pk).update(owner=owner)
    denial.owner = owner
    return denial


@transaction.atomic
def denial_write_off(*, denial: Denial, by: User, note: str = "") -> Denial:
    denial = Denial.objects.select_for_update().get(pk=denial.pk)
    if denial.appeals.filter(status__in=[Appeal.Status.DRAFTING, Appeal.Status.FILED]).exists():
        raise AppealError("Withdraw or finish the open appeal before writing this denial off.")
    denial.transition_to(Denial.Status.WRITTEN_OFF, by=by, note=note or "Written off.")
    _claim_settle(denial, by=by)
    return denial


@transaction.atomic
def denial_reopen(*, denial: Denial, by: User, note: str = "") -> Denial:
    denial = Denial.objects.select_for_update().get(pk=denial.pk)
    denial.transition_to(Denial.Status.OPEN, by=by, note=note or "Reopened.")
    _claim_settle(denial, by=by)
    return denial


@transaction.atomic
def denial_send_corrected_claim(*, denial: Denial, by: User) -> Claim:
    """The replacement claim (frequency 7) billing builds from the denied one; the denial is
    resolved by the correction, not by an appeal."""
    denial = Denial.objects.select_for_update().get(pk=denial.pk)
    if denial.route != carc.CORRECTED_CLAIM:
        raise AppealError(f"{denial.code} is corrected by an appeal, not a replacement claim.")
    replacement = claim_build_replacement(claim=denial.claim, by=by)
    denial.transition_to(Denial.Status.CORRECTED, by=by, note=f"Replacement claim {replacement} started.")
    _claim_settle(denial, by=by)
    return replacement


@transaction.atomic
def denial_request_exception(*, denial: Denial, reason: str, by: User, note: str = "") -> Denial:
    """Record which 42 CFR 424.44(b) exception the team is pursuing for a timely-filing denial."""
    denial = Denial.objects.select_for_update().get(pk=denial.pk)
    allowed = dict(denial.exceptions)
    if reason not in allowed:
        raise AppealError("Only the documented timely-filing exceptions (42 CFR 424.44(b)) apply to this denial.")
    denial.exception_reason = reason
    denial.notes = "\n".join(filter(None, [denial.notes, f"Exception requested: {allowed[reason]}. {note}".strip()]))
    denial.save(update_fields=["exception_reason", "notes"])
    return denial


@transaction.atomic
def denial_record_exception_granted(*, denial: Denial, by: User) -> Denial:
    denial = Denial.objects.select_for_update().get(pk=denial.pk)
    if not denial.exception_reason:
        raise AppealError("Record which exception was requested first.")
    denial.transition_to(Denial.Status.WON, by=by, note="Timely-filing exception granted.")
    _claim_settle(denial, by=by)
    return denial


def _claim_settle(denial: Denial, *, by, note: str = "") -> None:
    """Billing moves the claim to where its money and denials now put it."""
    claim_settle(claim=denial.claim, by=by, note=note or f"Denial #{denial.pk} {denial.get_status_display().lower()}.")


# --- Appeals ---------------------------------------------------------------------------------


def _deadline_for(*, denial: Denial, level: str, notice_date: date, received_date, notice_deadline) -> date:
    return deadlines.filing_deadline(
        denial.payer.payer_type,
        level,
        notice_date,
        received_date,
        notice_deadline=notice_deadline,
        payer_window_days=_window_days(denial.payer, level),
    )


@transaction.atomic
def appeal_start(
    *,
    denial: Denial,
    by: User,
    expedited: bool = False,
    notice_deadline: date | None = None,
) -> Appeal:
    """Open a first-level appeal (drafting) on a denial that can be appealed."""
    denial = Denial.objects.select_for_update().select_related("payer", "claim").get(pk=denial.pk)
    if not denial.can_be_appealed:
        raise AppealError(f"{denial.code} cannot be appealed: {carc.ROUTES[denial.route].lower()}.")
    if denial.appeals.exclude(status=Appeal.Status.WITHDRAWN).exists():
        raise AppealError("This denial already has an appeal; escalate it instead of starting another.")
    level = deadlines.first_level(denial.payer.payer_type)
    if expedited and not deadlines.expedited_available(denial.payer.payer_type, level):
        raise AppealError(f"{denial.payer.get_payer_type_display()} claim appeals have no expedited review.")
    appeal = Appeal.objects.create(
        denial=denial,
        level=level,
        expedited=expedited,
        notice_date=denial.notice_date,
        received_date=denial.received_date,
        notice_deadline=notice_deadline,
        deadline=_deadline_for(
            denial=denial,
            level=level,
            notice_date=denial.notice_date,
            received_date=denial.received_date,
            notice_deadline=notice_deadline,
        ),
        amount_in_controversy=denial.amount,
        owner=denial.owner or by,
        created_by=by,
    )
    appeal.record_created(by=by, note=f"{appeal.get_level_display()} due by {appeal.deadline:%m/%d/%Y}.")
    denial.transition_to(Denial.Status.APPEALING, by=by, note=f"Appeal #{appeal.pk} started.")
    _claim_settle(denial, by=by, note=f"Appeal #{appeal.pk} of denial #{denial.pk}.")
    return appeal


@transaction.atomic
def appeal_file(*, appeal: Appeal, filed_on: date, by: User, reference: str = "", today: date | None = None) -> Appeal:
    appeal = Appeal.objects.select_for_update().select_related("denial__payer").get(pk=appeal.pk)
    today = today or timezone.localdate()
    if appeal.status != Appeal.Status.DRAFTING:
        raise AppealError(f"Appeal #{appeal.pk} is {appeal.get_status_display().lower()}; it is filed only once.")
    if filed_on > today:
        raise AppealError("The filing date cannot be in the future.")
    if filed_on < appeal.notice_date:
        raise AppealError("An appeal cannot be filed before the notice it answers.")
    letter = getattr(appeal, "letter", None)
    if letter is not None and not letter.is_signed:
        raise AppealError("The appeal letter must be signed by the provider before the appeal is filed.")
    payer_type = appeal.denial.payer.payer_type
    threshold_ok = deadlines.aic_met(payer_type, appeal.level, appeal.amount_in_controversy, filed_on)
    if not threshold_ok:
        raise AppealError(
            f"The amount in controversy ${appeal.amount_in_controversy} is below the "
            f"${deadlines.aic_threshold(appeal.level, filed_on)} needed for {appeal.get_level_display()} on {filed_on:%m/%d/%Y}."
        )
    appeal.filed_on = filed_on
    appeal.reference = reference
    appeal.decision_due = deadlines.decision_due(payer_type, appeal.level, filed_on, expedited=appeal.expedited)
    late = "" if deadlines.is_timely(appeal.deadline, filed_on) else f" after the {appeal.deadline:%m/%d/%Y} deadline"
    appeal.transition_to(Appeal.Status.FILED, by=by, note=f"Filed {filed_on:%m/%d/%Y}{late}.")
    return appeal


@transaction.atomic
def appeal_decide(
    *, appeal: Appeal, outcome: str, decided_on: date, amount_recovered: Decimal, by: User, note: str = ""
) -> Appeal:
    """Record the reviewer's decision; the denial is won (overturned, partly) or lost (upheld)."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != Appeal.Status.FILED:
        raise AppealError(
            f"Appeal #{appeal.pk} is {appeal.get_status_display().lower()}: only a filed appeal awaits a decision."
        )
    if outcome not in Appeal.OUTCOMES:
        raise AppealError("Choose overturned, partially overturned or upheld.")
    if appeal.filed_on and decided_on < appeal.filed_on:
        raise AppealError("The decision cannot come before the appeal was filed.")
    if amount_recovered < 0:
        raise AppealError("The amount recovered cannot be negative.")
    if outcome == Appeal.Status.UPHELD and amount_recovered:
        raise AppealError("An upheld denial recovers nothing; choose partially overturned.")
    if outcome != Appeal.Status.UPHELD and amount_recovered > appeal.amount_in_controversy:
        raise AppealError(f"More than the ${appeal.amount_in_controversy} in dispute cannot be recovered.")
    appeal.decided_on = decided_on
    appeal.amount_recovered = amount_recovered
    appeal.transition_to(outcome, by=by, note=note)
    denial = Denial.objects.select_for_update().get(pk=appeal.denial_id)
    won = outcome != Appeal.Status.UPHELD
    denial.transition_to(
        Denial.Status.WON if won else Denial.Status.LOST,
        by=by,
        note=f"Appeal #{appeal.pk}: {appeal.get_status_display()}.",
    )
    _claim_settle(denial, by=by, note=f"Appeal #{appeal.pk} decided.")
    return appeal


@transaction.atomic
def appeal_withdraw(*, appeal: Appeal, by: User, note: str = "") -> Appeal:
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    appeal.transition_to(Appeal.Status.WITHDRAWN, by=by, note=note or "Withdrawn.")
    denial = Denial.objects.select_for_update().get(pk=appeal.denial_id)
    if denial.status == Denial.Status.APPEALING:
        denial.transition_to(Denial.Status.OPEN, by=by, note=f"Appeal #{appeal.pk} withdrawn.")
        _claim_settle(denial, by=by)
    return appeal


@transaction.atomic
def appeal_escalate(
    *,
    appeal: Appeal,
    by: User,
    received_date: date | None = None,
    notice_deadline: date | None = None,
    today: date | None = None,
) -> Appeal:
    """Take a partly or wholly upheld appeal to the next level, with its own deadline.

    The next level counts from the decision notice; Medicare's ALJ and federal court levels need
    the amount still in controversy to reach the threshold in force on the day (42 CFR 405.1006).
    """
    appeal = Appeal.objects.select_for_update().select_related("denial__payer").get(pk=appeal.pk)
    today = today or timezone.localdate()
    if appeal.status not in Appeal.ESCALATABLE:
        raise AppealError("Only an upheld or partly overturned appeal can go to the next level.")
    if Appeal.objects.filter(previous=appeal).exists():
        raise AppealError("This appeal has already been taken to the next level.")
    denial = appeal.denial
    level = deadlines.next_level(denial.payer.payer_type, appeal.level)
    if level is None:
        raise AppealError(f"{appeal.get_level_display()} is the last level of appeal.")
    remaining = deadlines.amount_in_controversy(billed=appeal.amount_in_controversy, paid=appeal.amount_recovered)
    if not deadlines.aic_met(denial.payer.payer_type, level, remaining, today):
        threshold = deadlines.aic_threshold(level, today)
        raise AppealError(
            f"${remaining} is still in dispute; {deadlines.LEVEL_LABELS[level]} needs at least ${threshold} "
            f"({today.year} threshold)."
        )
    deadline = _deadline_for(
        denial=denial,
        level=level,
        notice_date=appeal.decided_on,
        received_date=received_date,
        notice_deadline=notice_deadline,
    )
    escalation = Appeal.objects.create(
        denial=denial,
        level=level,
        expedited=appeal.expedited and deadlines.expedited_available(denial.payer.payer_type, level),
        previous=appeal,
        notice_date=appeal.decided_on,
        received_date=received_date,
        notice_deadline=notice_deadline,
        deadline=deadline,
        amount_in_controversy=remaining,
        owner=appeal.owner or by,
        created_by=by,
    )
    escalation.record_created(by=by, note=f"Escalated from appeal #{appeal.pk}; due by {deadline:%m/%d/%Y}.")
    denial = Denial.objects.select_for_update().get(pk=denial.pk)
    denial.transition_to(Denial.Status.APPEALING, by=by, note=f"Escalated to {escalation.get_level_display()}.")
    _claim_settle(denial, by=by, note=f"Appeal #{escalation.pk} (next level).")
    return escalation


# --- Reminders -------------------------------------------------------------------------------


def _recipients(owner: User | None) -> list[User]:
    if owner is not None and owner.is_active:
        return [owner]
    return list(User.objects.filter(is_active=True, groups__name=Role.BILLING).distinct())


def appeal_deadline_reminders_send(*, today: date) -> int:
    """Remind 14, 7, 3 and 1 days before each filing deadline: appeals being drafted, and
    appealable denials with no appeal yet. One notification per record, level and offset
    (the key), so reruns and catch-up after a missed day send each reminder once."""
    sent = 0
    horizon = today + timedelta(days=max(deadlines.REMINDER_OFFSETS))
    drafting = Appeal.objects.filter(
        status=Appeal.Status.DRAFTING, deadline__gte=today, deadline__lte=horizon
    ).select_related("owner")
    for appeal in drafting:
        offset = deadlines.reminder_offset_due(appeal.deadline, today)
        if offset is None:
            continue
        for user in _recipients(appeal.owner):
            notification_send(
                recipient=user,
                kind="appeal_deadline",
                key=f"appeal:{appeal.pk}:{appeal.level}:due-in-{offset}:user:{user.pk}",
                subject=f"Appeal #{appeal.pk} must be filed within {offset} day(s) (by {appeal.deadline:%m/%d/%Y})",
                body=f"Appeal #{appeal.pk} ({appeal.get_level_display()}) is still being drafted.",
                url=reverse("appeals:appeal_detail", args=[appeal.pk]),
                about=appeal,
            )
            sent += 1
    # An open denial has no appeal under way (starting one makes it appealing).
    waiting = Denial.objects.filter(
        status=Denial.Status.OPEN, appeal_deadline__gte=today, appeal_deadline__lte=horizon
    ).select_related("owner")
    for denial in waiting:
        offset = deadlines.reminder_offset_due(denial.appeal_deadline, today)
        if offset is None:
            continue
        for user in _recipients(denial.owner):
            notification_send(
                recipient=user,
                kind="appeal_deadline",
                key=f"denial:{denial.pk}:first-level:due-in-{offset}:user:{user.pk}",
                subject=f"Denial #{denial.pk}: appeal window closes in {offset} day(s) ({denial.appeal_deadline:%m/%d/%Y})",
                body=f"Denial #{denial.pk} ({denial.code}) has no appeal yet.",
                url=reverse("appeals:denial_detail", args=[denial.pk]),
                about=denial,
            )
            sent += 1
    return sent


def appeal_late_decision_reminders_send(*, today: date) -> int:
    """Tell the owner once when a filed appeal's decision is overdue (key per appeal and level)."""
    sent = 0
    late = Appeal.objects.filter(status=Appeal.Status.FILED, decision_due__lt=today).select_related("owner")
    for appeal in late:
        for user in _recipients(appeal.owner):
            notification_send(
                recipient=user,
                kind="appeal_decision_late",
                key=f"appeal:{appeal.pk}:{appeal.level}:decision-late:user:{user.pk}",
                subject=f"Appeal #{appeal.pk}: the payer's decision was due {appeal.decision_due:%m/%d/%Y}",
                body=f"Appeal #{appeal.pk} ({appeal.get_level_display()}) has no decision recorded. Follow up with the payer.",
                url=reverse("appeals:appeal_detail", args=[appeal.pk]),
                about=appeal,
            )
            sent += 1
    return sent


# --- Appeal letters and letters of medical necessity (letters' machinery) ----------------------


def appeal_signed_lmn(*, appeal: Appeal):
    """The latest signed letter of medical necessity of the appeal's LMN request, if any."""
    if appeal.lmn_request_id is None:
        return None
    return (
        Letter.objects.filter(lmn_request_id=appeal.lmn_request_id, signed_at__isnull=False)
        .order_by("-version")
        .first()
    )


def _denied_lines(denial: Denial) -> list[ClaimLine]:
    claim = denial.claim
    return [denial.claim_line] if denial.claim_line_id else list(claim.lines.order_by("line_number"))


def _encounters(denial: Denial):
    ids = {line.encounter_id for line in _denied_lines(denial) if line.encounter_id}
    if denial.claim.encounter_id:
        ids.add(denial.claim.encounter_id)
    return list(Encounter.objects.filter(pk__in=ids).order_by("date_of_service", "id"))


def appeal_enclosures(*, appeal: Appeal) -> list[str]:
    """What goes with the appeal: the notice, the visit notes and any signed LMN."""
    denial = appeal.denial
    items = [f"Remittance notice dated {denial.notice_date:%m/%d/%Y} showing {denial.code}"]
    if appeal.previous_id:
        items.append(f"{appeal.previous.get_level_display()} decision dated {appeal.notice_date:%m/%d/%Y}")
    items += [
        f"Visit note of {e.date_of_service:%m/%d/%Y} ({e.em_code}) with the medical-necessity and goals-of-care notes"
        for e in _encounters(denial)
    ]
    lmn = appeal_signed_lmn(appeal=appeal)
    if lmn is not None:
        items.append(
            f"Letter of medical necessity signed {timezone.localtime(lmn.signed_at):%m/%d/%Y} "
            f"by {lmn.provider} (letter #{lmn.pk}, version {lmn.version})"
        )
    return items


def appeal_letter_facts(*, appeal: Appeal) -> dict:
    """The identifiers the appeal letter carries (42 CFR 405.944(b): beneficiary, Medicare
    number, service and dates, requester), frozen when drafted."""
    denial, claim = appeal.denial, appeal.denial.claim
    patient, provider, payer = claim.patient, claim.rendering_provider, denial.payer
    lines = _denied_lines(denial)
    dates = sorted({line.date_of_service for line in lines})
    return {
        "patient_name": patient.full_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "member_id": claim.coverage.member_id if claim.coverage_id else "",
        "group_number": claim.coverage.group_number if claim.coverage_id else "",
        "payer_name": payer.name,
        "payer_address": payer.address,
        "payer_fax": payer.fax,
        "attention": deadlines.LEVEL_LABELS[appeal.level],
        "diagnoses": [[core_rules.icd10_normalize(c), core_rules.icd10_description(c)] for c in claim.diagnosis_codes],
        "procedure_code": lines[0].procedure_code if lines else "",
        "treatment": ", ".join(str(line) for line in lines),
        "service_dates": ", ".join(f"{d:%m/%d/%Y}" for d in dates),
        "claim_number": claim.payer_claim_number or claim.patient_control_number or "",
        "denial_code": denial.code,
        "amount_in_dispute": str(appeal.amount_in_controversy),
        "provider_name": f"{provider.first_name} {provider.last_name}",
        "provider_credentials": provider.credentials,
        "provider_npi": provider.npi,
        "provider_license": f"{provider.license_state} {provider.license_number}".strip(),
        "provider_phone": provider.phone or settings.PRACTICE.get("phone", ""),
        "enclosures": appeal_enclosures(appeal=appeal),
    }


# How the letter names what it asks for, level by level.
LEVEL_REQUESTS = {
    deadlines.REDETERMINATION: "a redetermination",
    deadlines.RECONSIDERATION: "a reconsideration",
    deadlines.ALJ: "a hearing before an Administrative Law Judge",
    deadlines.APPEALS_COUNCIL: "a review by the Medicare Appeals Council",
    deadlines.FEDERAL_COURT: "judicial review",
    deadlines.INTERNAL: "an internal appeal",
    deadlines.EXTERNAL: "an external review",
}


def appeal_letter_body(*, appeal: Appeal, facts: dict) -> str:
    """The first draft, from the denial, the claim and the visit documentation; [[…]] marks
    what the record does not say (letters refuses to sign while any is left)."""
    denial = appeal.denial
    encounters = _encounters(denial)
    necessity = "\n\n".join(e.medical_necessity_note.strip() for e in encounters if e.medical_necessity_note.strip())
    goals = "\n\n".join(e.goals_of_care_note.strip() for e in encounters if e.goals_of_care_note.strip())
    return render_to_string(
        "appeals/appeal_letter_body.txt",
        {
            "appeal": appeal,
            "denial": denial,
            "facts": facts,
            "level": deadlines.LEVEL_LABELS[appeal.level],
            "request": LEVEL_REQUESTS[appeal.level],
            "carc_meaning": denial.carc_meaning,
            "medical_necessity": denial.category == carc.MEDICAL_NECESSITY,
            "necessity": necessity,
            "goals": goals,
            "lmn": appeal_signed_lmn(appeal=appeal),
        },
    ).strip()


@transaction.atomic
def appeal_letter_draft(*, appeal: Appeal, by: User, today: date | None = None):
    """Draft the appeal letter (a letters.Letter of kind "appeal") for the claim's rendering
    provider to sign; when nothing is missing, it goes straight to them for signature."""
    appeal = (
        Appeal.objects.select_for_update().select_related("denial__claim__patient", "denial__payer").get(pk=appeal.pk)
    )
    if appeal.status != Appeal.Status.DRAFTING:
        raise AppealError("The letter is drafted while the appeal is being prepared, before it is filed.")
    if appeal.letter_id:
        raise AppealError("This appeal already has a letter: edit it, or make a new version if it is signed.")
    facts = appeal_letter_facts(appeal=appeal)
    claim = appeal.denial.claim
    letter = letters.letter_draft(
        kind=Letter.Kind.APPEAL,
        patient=claim.patient,
        provider=claim.rendering_provider,
        payer=appeal.denial.payer,
        subject=f"{deadlines.LEVEL_LABELS[appeal.level]} request, claim {facts['claim_number']} ({appeal.denial.code})",
        facts=facts,
        body=appeal_letter_body(appeal=appeal, facts=facts),
        by=by,
    )
    appeal.letter = letter
    appeal.save(update_fields=["letter"])
    if not letter.missing_elements:
        letters.letter_request_signature(letter=letter, on=today or timezone.localdate())
    return letter


@transaction.atomic
def appeal_letter_update(*, appeal: Appeal, body: str, by: User, today: date | None = None):
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.letter_id is None:
        raise AppealError("Draft the letter first.")
    letter = letters.letter_update_body(letter=appeal.letter, body=body, by=by)
    if not letter.missing_elements and letter.awaiting_signature_since is None:
        letters.letter_request_signature(letter=letter, on=today or timezone.localdate())
    return letter


def appeal_letter_as_it_will_be_signed(*, appeal: Appeal):
    """The appeal's letter as the provider will sign it: an unsigned letter with today's
    enclosures (not saved), so the page shows, and the sign form's digest covers, exactly
    what appeal_letter_sign seals."""
    letter = appeal.letter
    if letter is not None and not letter.is_signed:
        letter.facts = {**letter.facts, "enclosures": appeal_enclosures(appeal=appeal)}
    return letter


@transaction.atomic
def appeal_letter_sign(*, appeal: Appeal, user: User, password: str, reviewed: str):
    """The provider signs (password re-entered) the letter they reviewed (`reviewed`: its
    review_digest() on their page); the enclosures are refreshed first so a letter of medical
    necessity signed since the draft is listed (a change the provider has not seen then
    refuses the signature)."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.letter_id is None:
        raise AppealError("There is no appeal letter to sign yet.")
    if not appeal.letter.is_signed:
        letters.letter_update_facts(letter=appeal.letter, facts={"enclosures": appeal_enclosures(appeal=appeal)})
    return letters.letter_sign(letter=appeal.letter, user=user, password=password, reviewed=reviewed)


@transaction.atomic
def appeal_letter_new_version(*, appeal: Appeal, by: User):
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != Appeal.Status.DRAFTING:
        raise AppealError("The appeal is filed: its letter went out as signed.")
    letter = letters.letter_new_version(letter=appeal.letter, by=by)
    appeal.letter = letter
    appeal.save(update_fields=["letter"])
    return letter


@transaction.atomic
def denial_request_lmn_and_appeal(*, denial: Denial, by: User, today: date | None = None) -> Appeal:
    """For a medical-necessity denial, in one step: a letter of medical necessity request
    pre-filled from the claim and its visit, and the first-level appeal linked to it."""
    today = today or timezone.localdate()
    denial = Denial.objects.select_related("claim__patient", "claim__rendering_provider", "payer").get(pk=denial.pk)
    if denial.route != carc.APPEAL_WITH_LMN:
        raise AppealError(f"{denial.code} is not a medical-necessity denial; start a plain appeal instead.")
    appeal = appeal_start(denial=denial, by=by)
    claim = denial.claim
    lines = _denied_lines(denial)
    encounters = _encounters(denial)
    visit = encounters[-1] if encounters else None
    # Our own turnaround (no rule sets one, shared/domain.md §5): a week, and never later
    # than a week before the appeal must be filed.
    due = max(today, min(today + timedelta(days=7), appeal.deadline - timedelta(days=7)))
    lmn = letters.lmn_request_create(
        patient=claim.patient,
        provider=claim.rendering_provider,
        treatment=f"{', '.join(str(line) for line in lines)} on "
        f"{', '.join(sorted({f'{line.date_of_service:%m/%d/%Y}' for line in lines}))}, denied {denial.code}",
        procedure_code=lines[0].procedure_code if lines else "",
        diagnosis_codes=list(claim.diagnosis_codes),
        due_date=due,
        requested_by=LMNRequest.Requester.PAYER,
        by=by,
        today=today,
        clinical_history=visit.medical_necessity_note if visit else "",
        rationale=visit.goals_of_care_note if visit else "",
    )
    appeal.lmn_request = lmn
    appeal.save(update_fields=["lmn_request"])
    return appeal
