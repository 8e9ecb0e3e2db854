from palliative import rules
from palliative.selectors import icd10_suggestions


def test_a_code_start_suggests_the_billable_codes_under_it():
    codes = [code for code, _title in icd10_suggestions("C34.9", limit=10)]
    assert codes == ["C34.90", "C34.91", "C34.92"]


def test_a_code_typed_without_its_dot_or_in_lower_case_is_understood():
    assert icd10_suggestions("z515") == [("Z51.5", "Encounter for palliative care")]


def test_headings_are_never_suggested():
    codes = [code for code, _title in icd10_suggestions("C34", limit=50)]
    assert "C34" not in codes
    assert "C34.9" not in codes
    assert "C34.90" in codes


def test_lung_ca_suggests_malignant_neoplasms_of_the_lung():
    suggestions = icd10_suggestions("lung ca", limit=5)
    assert len(suggestions) == 5
    assert all(code.startswith("C34") for code, _title in suggestions)


def test_a_word_finds_codes_whose_title_has_it_whole_first():
    suggestions = icd10_suggestions("dementia", limit=20)
    assert suggestions
    assert all("dementia" in title.lower() for _code, title in suggestions)


def test_every_suggestion_passes_the_claim_validator():
    for code, _title in icd10_suggestions("copd", limit=10):
        assert rules.icd10_problem(code) is None


def test_clinicians_abbreviations_are_understood():
    assert icd10_suggestions("als", limit=1) == [("G12.21", "Amyotrophic lateral sclerosis")]


def test_nothing_typed_suggests_nothing():
    assert icd10_suggestions("  ") == []
