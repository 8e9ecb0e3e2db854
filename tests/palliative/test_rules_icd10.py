import pytest

from palliative import rules


@pytest.mark.parametrize("code", ["Z51.5", "Z515", "c34.90", " C34.90 "])
def test_billable_codes_are_accepted_with_or_without_dot_and_case(code):
    assert rules.icd10_problem(code) is None


def test_normalize_puts_the_dot_after_the_third_character():
    assert rules.icd10_normalize("c3490") == "C34.90"


def test_three_character_code_keeps_no_dot():
    assert rules.icd10_normalize("i10") == "I10"


def test_category_with_subcodes_is_not_billable():
    problem = rules.icd10_problem("C34.9")
    assert "not billable" in problem
    assert "more specific" in problem


def test_code_not_in_the_code_set_is_refused():
    assert "not in the" in rules.icd10_problem("Z51.50")


@pytest.mark.parametrize("code", ["ABC", "123", "Z5"])
def test_malformed_code_is_refused_with_the_expected_shape(code):
    assert "starts with a letter and a digit" in rules.icd10_problem(code)


def test_description_comes_from_the_code_set():
    assert "palliative" in rules.icd10_description("Z51.5").lower()


def test_z515_alone_is_an_error():
    errors, _warnings = rules.palliative_sequencing_problems(["Z51.5"], "office")
    assert "cannot be the only diagnosis" in errors[0]


def test_z515_with_the_underlying_condition_is_fine_in_the_office():
    assert rules.palliative_sequencing_problems(["Z51.5", "C34.90"], "office") == ([], [])


def test_z515_first_in_inpatient_care_is_a_warning():
    errors, warnings = rules.palliative_sequencing_problems(["Z51.5", "C34.90"], "inpatient")
    assert errors == []
    assert "usually not the principal" in warnings[0]


def test_z515_second_in_inpatient_care_is_fine():
    assert rules.palliative_sequencing_problems(["C34.90", "Z51.5"], "inpatient") == ([], [])


def test_diagnoses_without_z515_have_no_sequencing_problem():
    assert rules.palliative_sequencing_problems(["C34.90"], "inpatient") == ([], [])
