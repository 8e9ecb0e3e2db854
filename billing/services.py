"""Writes for billing: build, edit, scrub, ready, export, replace and void claims, and post
the payer's money on them.

Billing is the one owner of a claim's status and money: other apps post a remittance through
`claims_post_payments` (`claim_post_payment` for one claim) and report a change in a denial
through `claim_settle`; both decide the status with the one rule `rules.claim_status`.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import CharField, Prefetch, Value, prefetch_related_objects
from django.db.models.functions import Cast, Concat, Greatest, Length, LPad
from django.utils import timezone

from palliative import rules as core
from palliative.db import history_rows_insert, records_insert
from palliative.errors import DomainError
from palliative.models import ACPSession, Coverage, Encounter, HospiceElection, Patient, User

from . import csv_export, rules, x12
from .models import Claim, ClaimExport, ClaimLine, FeeSchedule, Reopening
from .scrubber import scrub_many

log = logging.getLogger(__name__)


class ClaimError(DomainError):
    """A billing action that cannot be done, with a message for the biller."""


class ClaimBlocked(ClaimError):
    """The scrubber found errors; the claim cannot move on until they are fixed."""

    def __init__(self, message: str, findings: list[rules.Finding]):
        super().__init__(message)
        self.findings = findings


class ClaimNotUnprocessable(ClaimError):
    """Only a claim the payer returned as unprocessable is sent again as a new claim."""


# --- Fee schedule -----------------------------------------------------------------------------


def _fee_rows(codes) -> dict[str, list[FeeSchedule]]:
    """The fee schedule rows of `codes`, payer-specific rows first, then the latest first."""
    rows = defaultdict(list)
    for row in FeeSchedule.objects.filter(code__in=codes).order_by("code", "-payer_type", "-effective_from"):
        rows[row.code].append(row)
    return rows


def _unit_fee(rows: list[FeeSchedule], *, payer_type: str | None, on: date) -> Decimal | None:
    """The first of `rows` (ordered as _fee_rows orders them) for the payer type or every
    payer type, in force on `on`."""
    in_force = (
        row
        for row in rows
        if row.payer_type in ("", payer_type or "")
        and row.effective_from <= on
        and (row.effective_to is None or row.effective_to >= on)
    )
    return next((row.unit_charge for row in in_force), None)


# --- Building -------------------------------------------------------------------------------


@dataclass
class _Line:
    code: str
    units: int
    date_of_service: date
    modifiers: list[str]
    encounter: Encounter | None = None
    acp_session: ACPSession | None = None


def _coverage_to_bill(patient: Patient, day: date):
    """The coverage a service on `day` is billed to: the primary one, except that while a
    Medicare Advantage member has elected hospice, Part B services go to Original Medicare
    (42 CFR 422.320(c); IOM 100-04 ch.11 §30.4), with GV/GW like any Medicare hospice patient."""
    coverage = patient.coverage_on(day)
    if coverage is None:
        return None
    profile = rules.payer_profile(coverage.payer.payer_type, day)
    if profile is None or not profile.hospice_bills_original_medicare or patient.hospice_election_on(day) is None:
        return coverage
    medicare = patient.coverage_on(day, priority=None, payer_type=rules.MEDICARE)
    if medicare is None:
        raise ClaimError(
            f"{patient} is in a Medicare Advantage plan and had elected hospice on {day:%m/%d/%Y}: Original Medicare,"
            " not the plan, pays for this service. Add the patient's Original Medicare coverage (the MBI from the"
            " Medicare card), then build the claim."
        )
    return medicare


def _hospice_modifier(patient: Patient, provider_id: int, day: date, *, related: bool, payer_type) -> list[str]:
    profile = rules.payer_profile(payer_type, day)
    election = patient.hospice_election_on(day)
    if election is None or profile is None or not profile.hospice_modifiers:
        return []
    modifier = rules.expected_hospice_modifier(
        related=related,
        rendering_is_attending=election.attending_id == provider_id,
        attending_employed=election.attending_employed_by_hospice,
    )
    return [modifier] if modifier else []


def _acp_lines(session: ACPSession, *, payer_type, hospice: list[str], had_awv: bool) -> list[_Line]:
    """ACP units from the face-to-face minutes; with an AWV, the AWV line and modifier 33."""
    lines = []
    profile = rules.payer_profile(payer_type, session.date_of_service)
    with_awv = session.with_annual_wellness_visit and profile is not None and profile.accepts_awv_g_codes
    if with_awv:
        # G0438 is the first AWV, G0439 every later one (42 CFR 410.15).
        lines.append(_Line("G0439" if had_awv else "G0438", 1, session.date_of_service, [], acp_session=None))
    waiver = ["33"] if with_awv and profile.acp_awv_modifier_33 else []
    for code, units in core.acp_billing_units(session.minutes).items():
        lines.append(_Line(code, units, session.date_of_service, [*waiver, *hospice], acp_session=session))
    return lines


def _patients_with_awv(patient_ids) -> set[int]:
    """Those of `patient_ids` with an annual wellness visit on an active claim."""
    return set(
        ClaimLine.objects.filter(
            claim__patient_id__in=patient_ids, claim__status__in=Claim.ACTIVE, procedure_code__in=rules.AWV_CODES
        ).values_list("claim__patient_id", flat=True)
    )


def _unbilled_sessions(queryset):
    return queryset.exclude(claim_lines__claim__status__in=Claim.ACTIVE).select_related("provider")


@dataclass
class _Plan:
    """A claim to create: what the builder decided, before anything is written."""

    patient: Patient
    coverage: object
    provider_id: int
    encounter: Encounter | None
    place_of_service: str
    diagnoses: list[str]
    lines: list[_Line]


def claim_build_from_encounter(*, encounter: Encounter, by: User) -> Claim:
    """A draft claim for a visit: the E/M line (and prolonged time when earned), the ACP given
    at the visit, hospice GV/GW, diagnoses in claim order. Scrubbed once built."""
    built, refused = claims_build_from_encounters(encounters=[encounter], by=by)
    if not built:
        raise ClaimError(refused.get(encounter.pk) or f"Encounter #{encounter.pk} no longer exists.")
    return built[0]


@transaction.atomic
def claims_build_from_encounters(*, encounters, by: User) -> tuple[list[Claim], dict[int, str]]:
    """Draft claims for visits, each as `claim_build_from_encounter` describes, with what they
    need loaded for the whole batch (coverages, hospice elections, unbilled ACP, earlier AWVs,
    fees), claims and lines written in bulk and one scrub for all. Returns the claims built, in
    visit id order, and by encounter id why each other visit was not billed."""
    locked = list(
        Encounter.objects.select_for_update()
        .select_related("patient", "provider")
        .filter(pk__in=[encounter.pk for encounter in encounters])
        .order_by("id")
    )
    patients = list({encounter.patient_id: encounter.patient for encounter in locked}.values())
    prefetch_related_objects(
        patients,
        Prefetch("coverages", queryset=Coverage.objects.select_related("payer")),
        Prefetch("hospice_elections", queryset=HospiceElection.objects.select_related("attending")),
    )
    billed = set(
        Claim.objects.filter(encounter__in=locked, status__in=Claim.ACTIVE).values_list("encounter_id", flat=True)
    )
    sessions = defaultdict(list)
    for session in _unbilled_sessions(ACPSession.objects.filter(encounter__in=locked)):
        sessions[session.encounter_id].append(session)
    had_awv = _patients_with_awv([patient.pk for patient in patients])
    plans, refused = [], {}
    for encounter in locked:
        if encounter.pk in billed:
            refused[encounter.pk] = f"Encounter #{encounter.pk} is already on a claim; open that claim instead."
            continue
        try:
            plan = _encounter_plan(encounter, sessions[encounter.pk], had_awv=encounter.patient_id in had_awv)
        except ClaimError as error:
            refused[encounter.pk] = str(error)
            continue
        if any(line.code in rules.AWV_CODES for line in plan.lines):
            had_awv.add(encounter.patient_id)
        plans.append(plan)
    return _claims_create(plans, by=by), refused


def _encounter_plan(encounter: Encounter, sessions: list[ACPSession], *, had_awv: bool) -> _Plan:
    if not encounter.em_code:
        raise ClaimError(f"Encounter #{encounter.pk} has no E/M code yet: its provider documents the visit first.")
    patient, day = encounter.patient, encounter.date_of_service
    coverage = _coverage_to_bill(patient, day)
    payer_type = coverage.payer.payer_type if coverage else None
    profile = rules.payer_profile(payer_type, day)
    hospice = _hospice_modifier(
        patient, encounter.provider_id, day, related=encounter.related_to_hospice, payer_type=payer_type
    )
    telehealth = rules.telehealth_modifier(payer_type, encounter.setting, day)
    hospice = [*hospice, *([telehealth] if telehealth else [])]
    lines = [_Line(encounter.em_code, 1, day, list(hospice), encounter=encounter)]
    if encounter.level_basis == Encounter.LevelBasis.TIME and profile is not None:
        earned = rules.prolonged_units(
            primary=encounter.em_code, total_minutes=encounter.total_minutes, scheme=profile.prolonged_scheme, on=day
        )
        if earned:
            lines.append(_Line(earned[0], earned[1], day, list(hospice), encounter=encounter))
    for session in sessions:
        lines.extend(_acp_lines(session, payer_type=payer_type, hospice=hospice, had_awv=had_awv))
    if any(rules.bundles_em(line.code, line.date_of_service) for line in lines[1:]):
        # The visit is separately identifiable from the AWV given with it (rules.em_without_modifier_25).
        lines[0].modifiers.insert(0, "25")
    if rules.g2211_due(
        payer_type=payer_type,
        em_code=encounter.em_code,
        em_modifiers=lines[0].modifiers,
        same_day_codes={line.code for line in lines},
        longitudinal_care=encounter.longitudinal_care,
        on=day,
    ):
        lines.insert(1, _Line(rules.G2211, 1, day, list(hospice), encounter=encounter))
    return _Plan(
        patient=patient,
        coverage=coverage,
        provider_id=encounter.provider_id,
        encounter=encounter,
        place_of_service=encounter.place_of_service,
        diagnoses=rules.claim_diagnosis_order(encounter.diagnosis_codes, encounter.setting),
        lines=lines,
    )


@transaction.atomic
def claim_build_from_acp_session(*, session: ACPSession, by: User) -> Claim:
    """A draft claim for ACP given outside a billed visit; diagnoses from its visit, or the
    patient's latest visit before it."""
    session = (
        ACPSession.objects.select_for_update(of=("self",)).select_related("patient", "encounter").get(pk=session.pk)
    )
    if session.claim_lines.filter(claim__status__in=Claim.ACTIVE).exists():
        raise ClaimError(f"ACP session #{session.pk} is already on a claim.")
    if not core.acp_billing_units(session.minutes):
        raise ClaimError(
            f"ACP session #{session.pk} lasted {session.minutes} minutes: under 16 minutes ACP cannot be billed."
        )
    patient, day = session.patient, session.date_of_service
    visit = (
        session.encounter or patient.encounters.filter(date_of_service__lte=day).order_by("-date_of_service").first()
    )
    coverage = _coverage_to_bill(patient, day)
    payer_type = coverage.payer.payer_type if coverage else None
    hospice = _hospice_modifier(
        patient, session.provider_id, day, related=visit.related_to_hospice if visit else True, payer_type=payer_type
    )
    setting = visit.setting if visit else core.OFFICE
    telehealth = rules.telehealth_modifier(payer_type, setting, day)
    hospice = [*hospice, *([telehealth] if telehealth else [])]
    plan = _Plan(
        patient=patient,
        coverage=coverage,
        provider_id=session.provider_id,
        encounter=None,
        place_of_service=core.setting_place_of_service(setting),
        diagnoses=rules.claim_diagnosis_order(visit.diagnosis_codes if visit else [], setting),
        lines=_acp_lines(
            session, payer_type=payer_type, hospice=hospice, had_awv=bool(_patients_with_awv([patient.pk]))
        ),
    )
    return _claims_create([plan], by=by)[0]


def _claims_create(plans: list[_Plan], *, by: User) -> list[Claim]:
    """Write the planned claims and their lines in bulk (each with its history and first
    timeline row), priced by the fee schedule, then scrub them as one batch."""
    claims = [
        Claim(
            patient=plan.patient,
            coverage=plan.coverage,
            rendering_provider_id=plan.provider_id,
            encounter=plan.encounter,
            place_of_service=plan.place_of_service,
            diagnosis_codes=plan.diagnoses,
            created_by=by,
        )
        for plan in plans
    ]
    if not claims:
        return []
    records_insert(Claim, claims)
    history_rows_insert(Claim, claims, by=by, change_reason=None)
    _assign_control_numbers(claims, by=by)
    fees = _fee_rows({line.code for plan in plans for line in plan.lines})
    lines = []
    for claim, plan in zip(claims, plans, strict=True):
        payer_type = plan.coverage.payer.payer_type if plan.coverage else None
        pointers = list(range(1, min(len(plan.diagnoses), 4) + 1))
        for number, line in enumerate(plan.lines, start=1):
            unit_fee = _unit_fee(fees[line.code], payer_type=payer_type, on=line.date_of_service) or Decimal("0")
            lines.append(
                ClaimLine(
                    claim=claim,
                    line_number=number,
                    procedure_code=line.code,
                    modifiers=line.modifiers[:4],
                    units=line.units,
                    charge=unit_fee * line.units,
                    diagnosis_pointers=pointers,
                    date_of_service=line.date_of_service,
                    encounter=line.encounter,
                    acp_session=line.acp_session,
                )
            )
    records_insert(ClaimLine, lines)
    history_rows_insert(ClaimLine, lines, by=by, change_reason=None)
    Claim.record_created_many(claims, by=by, notes=[f"Built with {len(plan.lines)} line(s)." for plan in plans])
    claims_scrub(claims=claims)
    return claims


def _assign_control_numbers(claims: list[Claim], *, by: User | None) -> None:
    # CLM01 allows 20 characters; "RB" and the id zero-padded to 8 digits stay unique and searchable.
    digits = Cast("id", CharField())
    ids = [claim.pk for claim in claims]
    Claim.objects.filter(pk__in=ids).update(
        patient_control_number=Concat(Value("RB"), LPad(digits, Greatest(Length(digits), Value(8)), Value("0")))
    )
    numbers = dict(Claim.objects.filter(pk__in=ids).values_list("pk", "patient_control_number"))
    for claim in claims:
        claim.patient_control_number = numbers[claim.pk]
    history_rows_insert(Claim, claims, by=by, update=True)


# --- Reopenings (Medicare Part B clerical corrections) ----------------------------------------

ADJUDICATED = {Claim.Status.PAID, Claim.Status.PARTIALLY_PAID, Claim.Status.DENIED}


@transaction.atomic
def claim_reopening_request(
    *,
    claim: Claim,
    requested_on: date,
    channel: str,
    what_changed: str,
    by: User,
    reference: str = "",
    today: date | None = None,
) -> Reopening:
    """Record a reopening asked of Medicare for a clerical error in an adjudicated claim
    (billing.rules.reopening_problem); one open request per claim at a time."""
    claim = Claim.objects.select_for_update(of=("self",)).select_related("coverage__payer").get(pk=claim.pk)
    today = today or timezone.localdate()
    if requested_on > today:
        raise ClaimError("The reopening cannot be requested in the future.")
    if channel not in Reopening.Channel.values:
        raise ClaimError("Choose how the reopening was asked: telephone, portal or in writing.")
    if not what_changed.strip():
        raise ClaimError("Say what was wrong and what it should be, e.g. 'line 1: add modifier GW'.")
    payer_type = claim.coverage.payer.payer_type if claim.coverage else None
    problem = rules.reopening_problem(
        payer_type=payer_type,
        adjudicated=claim.status in ADJUDICATED,
        unprocessable=claim.is_unprocessable,
        on=requested_on,
    )
    if problem:
        raise ClaimError(problem)
    if claim.reopenings.filter(answer=Reopening.Answer.PENDING).exists():
        raise ClaimError(f"Claim {claim} already has a reopening waiting for Medicare's answer.")
    return Reopening.objects.create(
        claim=claim,
        requested_on=requested_on,
        channel=channel,
        reference=reference.strip(),
        what_changed=what_changed.strip(),
        created_by=by,
    )


@transaction.atomic
def reopening_answer(*, reopening: Reopening, answer: str, answered_on: date, by: User, note: str = "") -> Reopening:
    """Record Medicare's answer: granted (the adjustment arrives on a new remittance) or refused."""
    reopening = Reopening.objects.select_for_update().get(pk=reopening.pk)
    if reopening.answer != Reopening.Answer.PENDING:
        raise ClaimError("This reopening already has its answer.")
    if answer not in (Reopening.Answer.GRANTED, Reopening.Answer.REFUSED):
        raise ClaimError("The answer is granted or refused.")
    if answered_on < reopening.requested_on:
        raise ClaimError("The answer cannot come before the request.")
    reopening.answer = answer
    reopening.answered_on = answered_on
    reopening.answer_note = note.strip()
    reopening._history_user = by
    reopening.save(update_fields=["answer", "answered_on", "answer_note"])
    return reopening


# --- Scrubbing and readiness ------------------------------------------------------------------


def claim_scrub(*, claim: Claim, today: date | None = None) -> list[rules.Finding]:
    """Run the scrubber and keep the counts the worklist shows."""
    return claims_scrub(claims=[claim], today=today)[claim.pk]


def claims_scrub(*, claims: Sequence[Claim], today: date | None = None) -> dict[int, list[rules.Finding]]:
    """Scrub a batch of claims (facts loaded for the whole batch) and keep the counts the
    worklist shows on each, in one update per distinct pair of counts; findings by claim id."""
    findings = scrub_many(claims, today=today)
    counts = defaultdict(list)
    for claim in claims:
        claim.scrub_errors = sum(f.is_error for f in findings[claim.pk])
        claim.scrub_warnings = len(findings[claim.pk]) - claim.scrub_errors
        counts[claim.scrub_errors, claim.scrub_warnings].append(claim.pk)
    now = timezone.now()
    for (errors, warnings), ids in counts.items():
        Claim.objects.filter(pk__in=ids).update(scrub_errors=errors, scrub_warnings=warnings, scrubbed_at=now)
    return findings


def claim_mark_ready(*, claim: Claim, by: User) -> Claim:
    """Ready to export, only when the scrubber finds no error.

    The findings counts are kept even when the claim is held back, so the worklist shows why.
    The claim is locked and its status read under the lock, so a second biller marking it at
    the same moment waits and is told it is no longer a draft.
    """
    with transaction.atomic():
        status = Claim.objects.select_for_update().values_list("status", flat=True).get(pk=claim.pk)
    claim.status = status
    if claim.status != Claim.Status.DRAFT:
        raise ClaimError(f"Claim {claim} is {claim.get_status_display().lower()}, not a draft.")
    if not claim.lines.exists():
        raise ClaimError(f"Claim {claim} has no lines.")
    errors = [f for f in claim_scrub(claim=claim) if f.is_error]
    if errors:
        raise ClaimBlocked(f"Claim {claim} has {len(errors)} scrubber error(s) to fix first.", errors)
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        locked.transition_to(Claim.Status.READY, by=by)
    claim.status = locked.status
    return locked


@transaction.atomic
def claims_mark_ready(*, claims, by: User) -> tuple[list[Claim], list[Claim]]:
    """Mark each clean draft ready; returns (made ready, held back).

    All the claims are locked first, in id order, so two billers marking the same drafts at
    once queue one behind the other instead of deadlocking; the second finds them ready
    already and leaves them (neither made ready nor held back).
    """
    ids = sorted(claim.pk for claim in claims)
    locked = list(Claim.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("id"))
    ready, held = [], []
    for claim in locked:
        if claim.status != Claim.Status.DRAFT:
            continue
        try:
            ready.append(claim_mark_ready(claim=claim, by=by))
        except ClaimError:
            held.append(claim)
    return ready, held


def claim_send_back(*, claim: Claim, by: User) -> Claim:
    """Back from ready to draft, to edit it."""
    claim.transition_to(Claim.Status.DRAFT, by=by, note="Sent back to draft for changes.")
    return claim


# --- Editing a draft --------------------------------------------------------------------------


def _require_draft(claim: Claim) -> None:
    if not claim.is_editable:
        raise ClaimError(
            f"Claim {claim} is {claim.get_status_display().lower()}: only a draft can be edited."
            " Correct a submitted claim with a replacement."
        )


@transaction.atomic
def claim_line_save(*, claim: Claim, line: ClaimLine | None = None, data: dict, by: User) -> ClaimLine:
    """Add or change a line of a draft claim; `data` is a validated form's cleaned_data."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    _require_draft(claim)
    if line is None:
        last = claim.lines.order_by("-line_number").values_list("line_number", flat=True).first() or 0
        line = ClaimLine(claim=claim, line_number=last + 1)
    for name in ("procedure_code", "modifiers", "units", "charge", "diagnosis_pointers", "date_of_service"):
        setattr(line, name, data[name])
    line.save()
    claim_scrub(claim=claim)
    return line


@transaction.atomic
def claim_line_delete(*, line: ClaimLine, by: User) -> None:
    claim = Claim.objects.select_for_update().get(pk=line.claim_id)
    _require_draft(claim)
    line.delete()
    for number, remaining in enumerate(claim.lines.order_by("line_number"), start=1):
        if remaining.line_number != number:
            ClaimLine.objects.filter(pk=remaining.pk).update(line_number=number)
    claim_scrub(claim=claim)


@transaction.atomic
def claim_diagnoses_set(*, claim: Claim, codes: list[str], by: User) -> Claim:
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    _require_draft(claim)
    claim.diagnosis_codes = codes
    claim.save(update_fields=["diagnosis_codes"])
    claim_scrub(claim=claim)
    return claim


def claim_payer_number_set(*, claim: Claim, number: str, by: User) -> Claim:
    """Record the payer's claim control number, quoted by a replacement or void (REF*F8)."""
    if claim.status not in {Claim.Status.DRAFT, Claim.Status.READY}:
        raise ClaimError(
            f"Claim {claim} is {claim.get_status_display().lower()}; its payer number comes from the remittance."
        )
    claim.payer_claim_number = number
    claim.save(update_fields=["payer_claim_number"])
    claim_scrub(claim=claim)
    return claim


RESCRUB_CHUNK = 1000  # claims scrubbed together: facts loaded in the same few queries
RESCRUB_PER_TASK = 10_000  # claims per nightly task: about 10 s at 1,000 claims/s


def claims_rescrub(*, today: date, first_id: int = 0, last_id: int | None = None) -> int:
    """Scrub every draft and ready claim again (filing limits and coverage move with the
    calendar, documentation is completed later), those with ids from `first_id` to `last_id`
    when given, in batches of RESCRUB_CHUNK; returns how many were scrubbed."""
    open_claims = Claim.objects.filter(status__in=[Claim.Status.DRAFT, Claim.Status.READY]).order_by("id")
    if last_id is not None:
        open_claims = open_claims.filter(id__lte=last_id)
    count, after = 0, first_id - 1
    while batch := list(open_claims.filter(id__gt=after)[:RESCRUB_CHUNK]):
        claims_scrub(claims=batch, today=today)
        count += len(batch)
        after = batch[-1].pk
    return count


def open_claim_id_ranges() -> list[tuple[int, int, int]]:
    """(first id, last id, how many) of each run of RESCRUB_PER_TASK draft and ready claims, for
    the nightly re-scrub to spread over tasks that each finish well inside Celery's time limit."""
    ids = list(
        Claim.objects.filter(status__in=[Claim.Status.DRAFT, Claim.Status.READY])
        .order_by("id")
        .values_list("id", flat=True)
    )
    runs = [ids[start : start + RESCRUB_PER_TASK] for start in range(0, len(ids), RESCRUB_PER_TASK)]
    return [(run[0], run[-1], len(run)) for run in runs]


# --- Export -----------------------------------------------------------------------------------


@transaction.atomic
def claims_export(*, claims, by: User, kind: str) -> ClaimExport:
    """Write the ready `claims` to one file and mark them submitted: all or nothing.

    A replacement's or void's original becomes replaced or void once the correction is sent.
    """
    ids = [c.pk for c in claims]
    if not ids:
        raise ClaimError("There are no ready claims to export.")
    locked = list(
        Claim.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("patient", "coverage__payer", "rendering_provider", "original_claim")
        .prefetch_related("lines")
        .order_by("coverage__payer__name", "id")
    )
    not_ready = [c for c in locked if c.status != Claim.Status.READY]
    if not_ready or len(locked) != len(set(ids)):
        labels = ", ".join(str(c) for c in not_ready) or "some claims no longer exist"
        raise ClaimError(f"Only ready claims can be exported; not ready: {labels}. Nothing was exported.")
    findings = claims_scrub(claims=locked)
    blocked = [c for c in locked if any(f.is_error for f in findings[c.pk])]
    if blocked:
        raise ClaimError(
            f"{len(blocked)} claim(s) now have scrubber errors ({', '.join(str(c) for c in blocked)});"
            " send them back to draft and fix them. Nothing was exported."
        )
    export = ClaimExport.objects.create(kind=kind, content="", claim_count=len(locked), created_by=by)
    now = timezone.now()
    if kind == ClaimExport.Kind.X12_837P:
        export.content = x12.write_837p(locked, control_number=export.pk, now=timezone.localtime(now))
    else:
        export.content = csv_export.write_claims_csv(locked)
    export.save(update_fields=["content"])
    export.claims.set(locked)
    for claim in locked:
        claim.submitted_at = now
    Claim.transition_many(locked, Claim.Status.SUBMITTED, by=by, note=f"{export}", fields=["submitted_at"])
    for claim in locked:
        original = claim.original_claim
        if original is not None:
            final = Claim.Status.VOID if claim.frequency_code == Claim.Frequency.VOID else Claim.Status.REPLACED
            if original.can_transition_to(final):
                original.transition_to(final, by=by, note=f"Corrected by {claim}.")
    return export


def claims_export_837(*, claims, by: User) -> str:
    """The 837P text for the ready `claims`, which become submitted."""
    return claims_export(claims=claims, by=by, kind=ClaimExport.Kind.X12_837P).content


# --- Corrections ------------------------------------------------------------------------------


def _pending_correction(claim: Claim) -> Claim | None:
    return claim.corrections.filter(status__in={Claim.Status.DRAFT, Claim.Status.READY}).first()


def _copy(claim: Claim, *, frequency: str, by: User, lines: Sequence[ClaimLine] | None = None) -> Claim:
    """A copy of the claim, with `lines` (renumbered from 1) or all of its lines."""
    copy = Claim.objects.create(
        patient=claim.patient,
        coverage=claim.coverage,
        rendering_provider=claim.rendering_provider,
        encounter=claim.encounter,
        place_of_service=claim.place_of_service,
        frequency_code=frequency,
        original_claim=claim,
        payer_claim_number=claim.payer_claim_number,
        diagnosis_codes=list(claim.diagnosis_codes),
        created_by=by,
    )
    _assign_control_numbers([copy], by=by)
    for number, line in enumerate(claim.lines.order_by("line_number") if lines is None else lines, start=1):
        ClaimLine.objects.create(
            claim=copy,
            line_number=number,
            procedure_code=line.procedure_code,
            modifiers=list(line.modifiers),
            units=line.units,
            charge=line.charge,
            diagnosis_pointers=list(line.diagnosis_pointers),
            date_of_service=line.date_of_service,
            encounter=line.encounter,
            acp_session=line.acp_session,
        )
    return copy


@transaction.atomic
def claim_flag_for_correction(*, claim: Claim, note: str, by: User | None) -> Claim:
    """Flag a sent claim for review: what it billed was amended after it was sent
    (palliative.services.encounter_addendum_add). The status does not move: a biller decides
    on a replacement (frequency 7) or a void, which clears the flag (IOM 100-04 ch. 1 §70.5:
    a correction to a processed claim is a replacement, not a new claim)."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    claim.correction_flag = note[:300]
    claim.correction_flagged_at = timezone.now()
    claim._change_reason = note[:100]
    claim.save(update_fields=["correction_flag", "correction_flagged_at"])
    log.info("claim %s flagged for correction by user %s", claim.pk, getattr(by, "pk", None))
    return claim


def _clear_correction_flag(claim: Claim) -> None:
    if claim.correction_flagged_at:
        claim.correction_flag, claim.correction_flagged_at = "", None
        claim.save(update_fields=["correction_flag", "correction_flagged_at"])


@transaction.atomic
def claim_build_replacement(*, claim: Claim, by: User) -> Claim:
    """A draft replacement (frequency 7) of a sent claim, to edit and send; the original
    becomes replaced when the replacement is exported."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if not claim.is_correctable:
        raise ClaimError(
            f"Claim {claim} is {claim.get_status_display().lower()}: only a sent claim is replaced; edit a draft directly."
        )
    if pending := _pending_correction(claim):
        raise ClaimError(f"Claim {claim} already has a correction in progress: {pending}.")
    copy = _copy(claim, frequency=Claim.Frequency.REPLACEMENT, by=by)
    _clear_correction_flag(claim)
    copy.record_created(by=by, note=f"Replacement of {claim}.")
    claim_scrub(claim=copy)
    return copy


@transaction.atomic
def claim_resend_as_new(*, claim: Claim, by: User) -> Claim:
    """A draft new claim (frequency 1, no payer claim number) copying a sent claim the payer
    rejected as unprocessable (RARC MA130; `Claim.is_unprocessable`, set from the remittance):
    such a claim has no appeal rights and does not count as filed, so it is fixed and sent again
    as a new claim, not replaced or reopened. A claim the payer processed is refused
    (`ClaimNotUnprocessable`): a new claim for it would be a duplicate (CARC 18). When the payer
    returned only some lines (a line-level MA130) and paid others, the paid lines were processed
    and are left out of the new claim, which would otherwise bill them twice. The rejected one
    becomes replaced when the new claim is exported. Source: IOM 100-04 ch.1 §80.3.2;
    42 CFR 424.44 (an unprocessable claim is not a filed claim); appeals.carc.denial_route."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if not claim.is_correctable:
        raise ClaimError(
            f"Claim {claim} is {claim.get_status_display().lower()}: only a sent claim is sent again; edit a draft directly."
        )
    if not claim.is_unprocessable:
        raise ClaimNotUnprocessable(
            f"Claim {claim} was not returned as unprocessable (MA130), so it is not sent again as a new claim: the"
            " payer would deny it as a duplicate. Correct it by a reopening (Medicare) or a replacement claim."
        )
    if pending := _pending_correction(claim):
        raise ClaimError(f"Claim {claim} already has a correction in progress: {pending}.")
    unpaid = [line for line in claim.lines.order_by("line_number") if line.paid_amount <= 0]
    if not unpaid:
        raise ClaimError(f"Every line of claim {claim} was paid: there is nothing to send again.")
    copy = _copy(claim, frequency=Claim.Frequency.ORIGINAL, by=by, lines=unpaid)
    copy.payer_claim_number = ""
    copy.save(update_fields=["payer_claim_number"])
    copy.record_created(by=by, note=f"New claim for {claim}, rejected as unprocessable.")
    claim_scrub(claim=copy)
    return copy


@transaction.atomic
def claim_void(*, claim: Claim, by: User, note: str = "") -> Claim:
    """Cancel a claim. A draft or ready claim is simply void; a sent claim gets a void claim
    (frequency 8), ready to export, and becomes void once that is sent. Returns the claim that
    carries the void."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status in {Claim.Status.DRAFT, Claim.Status.READY}:
        claim.transition_to(Claim.Status.VOID, by=by, note=note or "Cancelled before submission.")
        return claim
    if not claim.is_correctable:
        raise ClaimError(f"Claim {claim} is {claim.get_status_display().lower()} and cannot be voided.")
    if pending := _pending_correction(claim):
        raise ClaimError(f"Claim {claim} already has a correction in progress: {pending}.")
    void = _copy(claim, frequency=Claim.Frequency.VOID, by=by)
    _clear_correction_flag(claim)
    void.status = Claim.Status.READY
    void.save(update_fields=["status"])
    void.record_created(by=by, note=note or f"Void of {claim}.")
    claim_scrub(claim=void)
    return void


# --- Payments -------------------------------------------------------------------------------

ZERO = Decimal("0")

# Denials are kept by appeals, above billing; it registers how to read the denials of a batch
# of claims as plain facts (appeals/apps.py), so billing decides the status without importing
# appeals. A reader takes claim ids and answers {claim id: [facts]}, in one query for the batch.
DenialReader = Callable[[Sequence[int]], dict[int, Sequence[rules.DenialFacts]]]
_denial_readers: list[DenialReader] = []


def denial_reader_register(reader: DenialReader) -> None:
    if reader not in _denial_readers:
        _denial_readers.append(reader)


def _denial_facts(claim_ids: Sequence[int]) -> dict[int, list[rules.DenialFacts]]:
    facts: dict[int, list[rules.DenialFacts]] = defaultdict(list)
    for reader in _denial_readers:
        for claim_id, rows in reader(claim_ids).items():
            facts[claim_id].extend(rows)
    return facts


@dataclass(frozen=True)
class LinePosting:
    """The payer's answer for one of the claim's lines (835 loop 2110: SVC03 paid, CAS amounts)."""

    line: ClaimLine
    paid: Decimal
    adjusted: Decimal = ZERO  # the sum of every CAS amount on the line, whatever its group


@dataclass(frozen=True)
class ClaimPosting:
    """One claim payment of a remittance (835 CLP loop, or a paper remittance), as
    `claims_post_payments` takes it; the fields are `claim_post_payment`'s arguments."""

    claim: Claim
    lines: Sequence[LinePosting]
    claim_paid: Decimal
    claim_adjusted: Decimal = ZERO
    payer_claim_number: str = ""
    reversal: bool = False
    note: str = ""
    # Why the payer returned the claim as unprocessable (e.g. "CO-16 with MA130 on remittance
    # 123"): set by whoever reads the remittance's denials (appeals: a denial routed to a new
    # claim); empty when the payer processed the claim.
    unprocessable: str = ""


@transaction.atomic
def claim_post_payment(
    *,
    claim: Claim,
    lines: Sequence[LinePosting],
    claim_paid: Decimal,
    claim_adjusted: Decimal = ZERO,
    payer_claim_number: str = "",
    reversal: bool = False,
    by: User | None,
    note: str,
    unprocessable: str = "",
) -> Claim:
    """Post one claim payment: `claims_post_payments` for a batch of one. Returns the claim,
    locked and up to date."""
    posting = ClaimPosting(claim, lines, claim_paid, claim_adjusted, payer_claim_number, reversal, note, unprocessable)
    return claims_post_payments(postings=[posting], by=by)[0]


@transaction.atomic
def claims_post_payments(
    *, postings: Sequence[ClaimPosting], by: User | None, locked_lines: dict[int, dict[int, ClaimLine]] | None = None
) -> list[Claim]:
    """Post the claim payments of a remittance and move each claim to where its money and
    denials now put it, all or nothing.

    - A posting's `lines` are the service lines matched to ours; `claim_paid` is what the payer
      paid on the whole claim (CLP04, lines included); `claim_adjusted` the adjustments on no
      line of ours (claim-level CAS in loop 2100, and those of service lines we could not match).
    - `reversal=True` posts a reversal (CLP02 = 22): every amount is the negation of what the
      original payment posted (zero or less), and the net on the claim and each line may not
      fall below zero. Otherwise no amount paid may be negative.
    - A reversal may also land on a sent claim since replaced or voided; only its money moves.
    - The first `payer_claim_number` (CLP07) is kept: a replacement or void quotes it.
    - `unprocessable` records that the payer returned the claim as unprocessable
      (`Claim.unprocessable_reason`: it is then sent again as a new claim); a later payment
      that is not a reversal and not unprocessable clears it, as the payer has now processed
      the claim. A reversal leaves it as it is.
    - A claim appears at most once in a batch (a second payment on it is the next batch), so
      each status move follows one payment, as it would one at a time.

    Call it after recording the payments' denials, so the statuses see them. The claims are
    locked in one query (in id order, so two batches cannot deadlock), their lines read in
    one, and lines, claims, their history and timeline rows written in bulk: a few queries
    whatever the size of the batch. Returns the claims, locked and up to date, in the order of
    `postings`.

    A caller that already holds the claims locked in this transaction (`select_for_update`,
    the postings' claim instances, up to date) and their lines (read with `select_for_update`
    after the claims, `{claim id: {line id: line}}`, the postings' line instances) passes the
    lines as `locked_lines`: they are not read a second time, and the instances it holds are
    the ones updated.
    """
    ids = [posting.claim.pk for posting in postings]
    if len(set(ids)) != len(ids):
        raise ValueError("A claim appears twice in one batch of payments; post the second in the next batch.")
    if locked_lines is not None:
        claims = {posting.claim.pk: posting.claim for posting in postings}
        lines_of = locked_lines
    else:
        claims = {claim.pk: claim for claim in Claim.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
        lines_of = defaultdict(dict)
        for line in ClaimLine.objects.select_for_update().filter(claim_id__in=ids).order_by("pk"):
            lines_of[line.claim_id][line.pk] = line
    changed_lines: list[ClaimLine] = []
    for posting in postings:
        claim = claims[posting.claim.pk]
        changed_lines += _apply_payment(claim, lines_of[claim.pk], posting)
    _update_rows(ClaimLine, changed_lines, ["paid_amount", "adjusted_amount"])
    history_rows_insert(ClaimLine, changed_lines, by=by, update=True)
    touched = [claims[pk] for pk in ids]
    _update_rows(Claim, touched, ["paid_amount", "adjusted_amount", "payer_claim_number", "unprocessable_reason"])
    history_rows_insert(Claim, touched, by=by, update=True)
    _claims_follow_money(touched, lines_of, by=by, notes={posting.claim.pk: posting.note for posting in postings})
    return touched


def _update_rows(model, records, fields: list[str], *, batch_size: int = 1000) -> None:
    """Save `fields` of many rows in one statement per batch. Django's bulk_update writes a CASE
    with a branch per row, which PostgreSQL evaluates for every row: quadratic, 10 s for 5,000
    lines. On PostgreSQL: one UPDATE ... FROM unnest(arrays), one array parameter per column
    (thousands of scalar parameters cost more to send than to apply); elsewhere one UPDATE ...
    FROM (VALUES ...) per batch, whose columns are named column1, column2... (SQLite 3.33+)."""
    table = connection.ops.quote_name(model._meta.db_table)
    model_fields = [model._meta.pk, *(model._meta.get_field(name) for name in fields)]
    columns = [connection.ops.quote_name(field.column) for field in model_fields]
    unique = list({record.pk: record for record in records}.values())
    if not unique:
        return
    values = [[getattr(record, field.attname) for record in unique] for field in model_fields]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{field.cast_db_type(connection)}[]" for field in model_fields)
            assignments = ", ".join(f"{column} = v.{column}" for column in columns[1:])
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM unnest({arrays}) AS v({', '.join(columns)}) "
                f"WHERE {table}.{columns[0]} = v.{columns[0]}",
                values,
            )
            return
        assignments = ", ".join(f"{column} = v.column{n}" for n, column in enumerate(columns[1:], start=2))
        row = "(" + ", ".join(["%s"] * len(columns)) + ")"
        for start in range(0, len(unique), batch_size):
            batch = unique[start : start + batch_size]
            params = [value for n in range(start, start + len(batch)) for value in (column[n] for column in values)]
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([row] * len(batch))}) AS v "
                f"WHERE {table}.{columns[0]} = v.column1",
                params,
            )


def _apply_payment(claim: Claim, own: dict[int, ClaimLine], posting: ClaimPosting) -> list[ClaimLine]:
    """One payment's money on the claim and its lines, in memory; the lines it changed."""
    reversal = posting.reversal
    # A reversal may land on a replaced or voided claim too: the payer takes back the
    # original's payment when it processes the correction; the final status stays.
    if not (claim.is_sent or (reversal and claim.submitted_at)):
        raise ClaimError(f"Claim {claim} is {claim.get_status_display().lower()}, so it cannot take a payment.")
    amounts = [posting.claim_paid, *(line.paid for line in posting.lines)]
    if reversal and any(amount > 0 for amount in amounts):
        raise ClaimError(f"A reversal of claim {claim} takes back money: its amounts are zero or negative.")
    if not reversal and any(amount < 0 for amount in amounts):
        raise ClaimError(f"A payment on claim {claim} cannot be negative unless it is a reversal.")
    changed = []
    for line_posting in posting.lines:
        line = own.get(line_posting.line.pk)
        if line is None:
            raise ClaimError(f"Line {line_posting.line} is not on claim {claim}.")
        line.paid_amount += line_posting.paid
        line.adjusted_amount += line_posting.adjusted
        if line.paid_amount < 0:
            raise ClaimError(
                f"Claim {claim} line {line.line_number}: the reversal takes back more than was paid on it."
            )
        changed.append(line)
    claim.paid_amount += posting.claim_paid
    claim.adjusted_amount += posting.claim_adjusted + sum((line.adjusted for line in posting.lines), ZERO)
    if claim.paid_amount < 0:
        raise ClaimError(f"Claim {claim}: the reversal takes back more than was paid on it.")
    if posting.payer_claim_number and not claim.payer_claim_number:
        claim.payer_claim_number = posting.payer_claim_number
    if not reversal:
        claim.unprocessable_reason = posting.unprocessable[: Claim._meta.get_field("unprocessable_reason").max_length]
    return changed


@transaction.atomic
def claim_settle(*, claim: Claim, by: User | None, note: str) -> Claim:
    """Move a sent claim to where its money and denials put it, after a denial or an appeal
    changed (appealed, decided, withdrawn, written off, corrected). Nothing moves when the
    status is already right, or when the claim is not sent."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    return _claim_follow_money(claim, by=by, note=note)


def _claim_follow_money(claim: Claim, *, by, note: str) -> Claim:
    lines = {claim.pk: {line.pk: line for line in claim.lines.all()}}
    _claims_follow_money([claim], lines, by=by, notes={claim.pk: note})
    return claim


def _claims_follow_money(claims: Sequence[Claim], lines_of, *, by, notes: dict[int, str]) -> None:
    """Move each claim whose money and denials now put it elsewhere (`rules.claim_status`),
    one bulk move per target status and note; the denials of every claim read in one query."""
    denials = _denial_facts([claim.pk for claim in claims])
    moves = defaultdict(list)
    for claim in claims:
        target = rules.claim_status(
            status=claim.status,
            lines=[
                rules.LineMoney(key=line.pk, paid=line.paid_amount, adjusted=line.adjusted_amount)
                for line in lines_of[claim.pk].values()
            ],
            claim_paid=claim.paid_amount,
            claim_adjusted=claim.adjusted_amount,
            denials=denials.get(claim.pk, []),
        )
        if target != claim.status:
            moves[(target, notes[claim.pk])].append(claim)
    for (target, note), moving in moves.items():
        Claim.transition_many(moving, target, by=by, note=note)
