"""Runs the scrubber rules (billing/rules.py) on a claim: reads the ORM into plain facts."""

from datetime import date

from django.conf import settings
from django.utils import timezone

from . import rules
from .models import Claim, ClaimLine


def claim_facts(claim: Claim) -> rules.ClaimFacts:
    """The plain facts the rules need about `claim`, in a handful of queries."""
    lines = list(claim.lines.select_related("encounter", "acp_session__provider").order_by("line_number"))
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
    )


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
    if not dates:
        return []
    lines = ClaimLine.objects.filter(claim__in=_related_claims(claim), date_of_service__in=dates).select_related(
        "claim"
    )
    return [
        rules.OtherService(
            claim_label=str(line.claim),
            code=line.procedure_code,
            date_of_service=line.date_of_service,
            same_provider=line.claim.rendering_provider_id == claim.rendering_provider_id,
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
