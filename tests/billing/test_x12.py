"""The 837P the app writes passes pyx12's 005010X222A1 validation."""

import pytest

from billing import services
from billing.models import Claim

from ..factories import CommercialPayerFactory, CoverageFactory, EncounterFactory, PatientFactory
from .factories import ready_claim
from .x12check import validate

pytestmark = pytest.mark.django_db


def _segments(text: str) -> list[str]:
    return [s.strip() for s in text.split("~") if s.strip()]


@pytest.fixture
def exported(biller):
    """Several claims: ACP with 99498 units and modifier 33 with an AWV, secondary diagnoses,
    a commercial payer with a policyholder who is not the patient, and a replacement."""
    acp = ready_claim(
        by=biller, acp_minutes=80, with_awv=True, diagnosis_codes=["Z51.5", "C34.90", "R06.00", "R52"], em_code="99214"
    )
    patient = PatientFactory(
        last_name="O'Neil-Smith", address_line1="9 Oak St", city="Chatham", state="IL", zip_code="62629"
    )
    CoverageFactory(
        patient=patient,
        payer=CommercialPayerFactory(),
        subscriber_name="Thomas O'Neil",
        relationship="01",
        group_number="GRP7",
    )
    commercial = services.claim_mark_ready(
        claim=services.claim_build_from_encounter(encounter=EncounterFactory(patient=patient), by=biller), by=biller
    )
    # Medicare Part B corrects by reopening, so the replacement goes to a commercial payer.
    original = ready_claim(by=biller, payer=CommercialPayerFactory())
    services.claims_export_837(claims=[original], by=biller)
    original = Claim.objects.get(pk=original.pk)
    original.payer_claim_number = "26123000123"
    original.save()
    original.transition_to("denied", by=biller)
    replacement = services.claim_mark_ready(
        claim=services.claim_build_replacement(claim=original, by=biller), by=biller
    )
    return services.claims_export_837(claims=[acp, commercial, replacement], by=biller)


def test_exported_837p_passes_pyx12_validation(exported):
    ok, errors = validate(exported)
    assert errors == []
    assert ok is True


def test_837p_carries_acp_units_and_modifiers(exported):
    segments = _segments(exported)
    assert "SV1*HC:99497:33*85*UN*1***1:2:3:4" in segments
    assert "SV1*HC:99498:33*150*UN*2***1:2:3:4" in segments


def test_837p_lists_the_principal_and_secondary_diagnoses(exported):
    assert "HI*ABK:Z515*ABF:C3490*ABF:R0600*ABF:R52" in _segments(exported)


def test_837p_sends_a_replacement_with_frequency_7_and_the_payer_claim_number(exported):
    segments = _segments(exported)
    assert any(s.startswith("CLM*") and s.endswith("11:B:7*Y*A*Y*Y") for s in segments)
    assert "REF*F8*26123000123" in segments


def test_837p_adds_the_patient_loop_when_the_patient_is_not_the_policyholder(exported):
    segments = _segments(exported)
    assert "PAT*01" in segments
    assert any(s.startswith("NM1*QC*1*O'NEIL-SMITH") for s in segments)


def test_837p_segment_count_matches_the_trailer(exported):
    segments = _segments(exported)
    st, se = segments.index(next(s for s in segments if s.startswith("ST*"))), len(segments) - 3
    assert segments[se] == f"SE*{se - st + 1}*0001"


def test_a_broken_837p_is_caught_by_the_validator(exported):
    broken = exported.replace("DMG*D8*19400314*F", "DMG*D8*19401314*F", 1)
    ok, _errors = validate(broken)
    assert ok is False
