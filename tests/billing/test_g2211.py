"""G2211, the visit-complexity add-on: the claim builder adds it and the scrubber misses it at
its edges. Office/outpatient E/M from 2024 (CMS PFS CY2024 final rule, 88 FR 78970), home or
residence E/M from 2026 (CMS PFS CY2026 final rule, CMS-1832-F), not with modifier 25 unless the
other same-day service is an AWV, vaccine or preventive service (CMS PFS CY2025 final rule), for
payers whose profile pays it (Medicare and Medicare Advantage)."""

from datetime import date

import pytest

from billing import rules, services

from ..factories import CoverageFactory, EncounterFactory, MedicareAdvantagePayerFactory, PayerFactory
from .facts import claim, em_line, encounter, line, rule_ids


def _due(**changes):
    values = dict(
        payer_type="medicare",
        em_code="99214",
        em_modifiers=(),
        same_day_codes={"99214"},
        longitudinal_care=True,
        on=date(2026, 3, 2),
    )
    return rules.g2211_due(**{**values, **changes})


# --- The rule -------------------------------------------------------------------------------------


def test_g2211_is_due_for_a_medicare_office_visit_of_continuing_care():
    assert _due() is True


def test_g2211_is_not_due_for_a_one_time_visit():
    assert _due(longitudinal_care=False) is False


def test_g2211_did_not_exist_before_2024():
    assert _due(on=date(2023, 12, 29)) is False


def test_g2211_is_due_from_the_first_day_of_2024():
    assert _due(on=date(2024, 1, 2)) is True


def test_g2211_with_a_home_visit_is_not_due_in_2025():
    assert _due(em_code="99349", on=date(2025, 12, 31)) is False


def test_g2211_with_a_home_visit_is_due_from_2026():
    assert _due(em_code="99349", on=date(2026, 1, 2)) is True


def test_g2211_never_goes_with_a_hospital_visit():
    assert _due(em_code="99233") is False


def test_g2211_is_due_for_a_medicare_advantage_plan():
    assert _due(payer_type="medicare_adv") is True


def test_g2211_is_not_added_for_a_commercial_payer():
    assert _due(payer_type="commercial") is False


def test_g2211_is_not_due_when_the_visit_carries_25_for_a_procedure():
    assert _due(em_modifiers=("25",), same_day_codes={"99214", "96372"}) is False


def test_g2211_is_due_with_25_beside_an_awv_from_2025():
    assert _due(em_modifiers=("25",), same_day_codes={"99214", "G0439"}) is True


def test_g2211_was_not_due_with_25_beside_an_awv_in_2024():
    assert _due(em_modifiers=("25",), same_day_codes={"99214", "G0439"}, on=date(2024, 11, 4)) is False


# --- The scrubber -------------------------------------------------------------------------------


def test_a_continuing_care_office_visit_without_g2211_is_a_warning():
    findings = rules.g2211_missing(claim(em_line(encounter=encounter(longitudinal_care=True))))
    assert rule_ids(findings) == ["g2211_missing"]
    assert findings[0].severity == rules.WARNING


def test_a_continuing_care_visit_billed_with_g2211_is_fine():
    visit = em_line(encounter=encounter(longitudinal_care=True))
    assert rules.g2211_missing(claim(visit, line(2, "G2211"))) == []


def test_a_one_time_visit_without_g2211_is_fine():
    assert rules.g2211_missing(claim(em_line())) == []


def test_g2211_with_a_home_visit_in_2026_has_its_primary():
    home = em_line(encounter=encounter(setting="home", em_code="99350", total_minutes=65))
    assert rules.addon_without_primary(claim(home, line(2, "G2211"))) == []


def test_g2211_before_2024_is_not_a_billable_add_on():
    day = date(2023, 11, 6)
    findings = rules.addon_without_primary(claim(em_line(date_of_service=day), line(2, "G2211", date_of_service=day)))
    assert rule_ids(findings) == ["addon_without_primary"]
    assert "not a billable add-on" in findings[0].message


# --- The claim builder --------------------------------------------------------------------------


def _codes(claim):
    return [(line.procedure_code, line.modifiers) for line in claim.lines.order_by("line_number")]


@pytest.mark.django_db
def test_the_builder_adds_g2211_to_a_medicare_office_visit_of_continuing_care(patient_with_medicare, biller):
    encounter = EncounterFactory(patient=patient_with_medicare, em_code="99214", longitudinal_care=True)
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert _codes(claim) == [("99214", []), ("G2211", [])]
    assert claim.lines.get(procedure_code="G2211").charge > 0
    assert claim.scrub_errors == 0


@pytest.mark.django_db
def test_the_builder_adds_no_g2211_to_a_one_time_visit(patient_with_medicare, biller):
    encounter = EncounterFactory(patient=patient_with_medicare, em_code="99214")
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert _codes(claim) == [("99214", [])]


@pytest.mark.django_db
def test_the_builder_adds_g2211_to_a_home_visit_in_2026(patient_with_medicare, biller):
    encounter = EncounterFactory(
        patient=patient_with_medicare,
        setting="home",
        em_code="99350",
        total_minutes=65,
        longitudinal_care=True,
        date_of_service=date(2026, 1, 5),
    )
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert [code for code, _ in _codes(claim)] == ["99350", "G2211"]


@pytest.mark.django_db
def test_the_builder_adds_no_g2211_for_a_commercial_payer(biller):
    encounter = EncounterFactory(longitudinal_care=True)
    CoverageFactory(patient=encounter.patient, payer=PayerFactory(payer_type="commercial", name="Acme Health"))
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert "G2211" not in [code for code, _ in _codes(claim)]


@pytest.mark.django_db
def test_the_builder_adds_g2211_for_a_medicare_advantage_member(biller):
    encounter = EncounterFactory(longitudinal_care=True)
    CoverageFactory(patient=encounter.patient, payer=MedicareAdvantagePayerFactory(), member_id="H12345678")
    claim = services.claim_build_from_encounter(encounter=encounter, by=biller)
    assert "G2211" in [code for code, _ in _codes(claim)]
