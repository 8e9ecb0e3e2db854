"""The claim builder bills the payer that pays: while a Medicare Advantage member has elected
hospice, Original Medicare pays Part B services (42 CFR 422.320(c)), with GV/GW."""

import pytest

from billing import services

from ..factories import (
    CoverageFactory,
    EncounterFactory,
    HospiceElectionFactory,
    MedicareAdvantagePayerFactory,
    PatientFactory,
    PayerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def biller(db):
    from palliative.models import Role

    return UserFactory(role=Role.BILLING)


@pytest.fixture
def ma_patient(db):
    patient = PatientFactory(address_line1="1 Elm Street", city="Springfield", state="IL", zip_code="62701")
    CoverageFactory(patient=patient, payer=MedicareAdvantagePayerFactory(), member_id="H12345678")
    return patient


def _codes(claim):
    return [(line.procedure_code, line.modifiers) for line in claim.lines.order_by("line_number")]


def test_an_ma_member_not_on_hospice_is_billed_to_the_plan(fees, ma_patient, biller):
    claim = services.claim_build_from_encounter(encounter=EncounterFactory(patient=ma_patient), by=biller)
    assert claim.coverage.payer.payer_type == "medicare_adv"
    assert claim.scrub_errors == 0


def test_an_ma_member_on_hospice_is_billed_to_original_medicare_with_gv(fees, ma_patient, biller):
    medicare = CoverageFactory(patient=ma_patient, payer=PayerFactory(), priority="secondary")
    encounter = EncounterFactory(patient=ma_patient)
    HospiceElectionFactory(patient=ma_patient, attending=encounter.provider)
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert claim.coverage == medicare
    assert _codes(claim)[0] == ("99215", ["GV"])


def test_an_ma_member_on_hospice_without_a_medicare_coverage_cannot_be_built(fees, ma_patient, biller):
    encounter = EncounterFactory(patient=ma_patient)
    HospiceElectionFactory(patient=ma_patient)
    with pytest.raises(services.ClaimError, match="Original Medicare, not the plan, pays"):
        services.claim_build_from_encounter(encounter=encounter, by=biller)


def test_an_old_ma_claim_for_a_hospice_member_is_held_by_the_scrubber(fees, ma_patient, biller):
    encounter = EncounterFactory(patient=ma_patient)
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    HospiceElectionFactory(patient=ma_patient, start_date=encounter.date_of_service)
    services.claim_scrub(claim=claim)
    claim.refresh_from_db()
    assert claim.scrub_errors == 1


def test_a_claim_in_a_fiscal_year_with_no_icd10_set_carries_a_warning_not_an_error(fees, ma_patient, biller):
    from datetime import date

    encounter = EncounterFactory(patient=ma_patient, date_of_service=date(2026, 10, 5))
    findings = services.claim_scrub(claim=services.claim_build_from_encounter(encounter=encounter, by=biller))
    missing = [f for f in findings if f.rule == "diagnosis_code_set_missing"]
    assert [f.severity for f in missing] == ["warning"]
    assert "FY2027" in missing[0].message
    assert not [f for f in findings if f.rule == "diagnosis_invalid"]
