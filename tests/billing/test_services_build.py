"""Building claims from encounters and ACP sessions (billing/services.py)."""

from decimal import Decimal

import pytest

from billing import services
from billing.models import Claim

from ..factories import (
    ACPSessionFactory,
    CommercialPayerFactory,
    CoverageFactory,
    EncounterFactory,
    HospiceElectionFactory,
    PatientFactory,
)

pytestmark = pytest.mark.django_db


def _codes(claim):
    return [(line.procedure_code, line.modifiers, line.units) for line in claim.lines.order_by("line_number")]


def test_encounter_claim_has_the_visit_line_priced_from_the_fee_schedule(fees, patient_with_medicare, biller):
    encounter = EncounterFactory(patient=patient_with_medicare, em_code="99214", total_minutes=35)
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert _codes(claim) == [("99214", [], 1)]
    assert claim.total_charge == Decimal("160.00")


def test_acp_at_the_visit_adds_99497_and_99498_units_from_its_minutes(fees, patient_with_medicare, biller):
    encounter = EncounterFactory(patient=patient_with_medicare, em_code="99214", total_minutes=35)
    ACPSessionFactory(
        patient=patient_with_medicare, encounter=encounter, date_of_service=encounter.date_of_service, minutes=80
    )
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert _codes(claim) == [("99214", [], 1), ("99497", [], 1), ("99498", [], 2)]


def test_acp_under_16_minutes_adds_no_acp_line(fees, patient_with_medicare, biller):
    encounter = EncounterFactory(patient=patient_with_medicare, em_code="99214", total_minutes=35)
    ACPSessionFactory(patient=patient_with_medicare, encounter=encounter, minutes=15)
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert _codes(claim) == [("99214", [], 1)]


def test_acp_with_an_annual_wellness_visit_adds_the_awv_modifier_33_and_25_on_the_visit(
    fees, patient_with_medicare, biller
):
    encounter = EncounterFactory(patient=patient_with_medicare, em_code="99214", total_minutes=35)
    ACPSessionFactory(
        patient=patient_with_medicare,
        encounter=encounter,
        date_of_service=encounter.date_of_service,
        minutes=20,
        with_annual_wellness_visit=True,
    )
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    # The visit billed with the AWV needs modifier 25 (CMS MLN6775421; NCCI ch.11).
    assert _codes(claim) == [("99214", ["25"], 1), ("G0438", [], 1), ("99497", ["33"], 1)]


def test_a_later_awv_is_billed_as_g0439(fees, patient_with_medicare, biller):
    for _ in range(2):
        encounter = EncounterFactory(patient=patient_with_medicare, em_code="99214", total_minutes=35)
        ACPSessionFactory(
            patient=patient_with_medicare, encounter=encounter, minutes=20, with_annual_wellness_visit=True
        )
        claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert claim.lines.filter(procedure_code="G0439").exists()


def test_commercial_payer_gets_no_awv_g_code_or_modifier_33(fees, biller):
    coverage = CoverageFactory(payer=CommercialPayerFactory())
    encounter = EncounterFactory(patient=coverage.patient, em_code="99214", total_minutes=35)
    ACPSessionFactory(patient=coverage.patient, encounter=encounter, minutes=20, with_annual_wellness_visit=True)
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert _codes(claim) == [("99214", [], 1), ("99497", [], 1)]


def test_hospice_attending_not_employed_by_the_hospice_gets_gv(fees, patient_with_medicare, biller):
    encounter = EncounterFactory(patient=patient_with_medicare, em_code="99214", total_minutes=35)
    HospiceElectionFactory(patient=patient_with_medicare, attending=encounter.provider)
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert _codes(claim) == [("99214", ["GV"], 1)]


def test_unrelated_visit_for_a_hospice_patient_gets_gw(fees, patient_with_medicare, biller):
    encounter = EncounterFactory(
        patient=patient_with_medicare, em_code="99214", total_minutes=35, related_to_hospice=False
    )
    HospiceElectionFactory(patient=patient_with_medicare)
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert _codes(claim) == [("99214", ["GW"], 1)]


def test_related_visit_by_a_non_attending_is_held_by_the_scrubber(fees, patient_with_medicare, biller):
    encounter = EncounterFactory(patient=patient_with_medicare, em_code="99214", total_minutes=35)
    HospiceElectionFactory(patient=patient_with_medicare)
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert claim.scrub_errors == 1


def test_long_medicare_office_visit_adds_g2212(fees, patient_with_medicare, biller):
    encounter = EncounterFactory(patient=patient_with_medicare, em_code="99215", total_minutes=70)
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert _codes(claim) == [("99215", [], 1), ("G2212", [], 1)]


def test_long_commercial_office_visit_adds_99417(fees, biller):
    coverage = CoverageFactory(payer=CommercialPayerFactory())
    encounter = EncounterFactory(patient=coverage.patient, em_code="99215", total_minutes=70)
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert _codes(claim) == [("99215", [], 1), ("99417", [], 2)]


def test_inpatient_claim_lists_the_condition_before_z515(fees, patient_with_medicare, biller):
    encounter = EncounterFactory(
        patient=patient_with_medicare,
        setting="inpatient",
        em_code="99233",
        total_minutes=50,
        diagnosis_codes=["Z51.5", "C34.90"],
    )
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert claim.diagnosis_codes == ["C34.90", "Z51.5"]


def test_claim_gets_a_patient_control_number_and_a_timeline_row(fees, patient_with_medicare, biller):
    claim = services.claim_build_from_encounter(encounter=EncounterFactory(patient=patient_with_medicare), by=biller)
    assert claim.patient_control_number == f"RB{claim.pk:08d}"
    assert [c.to_status for c in claim.status_changes.all()] == ["draft"]


def test_an_encounter_is_billed_once(fees, patient_with_medicare, biller):
    encounter = EncounterFactory(patient=patient_with_medicare)
    services.claim_build_from_encounter(encounter=encounter, by=biller)
    with pytest.raises(services.ClaimError, match="already on a claim"):
        services.claim_build_from_encounter(encounter=encounter, by=biller)


def test_a_voided_encounter_claim_can_be_rebuilt(fees, patient_with_medicare, biller):
    encounter = EncounterFactory(patient=patient_with_medicare)
    services.claim_void(claim=services.claim_build_from_encounter(encounter=encounter, by=biller), by=biller)
    assert services.claim_build_from_encounter(encounter=encounter, by=biller).status == Claim.Status.DRAFT


def test_acp_session_on_its_own_is_billed_with_its_visits_diagnoses(fees, patient_with_medicare, biller):
    EncounterFactory(patient=patient_with_medicare, diagnosis_codes=["Z51.5", "C25.9"])
    session = ACPSessionFactory(patient=patient_with_medicare, minutes=50)
    claim = services.claim_build_from_acp_session(session=session, by=biller)
    assert _codes(claim) == [("99497", [], 1), ("99498", [], 1)]
    assert claim.diagnosis_codes == ["Z51.5", "C25.9"]


def test_acp_session_under_16_minutes_cannot_be_billed_on_its_own(fees, patient_with_medicare, biller):
    session = ACPSessionFactory(patient=patient_with_medicare, minutes=12)
    with pytest.raises(services.ClaimError, match="under 16 minutes"):
        services.claim_build_from_acp_session(session=session, by=biller)


def test_acp_billed_with_its_visit_is_not_billed_again_on_its_own(fees, patient_with_medicare, biller):
    encounter = EncounterFactory(patient=patient_with_medicare)
    session = ACPSessionFactory(patient=patient_with_medicare, encounter=encounter, minutes=30)
    services.claim_build_from_encounter(encounter=encounter, by=biller)
    with pytest.raises(services.ClaimError, match="already on a claim"):
        services.claim_build_from_acp_session(session=session, by=biller)


def test_code_missing_from_the_fee_schedule_leaves_a_zero_charge_the_scrubber_flags(
    patient_with_medicare, billing_user
):
    claim = services.claim_build_from_encounter(
        encounter=EncounterFactory(patient=patient_with_medicare), by=billing_user
    )
    assert claim.total_charge == Decimal("0")
    assert claim.scrub_errors == 1


def test_patient_without_coverage_gets_a_claim_held_by_the_scrubber(fees, biller):
    patient = PatientFactory(address_line1="1 Elm", city="Springfield", state="IL", zip_code="62701")
    claim = services.claim_build_from_encounter(encounter=EncounterFactory(patient=patient), by=biller)
    assert claim.coverage is None
    assert claim.scrub_errors == 1


def test_payer_type_fee_wins_over_the_general_fee(fees, patient_with_medicare, biller):
    from datetime import date

    from billing.models import FeeSchedule

    FeeSchedule.objects.create(
        code="99215", payer_type="medicare", unit_charge=Decimal("199.00"), effective_from=date(2020, 1, 1)
    )
    claim = services.claim_build_from_encounter(encounter=EncounterFactory(patient=patient_with_medicare), by=biller)
    assert claim.total_charge == Decimal("199.00")
