"""Runs the scrubber rules (billing/rules.py) on claims: reads the ORM into plain facts.

Facts are loaded for a whole batch of claims at once, in the same handful of queries whatever
the batch size (`claims_facts`); `scrub(claim)` is a batch of one, so there is one way to load
them. The claim's own fields are read from the objects given, so a caller's unsaved change is
scrubbed as it stands.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import cache

from django.conf import settings
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone

from palliative import icd10
from palliative.models import HospiceElection

from . import rules
from .models import Claim, ClaimLine

# The lines of the patient's other claims the rules compare with outside the dates of service:
# every annual wellness visit and IPPE (rules.awv_too_soon) and every earlier ACP (acp_repeated_without_change).
_ANY_DATE_CODES = rules.AWV_CODES | rules.IPPE_CODES | {rules.core.ACP_FIRST_CODE}


def claims_facts(claims: Iterable[Claim]) -> dict[int, rules.ClaimFacts]:
    """The plain facts the rules need about each of `claims`, by claim id, in ten queries
    whatever the number of claims (the ICD-10-CM sets of their dates among them)."""
    claims = list(claims)
    if not claims:
        return {}
    prefetch_related_objects(claims, "coverage__payer", "patient", "rendering_provider")
    lines = defaultdict(list)
    for line in (
        ClaimLine.objects.filter(claim_id__in=[claim.pk for claim in claims])
        .select_related("encounter", "acp_session__provider", "acp_session__encounter")
        .order_by("claim_id", "line_number")
    ):
        lines[line.claim_id].append(line)
    patient_ids = {claim.patient_id for claim in claims}
    elections = defaultdict(list)
    for election in HospiceElection.objects.filter(patient_id__in=patient_ids):
        elections[election.patient_id].append(election)
    dates = [line.date_of_service for group in lines.values() for line in group]
    history = _patient_history(patient_ids, dates)
    # Claims of a batch share diagnoses and dates: each code is checked once per date.
    problem = cache(rules.core.icd10_problem)
    warnings = cache(lambda codes, day: tuple(rules.core.icd10_code_set_warnings(list(codes), day)))
    with icd10.preloaded({code for claim in claims for code in claim.diagnosis_codes}, dates):
        return {
            claim.pk: _claim_facts(
                claim, lines[claim.pk], elections[claim.patient_id], history[claim.patient_id], problem, warnings
            )
            for claim in claims
        }


def _claim_facts(claim: Claim, lines: list[ClaimLine], elections, history: list[dict], problem, warnings):
    coverage = claim.coverage
    payer = coverage.payer if coverage else None
    patient = claim.patient
    provider = claim.rendering_provider
    dates = {line.date_of_service for line in lines}
    related = _related(claim, history)
    earlier_acp = [row["date_of_service"] for row in related if row["procedure_code"] == rules.core.ACP_FIRST_CODE]
    return rules.ClaimFacts(
        payer_type=payer.payer_type if payer else None,
        timely_filing_days=payer.timely_filing_days if payer else None,
        coverage_from=coverage.effective_from if coverage else None,
        coverage_to=coverage.effective_to if coverage else None,
        frequency_code=claim.frequency_code,
        payer_claim_number=claim.payer_claim_number,
        rendering_npi=provider.npi,
        rendering_credentials=provider.credentials,
        billing_npi=settings.PRACTICE["npi"],
        diagnosis_codes=tuple(claim.diagnosis_codes),
        lines=tuple(_line_facts(line, claim, elections, earlier_acp) for line in lines),
        patient_address_complete=all([patient.address_line1, patient.city, patient.state, patient.zip_code]),
        other_services=_other_services(provider, related, dates),
        relationship=coverage.relationship if coverage else "18",
        subscriber_named=bool(coverage and coverage.subscriber_name.strip()),
        rendering_taxonomy=provider.taxonomy_code,
        member_id=coverage.member_id if coverage else "",
        diagnosis_problems=_diagnosis_problems(claim.diagnosis_codes, dates, problem),
        code_set_warnings=tuple(
            dict.fromkeys(w for day in sorted(dates) for w in warnings(tuple(claim.diagnosis_codes), day))
        ),
    )


def _diagnosis_problems(codes: list[str], dates: set[date], problem) -> tuple[str, ...]:
    """Each diagnosis checked against the ICD-10-CM set of every date of service on the claim
    (`problem`: rules.core.icd10_problem)."""
    problems: list[str] = []
    for day in sorted(dates) or [None]:
        for position, code in enumerate(codes, start=1):
            if found := problem(code, day):
                label = f"Diagnosis {position}" + (f" ({day:%m/%d/%Y})" if len(dates) > 1 else "")
                problems.append(f"{label}: {found}")
    return tuple(dict.fromkeys(problems))


def _line_facts(line: ClaimLine, claim: Claim, elections, earlier_acp: list[date]) -> rules.LineFacts:
    encounter = line.encounter
    session = line.acp_session
    election = next((e for e in elections if e.is_active_on(line.date_of_service)), None)
    return rules.LineFacts(
        number=line.line_number,
        code=line.procedure_code,
        modifiers=tuple(line.modifiers),
        units=line.units,
        charge=line.charge,
        pointers=tuple(line.diagnosis_pointers),
        date_of_service=line.date_of_service,
        encounter=rules.EncounterFacts(
            setting=encounter.setting,
            em_code=encounter.em_code,
            level_basis=encounter.level_basis,
            total_minutes=encounter.total_minutes,
            medical_necessity_documented=bool(encounter.medical_necessity_note.strip()),
            goals_of_care_documented=bool(encounter.goals_of_care_note.strip()),
            related_to_hospice=encounter.related_to_hospice,
            unrelated_problem=encounter.unrelated_problem,
            longitudinal_care=encounter.longitudinal_care,
        )
        if encounter
        else None,
        acp=rules.ACPFacts(
            minutes=session.minutes,
            consent_documented=session.consent_documented,
            participants=session.participants,
            summary=session.summary,
            patient_present=session.patient_present,
            incapacity_note=session.incapacity_note,
            change_since_last=session.change_since_last,
            with_annual_wellness_visit=session.with_annual_wellness_visit,
            provider_credentials=session.provider.credentials,
            billed_before=any(day < session.date_of_service for day in earlier_acp),
            incident_to=session.incident_to,
            performed_by=session.performed_by,
            setting=session.encounter.setting if session.encounter else (encounter.setting if encounter else "office"),
        )
        if session
        else None,
        hospice=rules.HospiceFacts(
            active=election is not None,
            rendering_is_attending=election is not None and election.attending_id == claim.rendering_provider_id,
            attending_employed_by_hospice=election is not None and election.attending_employed_by_hospice,
        ),
    )


def _patient_history(patient_ids: set[int], dates: list[date]) -> dict[int, list[dict]]:
    """The lines on the active claims (voids left out) of `patient_ids` that any claim of the
    batch compares with, by patient: those from three years before the earliest date of service
    to the latest (new vs established patient), and the AWV, IPPE and ACP lines of any date."""
    wanted = Q(procedure_code__in=_ANY_DATE_CODES)
    if dates:
        wanted |= Q(date_of_service__range=(rules.three_years_before(min(dates)), max(dates)))
    rows = (
        ClaimLine.objects.filter(wanted, claim__patient_id__in=patient_ids, claim__status__in=Claim.ACTIVE)
        .exclude(claim__frequency_code=Claim.Frequency.VOID)
        .values(
            "claim_id",
            "claim__patient_id",
            "claim__patient_control_number",
            "claim__rendering_provider_id",
            "claim__rendering_provider__specialty",
            "procedure_code",
            "date_of_service",
        )
    )
    history = defaultdict(list)
    for row in rows:
        history[row["claim__patient_id"]].append(row)
    return history


def _related(claim: Claim, history: list[dict]) -> list[dict]:
    """The patient's lines on other claims, leaving out the claim this one corrects."""
    return [row for row in history if row["claim_id"] not in (claim.pk, claim.original_claim_id)]


def _other_services(provider, related: list[dict], dates: set[date]) -> tuple[rules.OtherService, ...]:
    """The patient's other billed lines the rules compare with: the same dates, the three
    years before them (new vs established patient) and every annual wellness visit."""
    if not dates:
        return ()
    since, until = rules.three_years_before(min(dates)), max(dates)
    return tuple(
        rules.OtherService(
            claim_label=row["claim__patient_control_number"] or f"Claim #{row['claim_id']}",
            code=row["procedure_code"],
            date_of_service=row["date_of_service"],
            same_provider=row["claim__rendering_provider_id"] == provider.pk,
            same_specialty=row["claim__rendering_provider__specialty"] == provider.specialty,
        )
        for row in related
        if since <= row["date_of_service"] <= until or row["procedure_code"] in rules.AWV_CODES | rules.IPPE_CODES
    )


def scrub_many(claims: Iterable[Claim], *, today: date | None = None) -> dict[int, list[rules.Finding]]:
    """Every finding of every rule for each of `claims`, by claim id, errors first."""
    today = today or timezone.localdate()
    return {pk: rules.run_all(facts, today=today) for pk, facts in claims_facts(claims).items()}


def scrub(claim: Claim, *, today: date | None = None) -> list[rules.Finding]:
    """Every finding of every rule for `claim`, errors first."""
    return scrub_many([claim], today=today)[claim.pk]
