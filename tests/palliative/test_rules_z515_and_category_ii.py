"""Z51.5 needs the condition requiring care, not a status or history code (ICD-10-CM tabular
Z51; Official Guidelines I.C.21.c.3-4); Category II codes are reported at $0.00 (CMS QPP)."""

import pytest

from palliative import rules


@pytest.mark.parametrize("status", [["Z66"], ["Z99.11"], ["Z91.81"], ["Z66", "Z79.891"], ["Z85.118"]])
def test_z515_with_only_status_or_history_codes_is_an_error(status):
    errors, _warnings = rules.palliative_sequencing_problems(["Z51.5", *status], "office")
    assert "needs the condition that requires the care" in errors[0]


def test_z515_with_a_condition_and_a_status_code_is_fine():
    assert rules.palliative_sequencing_problems(["Z51.5", "Z66", "C34.90"], "office") == ([], [])


def test_a_symptom_code_is_a_condition():
    assert rules.icd10_is_condition("R52")


def test_another_encounter_code_is_not_a_condition():
    assert not rules.icd10_is_condition("Z51.11")


@pytest.mark.parametrize("code", ["1123F", "1124F", "0521F"])
def test_category_ii_codes_are_recognised(code):
    assert rules.is_category_ii(code)


@pytest.mark.parametrize("code", ["99497", "0042T", "G0556"])
def test_other_codes_are_not_category_ii(code):
    assert not rules.is_category_ii(code)
