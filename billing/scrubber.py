"""Runs the scrubber rules (billing/rules.py) on a claim: reads the ORM into plain facts."""

from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from . import rules
from .models import Claim, ClaimLine


def claim_facts(claim: Claim) -> rules.ClaimFacts:
    """The plain facts the rules need about `claim`, in a handful of queries."""
    lines = list(
        claim.lines.select_related("encounter", "acp_session__provider", "acp_session__encounter").order_by(
            "line_number"
        )
    )
    coverage = claim.coverage
    payer = coverage.payer if coverage else None
    patient = claim.patient
    provider = claim.rendering_provider
    dates = {line.date_of_service for line in lines}
    elections = list(patient.hospice_elections.all()) if dates else []
    others = _other_services(claim, dates)
    earlier_acp = _earlier_acp_dates(claim)
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
        other_services=tuple(others),
        relationship=coverage.relationship if coverage else "18",
        subscriber_named=bool(coverage and coverage.subscriber_name.strip()),
        rendering_taxonomy=provider.taxonomy_code,
        member_id=coverage.member_id if coverage else "",
        diagnosis_problems=_diagnosis_problems(claim.diagnosis_codes, dates),
        code_set_warnings=tuple(
            dict.fromkeys(
                w for day in sorted(dates) for w in rules.core.icd10_code_set_warnings(claim.diagnosis_codes, day)
            )
        ),
    )


def _diagnosis_problems(codes: list[str], dates: set[date]) -> tuple[str, ...]:
    """Each diagnosis checked against the ICD-10-CM set of every date of service on the claim."""
    problems: list[str] = []
    for day in sorted(dates) or [None]:
        for position, code in enumerate(codes, start=1):
            problem = rules.core.icd10_problem(code, day)
            if problem:
                label = f"Diagnosis {position}" + (f" ({day:%m/%d/%Y})" if len(dates) > 1 else "")
                problems.append(f"{label}: {problem}")
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


def _related_claims(claim: Claim):
    """Other active claims of the patient, leaving out the claim this one corrects."""
    others = Claim.objects.filter(patient_id=claim.patient_id, status__in=Claim.ACTIVE).exclude(pk=claim.pk)
    if claim.original_claim_id:
        others = others.exclude(pk=claim.original_claim_id)
    return others.exclude(frequency_code=Claim.Frequency.VOID)


def _other_services(claim: Claim, dates: set[date]) -> list[rules.OtherService]:
    """The patient's other billed lines the rules compare with: the same dates, the three
    years before them (new vs established patient) and every annual wellness visit."""
    if not dates:
        return []
    since = rules.three_years_before(min(dates))
    lines = (
        ClaimLine.objects.filter(claim__in=_related_claims(claim))
        .filter(
            Q(date_of_service__range=(since, max(dates))) | Q(procedure_code__in=rules.AWV_CODES | rules.IPPE_CODES)
        )
        .select_related("claim__rendering_provider")
    )
    provider = claim.rendering_provider
    return [
        rules.OtherService(
            claim_label=str(line.claim),
            code=line.procedure_code,
            date_of_service=line.date_of_service,
            same_provider=line.claim.rendering_provider_id == provider.pk,
            same_specialty=line.claim.rendering_provider.specialty == provider.specialty,
        )
        for line in lines
    ]


def _earlier_acp_dates(claim: Claim) -> list[date]:
    return list(
        ClaimLine.objects.filter(
            claim__in=_related_claims(claim), procedure_code=rules.core.ACP_FIRST_CODE
        ).values_list("date_of_service", flat=True)
    )


def scrub(claim: Claim, *, today: date | None = None) -> list[rules.Finding]:
    """Every finding of every rule for `claim`, errors first."""
    return rules.run_all(claim_facts(claim), today=today or timezone.localdate())
