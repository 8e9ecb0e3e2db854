"""837P that payers accept: names in the X12 basic character set with their letters, middle
name, policyholder relationship, claim filing indicator, line control numbers, taxonomy."""

import pytest

from billing import services
from billing.models import Claim
from palliative.models import Payer, Role

from ..factories import (
    CommercialPayerFactory,
    CoverageFactory,
    EncounterFactory,
    PatientFactory,
    PayerFactory,
    UserFactory,
)
from .factories import ready_claim
from .x12check import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def biller(fees):
    return UserFactory(role=Role.BILLING)


def segments(text: str) -> list[str]:
    return [s.strip() for s in text.split("~") if s.strip()]


def claim_for(biller, *, payer=None, **coverage) -> Claim:
    patient = PatientFactory(
        first_name="Zoë",
        middle_name="Anaïs",
        last_name="O'Brien-Nguyễn",
        address_line1="12 Rue Côté",
        city="Springfield",
        state="IL",
        zip_code="62701",
    )
    CoverageFactory(patient=patient, payer=payer or PayerFactory(), **coverage)
    claim = services.claim_build_from_encounter(encounter=EncounterFactory(patient=patient), by=biller)
    return services.claim_mark_ready(claim=claim, by=biller)


def exported(biller, **kwargs) -> str:
    return services.claims_export_837(claims=[claim_for(biller, **kwargs)], by=biller)


def test_accented_names_are_transliterated_not_stripped(biller):
    assert any(s.startswith("NM1*IL*1*O'BRIEN-NGUYEN*ZOE*ANAIS*") for s in segments(exported(biller)))


def test_an_accented_address_keeps_its_letters(biller):
    assert "N3*12 RUE COTE" in segments(exported(biller))


def test_a_transliterated_837p_still_passes_pyx12(biller):
    ok, errors = validate(exported(biller))
    assert (ok, errors) == (True, [])


def test_the_patient_who_is_the_policyholder_is_sbr02_self(biller):
    assert any(s.startswith("SBR*P*18*") for s in segments(exported(biller)))


def test_a_spouse_is_written_in_pat01_with_the_policyholder_in_the_subscriber_loop(biller):
    text = exported(biller, subscriber_name="Liam O'Brien", relationship="01")
    found = segments(text)
    assert "PAT*01" in found
    assert any(s.startswith("NM1*IL*1*O'BRIEN*LIAM*") for s in found)
    assert any(s.startswith("NM1*QC*1*O'BRIEN-NGUYEN*ZOE*ANAIS") for s in found)
    assert validate(text) == (True, [])


@pytest.mark.parametrize(
    ("payer", "indicator"),
    [
        ({"name": "Medicare Part B", "payer_type": Payer.PayerType.MEDICARE}, "MB"),
        ({"name": "Illinois Medicaid", "payer_type": Payer.PayerType.MEDICAID, "payer_id": "77046"}, "MC"),
        ({"name": "Humana Gold", "payer_type": Payer.PayerType.MEDICARE_ADVANTAGE, "plan_type": "hmo"}, "16"),
        ({"name": "BCBS Illinois", "payer_type": Payer.PayerType.COMMERCIAL, "plan_type": "bcbs"}, "BL"),
        ({"name": "Aetna", "payer_type": Payer.PayerType.COMMERCIAL}, "CI"),
    ],
)
def test_sbr09_follows_the_payers_kind(biller, payer, indicator):
    sbr = next(s for s in segments(exported(biller, payer=PayerFactory(**payer))) if s.startswith("SBR*"))
    assert sbr.split("*")[9] == indicator


def test_every_line_carries_its_line_item_control_number(biller):
    claim = ready_claim(by=biller, acp_minutes=50)
    found = segments(services.claims_export_837(claims=[claim], by=biller))
    expected = [f"REF*6R*{claim.patient_control_number}-{line.line_number}" for line in claim.lines.all()]
    assert len(expected) == 3
    assert [s for s in found if s.startswith("REF*6R*")] == expected


def test_the_rendering_providers_taxonomy_is_sent(biller):
    assert "PRV*PE*PXC*207RH0002X" in segments(exported(biller))


def test_a_provider_without_taxonomy_is_sent_without_prv_pe_and_the_scrubber_warns(biller):
    claim = claim_for(biller)
    claim.rendering_provider.taxonomy_code = ""
    claim.rendering_provider.save()
    assert "rendering_taxonomy_missing" in [f.rule for f in services.claim_scrub(claim=claim)]
    text = services.claims_export_837(claims=[Claim.objects.get(pk=claim.pk)], by=biller)
    assert not [s for s in segments(text) if s.startswith("PRV*PE")]


def test_a_replacement_without_the_payer_claim_number_cannot_be_made_ready(biller):
    original = ready_claim(by=biller)
    services.claims_export_837(claims=[original], by=biller)
    replacement = services.claim_build_replacement(claim=Claim.objects.get(pk=original.pk), by=biller)
    findings = services.claim_scrub(claim=replacement)
    assert [f.severity for f in findings if f.rule == "correction_without_payer_number"] == ["error"]


def test_a_commercial_patient_who_is_a_child_is_pat01_19(biller):
    text = exported(biller, payer=CommercialPayerFactory(), subscriber_name="Ana Ruiz", relationship="19")
    assert "PAT*19" in segments(text)
