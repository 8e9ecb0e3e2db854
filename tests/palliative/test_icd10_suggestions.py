import pytest

from palliative import rules
from palliative.selectors import _icd10_billable_titles, icd10_suggestions


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


def test_the_condition_typed_comes_before_a_code_of_its_absence():
    codes = [code for code, _title in icd10_suggestions("heart failure", limit=50)]
    assert codes[0] == "I50.9"
    assert codes.index("I50.9") < codes.index("I11.9")  # "... without heart failure"


def test_lung_ca_suggests_primary_lung_cancers_before_secondary_ones():
    codes = [code for code, _title in icd10_suggestions("lung ca", limit=40)]
    primary = [code for code in codes if code.startswith("C34")]
    assert codes[: len(primary)] == primary
    assert codes.index("C78.00") > len(primary) - 1


def test_typing_mets_suggests_the_secondary_codes():
    codes = [code for code, _title in icd10_suggestions("lung mets", limit=3)]
    assert codes == ["C78.00", "C78.01", "C78.02"]


def test_a_manifestation_code_never_comes_first_for_dementia():
    _code, title = icd10_suggestions("dementia", limit=1)[0]
    assert "elsewhere" not in title.lower()


def test_a_transplant_failure_comes_after_the_organ_failure():
    assert icd10_suggestions("hepatic failure", limit=1) == [("K72.90", "Hepatic failure, unspecified without coma")]


def test_an_organ_adjective_finds_the_organ_named_in_the_title():
    codes = [code for code, _title in icd10_suggestions("pancreatic cancer", limit=10)]
    assert "C25.9" in codes


def test_a_title_opening_with_the_word_typed_ranks_first():
    rank_open = rules.icd10_text_rank(["heart", "failure"], " heart failure unspecified ")
    rank_inside = rules.icd10_text_rank(["heart", "failure"], " rheumatic heart failure ")
    assert rank_open < rank_inside


def test_a_word_missing_from_the_title_does_not_match():
    assert rules.icd10_text_rank(["lung", "ca"], " malignant neoplasm of pancreas ") is None


@pytest.mark.parametrize("typed", ["lung ca", "heart failure", "copd", "mets bone", "cancer of pancreas", "als", "pa"])
def test_the_one_pass_title_search_suggests_what_ranking_every_title_suggests(typed):
    words = rules.search_fold(typed).split()
    ranked = sorted(
        (rank, code, title)
        for code, title, folded in _icd10_billable_titles()
        if (rank := rules.icd10_text_rank(words, folded)) is not None
    )
    assert icd10_suggestions(typed, limit=30) == [(code, title) for _rank, code, title in ranked[:30]]


@pytest.mark.parametrize("typed", ["C3", "c34", "C34.9", "Z51.5", "S06.0X0A", "Q99"])
def test_a_code_start_suggests_the_first_codes_under_it_in_code_order(typed):
    start = rules.icd10_normalize(typed)
    under = [(code, title) for code, title, _folded in _icd10_billable_titles() if code.startswith(start)]
    assert icd10_suggestions(typed, limit=20) == under[:20]
