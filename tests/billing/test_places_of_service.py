"""Places of service and telehealth at their edges: POS 34 (hospice facility), 23 (emergency
department: 99281-99285), 02/10 telehealth with the modifier each payer wants (Medicare: none for
video since 2024, 93 for audio-only; others 95/93). Sources: CMS Place of Service code set; CMS
PFS CY2024 (88 FR 78874-78876) and CY2025 final rules; CPT Appendix A (95, 93)."""

from datetime import date

import pytest

from billing import rules, services
from palliative import rules as core

from ..factories import CoverageFactory, EncounterFactory, PayerFactory
from .facts import claim, em_line, encounter, rule_ids


def test_an_inpatient_hospice_facility_is_place_of_service_34_with_hospital_codes():
    assert core.setting_place_of_service("hospice_facility") == "34"
    assert core.em_code_problem("99232", "hospice_facility", date(2026, 3, 2)) is None


def test_the_emergency_department_is_place_of_service_23():
    assert core.setting_place_of_service("emergency") == "23"


def test_an_emergency_department_visit_takes_the_ed_family():
    assert core.em_code_problem("99284", "emergency", date(2026, 3, 2)) is None


def test_an_office_code_in_the_emergency_department_is_refused_naming_the_ed_codes():
    problem = core.em_code_problem("99214", "emergency", date(2026, 3, 2))
    assert "99281" in problem
    assert "99285" in problem


def test_telehealth_to_the_patient_at_home_is_place_of_service_10_and_elsewhere_02():
    assert core.setting_place_of_service("telehealth_home") == "10"
    assert core.setting_place_of_service("telehealth_audio") == "10"
    assert core.setting_place_of_service("telehealth") == "02"


def test_telehealth_bills_the_office_family():
    assert core.em_code_problem("99214", "telehealth_home", date(2026, 3, 2)) is None


# --- Which modifier each payer wants -------------------------------------------------------------


def test_medicare_video_telehealth_needs_no_modifier():
    assert rules.telehealth_modifier("medicare", "telehealth_home", date(2026, 3, 2)) is None


def test_medicare_audio_only_telehealth_needs_93():
    assert rules.telehealth_modifier("medicare", "telehealth_audio", date(2026, 3, 2)) == "93"


def test_a_commercial_payer_wants_95_on_video_telehealth():
    assert rules.telehealth_modifier("commercial", "telehealth", date(2026, 3, 2)) == "95"


def test_an_in_person_visit_wants_no_telehealth_modifier():
    assert rules.telehealth_modifier("commercial", "office", date(2026, 3, 2)) is None


# --- The scrubber -------------------------------------------------------------------------------


def _tele(setting, modifiers=(), **changes):
    return claim(
        em_line(encounter=encounter(setting=setting, em_code="99214", total_minutes=35), modifiers=modifiers), **changes
    )


def test_commercial_video_telehealth_without_95_is_an_error_naming_the_fix():
    findings = rules.telehealth_modifier_problem(_tele("telehealth", payer_type="commercial"))
    assert rule_ids(findings) == ["telehealth_modifier_problem"]
    assert findings[0].fix == "Add modifier 95 to the line."


def test_commercial_video_telehealth_with_95_is_fine():
    assert rules.telehealth_modifier_problem(_tele("telehealth", ("95",), payer_type="commercial")) == []


def test_medicare_video_telehealth_without_a_modifier_is_fine():
    assert rules.telehealth_modifier_problem(_tele("telehealth_home")) == []


def test_medicare_audio_only_without_93_is_an_error():
    findings = rules.telehealth_modifier_problem(_tele("telehealth_audio"))
    assert "93" in findings[0].fix


def test_93_on_a_video_visit_is_an_error():
    assert rule_ids(rules.telehealth_modifier_problem(_tele("telehealth_home", ("93",)))) == [
        "telehealth_modifier_problem"
    ]


def test_95_on_an_in_person_office_visit_is_an_error():
    findings = rules.telehealth_modifier_problem(_tele("office", ("95",)))
    assert "POS 11" in findings[0].message


# --- The claim builder --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_builder_puts_95_on_a_commercial_video_visit_with_pos_02(biller):
    encounter = EncounterFactory(setting="telehealth", em_code="99214", total_minutes=35)
    CoverageFactory(patient=encounter.patient, payer=PayerFactory(payer_type="commercial", name="Acme Health"))
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert claim.place_of_service == "02"
    assert claim.lines.get(line_number=1).modifiers == ["95"]


@pytest.mark.django_db
def test_the_builder_puts_93_on_a_medicare_audio_only_visit_with_pos_10(patient_with_medicare, biller):
    encounter = EncounterFactory(
        patient=patient_with_medicare, setting="telehealth_audio", em_code="99214", total_minutes=35
    )
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert claim.place_of_service == "10"
    assert claim.lines.get(line_number=1).modifiers == ["93"]
    assert claim.scrub_errors == 0


@pytest.mark.django_db
def test_the_builder_bills_a_hospice_facility_visit_at_pos_34(patient_with_medicare, biller):
    encounter = EncounterFactory(
        patient=patient_with_medicare, setting="hospice_facility", em_code="99233", total_minutes=55
    )
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert claim.place_of_service == "34"
    assert claim.scrub_errors == 0
