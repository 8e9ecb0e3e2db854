"""Plain facts for the scrubber rule tests: a clean Medicare claim, changed per test."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from billing import rules

DOS = date(2026, 11, 2)
TODAY = date(2026, 11, 23)
NPI = "1234567893"


def encounter(**changes) -> rules.EncounterFacts:
    base = rules.EncounterFacts(
        setting="office",
        em_code="99215",
        level_basis="time",
        total_minutes=45,
        medical_necessity_documented=True,
        goals_of_care_documented=True,
        related_to_hospice=True,
        unrelated_problem=False,
    )
    return replace(base, **changes)


def acp(**changes) -> rules.ACPFacts:
    base = rules.ACPFacts(
        minutes=30,
        consent_documented=True,
        participants="Patient, daughter",
        summary="Discussed goals and a health-care agent.",
        patient_present=True,
        incapacity_note="",
        change_since_last="",
        with_annual_wellness_visit=False,
        provider_credentials="MD",
        billed_before=False,
    )
    return replace(base, **changes)


NO_HOSPICE = rules.HospiceFacts(active=False, rendering_is_attending=False, attending_employed_by_hospice=False)


def line(number=1, code="99215", **changes) -> rules.LineFacts:
    base = rules.LineFacts(
        number=number,
        code=code,
        modifiers=(),
        units=1,
        charge=Decimal("100.00"),
        pointers=(1, 2),
        date_of_service=DOS,
        hospice=NO_HOSPICE,
    )
    return replace(base, **changes)


def em_line(number=1, **changes) -> rules.LineFacts:
    enc = changes.pop("encounter", encounter())
    return line(number, changes.pop("code", enc.em_code), encounter=enc, **changes)


def acp_line(number=2, code="99497", **changes) -> rules.LineFacts:
    return line(number, code, acp=changes.pop("acp", acp()), **changes)


def claim(*lines, **changes) -> rules.ClaimFacts:
    base = rules.ClaimFacts(
        payer_type="medicare",
        timely_filing_days=365,
        coverage_from=date(2024, 1, 1),
        coverage_to=None,
        frequency_code="1",
        payer_claim_number="",
        rendering_npi=NPI,
        rendering_credentials="MD",
        billing_npi="1558598797",
        rendering_taxonomy="207RH0002X",
        diagnosis_codes=("Z51.5", "C34.90"),
        lines=tuple(lines) or (em_line(),),
    )
    return replace(base, **changes)


def rule_ids(findings) -> list[str]:
    return [f.rule for f in findings]
