"""Posting remittances (835 files and paper) on billing's claims, and the denials they carry.

Each file's claim money goes to billing in one batch (`claims_post_payments`), which moves the claim; every
denied line becomes a `Denial` with its first appeal deadline. A reversal (CLP02 = 22) takes
back what the original posted; a payment on a denied line wins the denial (and its appeal); the
same claim payment re-sent under another trace is kept as a duplicate, never posted twice.
Uploaded files are stored as a `RemittanceImport` and imported by a Celery task.
"""

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from billing.models import Claim, ClaimLine
from billing.services import ClaimPosting, LinePosting, claims_post_payments
from billing.x12 import line_control_number
from palliative.db import history_rows_insert, records_insert
from palliative.errors import DomainError
from palliative.models import Payer, User

from .. import carc, deadlines, rules, selectors, x835
from ..errors import AppealError
from ..models import Appeal, ClaimPayment, Denial, LinePayment, Remittance, RemittanceImport
from .denials import denials_next_due_refresh

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
    duplicates: int = 0
    reversed: int = 0
    remittances: list[Remittance] = field(default_factory=list)

    def line(self) -> str:
        text = f"{self.file_name}: matched {self.matched}, paid {self.paid}, denied {self.denied}, unmatched {self.unmatched}"
        if self.reversed:
            text += f", reversed {self.reversed}"
        if self.duplicates:
            text += f" (duplicates not posted again: {self.duplicates})"
        if self.already_imported:
            text += f" (already imported: {self.already_imported} payment(s) skipped)"
        return text


def remittance_import_835(
    *,
    text: str,
    file_name: str,
    by: User | None = None,
    received_date: date | None = None,
    parsed: list[x835.Remittance] | None = None,
) -> ImportSummary:
    """Post every payment in an 835 file, all or nothing.

    A payment already imported (same payer reference and trace number) is skipped, so importing
    a file twice changes nothing. A malformed file raises `x835.RemittanceFileError` naming the
    segment and the reason, before anything is written. `parsed` is the file already read.
    """
    payments = parsed if parsed is not None else x835.parse_835(text)
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
    except IntegrityError as exc:
        posted = Remittance.objects.filter(
            source=Remittance.Source.X12_835,
            trace_number__in=[p.trace_number for p in payments],
        ).values_list("payer_reference", "trace_number")
        if {(p.payer_reference, p.trace_number) for p in payments} <= set(posted):
            # Another import of the same payments won the race; this one changed nothing.
            summary = ImportSummary(file_name=file_name, already_imported=len(payments))
        else:
            log.exception("835 %s refused by a database check", digest[:12])
            raise AppealError(
                "This remittance could not be posted: a database check refused it, so nothing of it was "
                "imported. Tell the administrator (the error is in the server log)."
            ) from exc
    log.info("835 %s imported: %s", digest[:12], summary.line().split(": ", 1)[1])
    return summary


def remittance_import_queue(*, text: str, file_name: str, by: User) -> RemittanceImport:
    """Store an uploaded 835 and import it in the background once this transaction commits.
    What is plainly not a 5010 835 is refused at once (x835.check_envelope, no pyx12)."""
    from .. import tasks

    job = remittance_import_store(text=text, file_name=file_name, by=by)
    transaction.on_commit(lambda: tasks.import_remittance.delay(job.pk))
    return job


def remittance_import_store(*, text: str, file_name: str, by: User) -> RemittanceImport:
    """Keep the file as a queued import, after the quick envelope checks."""
    x835.check_envelope(text)
    return RemittanceImport.objects.create(file_name=file_name[:200], content=text, size=len(text), created_by=by)


def remittance_import_run(*, job_id: int, progress=None) -> RemittanceImport:
    """Import a stored 835 once: the job is claimed with a compare-and-set update, so a task
    delivered twice runs it once. A refused file records its problems; nothing is posted."""
    claimed = RemittanceImport.objects.filter(pk=job_id, status=RemittanceImport.Status.QUEUED).update(
        status=RemittanceImport.Status.CHECKING, started_at=timezone.now()
    )
    job = RemittanceImport.objects.get(pk=job_id)
    if not claimed:
        return job

    def stage(status, **fields):
        RemittanceImport.objects.filter(pk=job.pk).update(status=status, **fields)
        if progress:
            progress(status, fields)

    try:
        payments = x835.parse_835(job.content)
        stage(
            RemittanceImport.Status.POSTING,
            payments=len(payments),
            claims=sum(len(p.claims) for p in payments),
        )
        summary = remittance_import_835(text=job.content, file_name=job.file_name, by=job.created_by, parsed=payments)
    except x835.RemittanceFileError as exc:
        stage(RemittanceImport.Status.REFUSED, problems=exc.problems, finished_at=timezone.now())
    except DomainError as exc:
        stage(RemittanceImport.Status.FAILED, problems=[str(exc)], finished_at=timezone.now())
    else:
        job.remittances.set(summary.remittances)
        stage(RemittanceImport.Status.DONE, summary=summary.line()[:300], finished_at=timezone.now())
    job.refresh_from_db()
    return job


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
        provider_adjustments=[
            {"reason": a.reason, "reference": a.reference, "amount": str(a.amount)}
            for a in payment.provider_adjustments
        ],
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
        .order_by("pk")
    }
    # Claim payments are posted in rounds that hold each claim once (and never a replacement
    # beside the claim it replaces), in file order: a second payment on a claim (a reversal and its
    # correction in one file) sees the first posted, as it would one at a time. Most files are
    # one round: a few queries whatever their size.
    windows: dict = {}
    batch: list = []
    in_batch: set[int] = set()  # the claims of the round and the claims they replace
    for data in payment.claims:
        claim = claims.get(data.patient_control_number)
        if claim is not None and {claim.pk, claim.original_claim_id} & in_batch:
            _post_round(batch, summary=summary, remittance=remittance, payment=payment, by=by, windows=windows)
            batch, in_batch = [], set()
        batch.append((data, claim))
        if claim is not None:
            in_batch |= {claim.pk, claim.original_claim_id} - {None}
    if batch:
        _post_round(batch, summary=summary, remittance=remittance, payment=payment, by=by, windows=windows)
    return remittance


def _post_round(batch, *, summary, remittance, payment, by, windows) -> None:
    """Record and post claim payments on distinct claims: their payments, lines and denials
    bulk-created, their money posted by billing in one batch."""
    earlier = defaultdict(list)
    for row in (
        ClaimPayment.objects.filter(claim_id__in=[claim.pk for _, claim in batch if claim is not None])
        .select_related("remittance")
        .order_by("remittance", "id")
    ):
        earlier[row.claim_id].append(row)
    rows, matched = [], []
    for data, claim in batch:
        reason, duplicate_of = "", None
        if claim is None:
            reason = "No claim of ours carries this patient control number."
        elif not (claim.is_sent or (data.is_reversal and claim.submitted_at)):
            reason = f"Claim {claim} is {claim.get_status_display().lower()}, so it cannot take a payment."
        elif not (claim.coverage_id or remittance.payer_id):
            reason = f"Claim {claim} has no insurance and the payer {payment.payer_name!r} is not set up."
        elif duplicate_of := _already_posted(earlier[claim.pk], data):
            reason = (
                f"Already posted from remittance {duplicate_of.remittance.trace_number}: the same claim payment is "
                "not posted twice. If the payer really paid twice, the excess is a refund due."
            )[:200]
        row = ClaimPayment(
            remittance=remittance,
            duplicate_of=duplicate_of,
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
        rows.append(row)
        if duplicate_of:
            summary.duplicates += 1
        elif reason:
            summary.unmatched += 1
        else:
            matched.append((claim, data, row))
    records_insert(ClaimPayment, rows)
    if not matched:
        return
    claim_ids = [claim.pk for claim, _, _ in matched]
    lines_of = defaultdict(dict)
    # Locked as billing would lock them: billing posts on these instances, not on a second read.
    for line in (
        ClaimLine.objects.select_for_update().filter(claim_id__in=claim_ids).order_by("claim_id", "line_number", "pk")
    ):
        lines_of[line.claim_id][line.pk] = line
    plans = [
        _match_lines(claim, data, claim_payment, lines_of[claim.pk], remittance=remittance)
        for claim, data, claim_payment in matched
    ]
    records_insert(LinePayment, [lp for plan in plans for lp, _, _ in plan.services])
    denials = []
    for plan in plans:
        plan.denials = [d for d in _plan_denials(plan, remittance=remittance, windows=windows) if d]
        denials += plan.denials
    if denials:
        records_insert(Denial, denials)
        history_rows_insert(Denial, denials, by=by, change_reason=None)
        Denial.record_created_many(denials, by=by, notes=[f"From remittance {remittance.trace_number}."] * len(denials))
    _resolve_denials_now_paid([plan for plan in plans if not plan.data.is_reversal], remittance=remittance, by=by)
    claims_post_payments(
        postings=[
            ClaimPosting(
                claim=plan.claim,
                lines=plan.postings,
                claim_paid=plan.data.paid,
                claim_adjusted=_total(plan.data.adjustments) + plan.unmatched_adjusted,
                payer_claim_number=plan.data.payer_claim_number,
                reversal=plan.data.is_reversal,
                note=f"Remittance {remittance.trace_number} {'reversal' if plan.data.is_reversal else 'posted'}.",
                unprocessable=_unprocessable(plan.denials, remittance=remittance),
            )
            for plan in plans
        ],
        by=by,
        locked_lines={claim_id: lines_of[claim_id] for claim_id in claim_ids},
    )
    for plan in plans:
        summary.matched += 1
        summary.paid += plan.data.paid > 0
        summary.denied += bool(plan.denials)
        summary.reversed += plan.data.is_reversal


def _already_posted(earlier: list[ClaimPayment], data: x835.ClaimPayment) -> ClaimPayment | None:
    """The earlier posting this claim payment repeats, whatever its trace number: the same claim,
    payer claim number, status and amounts, not since taken back by a reversal (CLP02 = 22 with
    the negated amounts, 005010X221A1 §1.10.2.8). A reversal repeats nothing: it takes back.
    `earlier` are the claim's payments posted so far, in the model's order."""
    if data.is_reversal:
        return None
    same = [row for row in earlier if row.payer_claim_number == data.payer_claim_number]
    repeats = [
        row for row in same if (row.status_code, row.charge, row.paid) == (data.status_code, data.charge, data.paid)
    ]
    taken_back = sum(1 for row in same if (row.status_code, row.charge, row.paid) == ("22", -data.charge, -data.paid))
    return repeats[0] if len(repeats) > taken_back else None


def _adjustment_json(adjustment: x835.Adjustment) -> dict:
    return {"group": adjustment.group, "reason": adjustment.reason, "amount": str(adjustment.amount)}


@dataclass
class _ClaimPlan:
    """One matched claim payment on its way to billing: its service lines matched to ours."""

    claim: Claim
    data: x835.ClaimPayment
    claim_payment: ClaimPayment
    payer: Payer
    services: list = field(default_factory=list)  # (LinePayment, ServicePayment, ClaimLine | None)
    postings: list[LinePosting] = field(default_factory=list)
    # What the payer adjusted on a service line we could not match counts on the claim as a whole.
    unmatched_adjusted: Decimal = ZERO
    denials: list[Denial] = field(default_factory=list)


def _match_lines(claim: Claim, data: x835.ClaimPayment, claim_payment, lines: dict, *, remittance) -> _ClaimPlan:
    billed = [
        rules.BilledLine(
            line.pk,
            line.procedure_code,
            tuple(line.modifiers),
            line.date_of_service,
            line.units,
            control_number=line_control_number(claim, line),
        )
        for line in lines.values()
    ]
    payer = claim.coverage.payer if claim.coverage_id else remittance.payer
    plan = _ClaimPlan(claim=claim, data=data, claim_payment=claim_payment, payer=payer)
    taken = set()
    for service in data.services:
        code = service.submitted_code or service.procedure_code
        modifiers = service.submitted_modifiers if service.submitted_code else service.modifiers
        key = rules.match_service_line(
            procedure_code=code,
            modifiers=modifiers,
            date_of_service=service.date_of_service,
            billed=billed,
            taken=taken,
            control_number=service.control_number,
        )
        line = lines.get(key)
        line_payment = LinePayment(
            claim_payment=claim_payment,
            claim_line=line,
            procedure_code=service.procedure_code,
            code_qualifier=service.code_qualifier,
            modifiers=service.modifiers,
            control_number=service.control_number,
            date_of_service=service.date_of_service,
            charge=service.charge,
            paid=service.paid,
            units=service.units,
            adjustments=[_adjustment_json(a) for a in service.adjustments],
            remarks=service.remarks,
        )
        plan.services.append((line_payment, service, line))
        if line is not None:
            taken.add(key)
            plan.postings.append(LinePosting(line=line, paid=service.paid, adjusted=_total(service.adjustments)))
        else:
            plan.unmatched_adjusted += _total(service.adjustments)
    return plan


def _plan_denials(plan: _ClaimPlan, *, remittance, windows) -> list[Denial | None]:
    # A reversal takes back what the original posted; it never creates a denial (005010X221A1
    # §1.10.2.8: CLP02 = 22 negates the original claim payment, adjustments included).
    if plan.data.is_reversal:
        return []
    common = dict(claim=plan.claim, claim_payment=plan.claim_payment, payer=plan.payer, remittance=remittance)
    return [
        *(
            _denial_from(
                service.adjustments,
                remarks=[*service.remarks, *plan.data.remarks],
                claim_line=line,
                line_payment=line_payment,
                windows=windows,
                **common,
            )
            for line_payment, service, line in plan.services
        ),
        _denial_from(
            plan.data.adjustments,
            remarks=plan.data.remarks,
            claim_line=None,
            line_payment=None,
            windows=windows,
            **common,
        ),
    ]


def _unprocessable(denials: list[Denial], *, remittance) -> str:
    """Why the payer returned the claim as unprocessable, for billing to record on the claim
    (`Claim.unprocessable_reason`), or "": a denial of this payment routed to a new claim
    (MA130 or N517, or a CARC carc.denial_route sends there) says so. Read from the denials in
    memory: no query."""
    returned = [denial for denial in denials if denial.route == carc.NEW_CLAIM]
    if not returned:
        return ""
    codes = ", ".join(
        dict.fromkeys(
            f"{denial.group_code}-{denial.carc}" + (f" with {', '.join(denial.rarcs)}" if denial.rarcs else "")
            for denial in returned
        )
    )
    return f"Returned as unprocessable on remittance {remittance.trace_number} ({codes})."


def _resolve_denials_now_paid(plans: list[_ClaimPlan], *, remittance, by) -> None:
    """A denial the payer now pays is won: the payer reprocessed the claim (a reversal and a
    corrected payment, 005010X221A1 §1.10.2.8) or paid on appeal. Each open or appealed denial of
    an earlier payment on a line now paid (a claim-level one: the claim now paid) is won, and its
    filed appeal is recorded as overturned with what was paid; an appeal still in drafting is
    withdrawn, as it is no longer needed. Billing settles the claims' statuses afterwards.
    The active denials of every claim of the round (and of the claims they replace) are read in
    one query; "earlier" is a denial of a claim payment recorded before this one."""
    if not plans:
        return
    claim_ids = {plan.claim.pk for plan in plans} | {
        plan.claim.original_claim_id for plan in plans if plan.claim.original_claim_id
    }
    active = defaultdict(list)
    for denial in (
        Denial.objects.select_for_update(of=("self",))
        .filter(claim_id__in=claim_ids, status__in=Denial.ACTIVE)
        .select_related("claim_line")
        .order_by("pk")
    ):
        active[denial.claim_id].append(denial)
    won = []
    for plan in plans:
        claim, current = plan.claim, plan.claim_payment.pk
        paid_lines = {posting.line.pk: posting.paid for posting in plan.postings if posting.paid > 0}
        # A replacement claim (frequency 7) answers for the claim it replaces: its line with the
        # same code and date of service pays what the original's line was denied.
        by_service = {
            (posting.line.procedure_code, posting.line.date_of_service): posting.paid
            for posting in plan.postings
            if posting.paid > 0
        }
        candidates = active[claim.pk] + (active[claim.original_claim_id] if claim.original_claim_id else [])
        for denial in sorted(candidates, key=lambda d: d.pk):
            if denial.status not in Denial.ACTIVE:
                continue
            if denial.claim_payment_id is not None and denial.claim_payment_id >= current:
                continue
            if denial.claim_id != claim.pk and denial.claim_line_id:
                recovered = by_service.get((denial.claim_line.procedure_code, denial.claim_line.date_of_service))
            elif denial.claim_line_id:
                recovered = paid_lines.get(denial.claim_line_id)
            else:
                recovered = plan.data.paid
            if not recovered or recovered <= 0:
                continue
            _win(denial, recovered, remittance=remittance, by=by)
            won.append(denial.pk)
    denials_next_due_refresh(denial_ids=won)


def _win(denial: Denial, recovered: Decimal, *, remittance, by) -> None:
    note = f"Paid ${recovered} on remittance {remittance.trace_number}."
    for appeal in denial.appeals.select_for_update().filter(status__in=[Appeal.Status.DRAFTING, Appeal.Status.FILED]):
        if appeal.status == Appeal.Status.DRAFTING:
            appeal.transition_to(Appeal.Status.WITHDRAWN, by=by, note=f"Not needed: {note}")
            continue
        decided_on = max(remittance.notice_date, appeal.filed_on) if appeal.filed_on else remittance.notice_date
        ceiling = appeal.amount_in_controversy or recovered
        appeal.decided_on = decided_on
        appeal.amount_recovered = min(recovered, ceiling)
        appeal.transition_to(Appeal.Status.OVERTURNED, by=by, note=note)
    denial.transition_to(Denial.Status.WON, by=by, note=note)


def _total(adjustments) -> Decimal:
    return sum((a.amount for a in adjustments), ZERO)


def _denial_from(
    adjustments, *, remarks, claim, claim_line, claim_payment, line_payment, payer, remittance, windows
) -> Denial | None:
    """The denial these adjustments make, unsaved (the caller bulk-creates it), or None."""
    denied = [a for a in adjustments if carc.is_denial(a.group, a.reason)]
    if not denied:
        return None
    primary = max(denied, key=lambda a: a.amount)
    route = carc.denial_route(primary.reason, remarks, payer_type=payer.payer_type)
    deadline = _first_deadline(payer, route, remittance.notice_date, remittance.received_date, windows)
    return Denial(
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
        appeal_deadline=deadline,
        next_due=rules.denial_next_due(status=Denial.Status.OPEN, appeal_deadline=deadline),
    )


def _first_deadline(
    payer: Payer, route: str, notice_date: date, received_date: date | None, windows: dict
) -> date | None:
    if not carc.route_allows_appeal(route):
        return None
    level = deadlines.first_level(payer.payer_type)
    if (payer.pk, level) not in windows:
        windows[payer.pk, level] = selectors.payer_window_days(payer, level)
    return deadlines.filing_deadline(
        payer.payer_type, level, notice_date, received_date, payer_window_days=windows[payer.pk, level]
    )
