from datetime import date

import pytest

from palliative import rules

TODAY = date(2026, 11, 23)
ZOE = rules.patient_search_name("Zoë", "O'Brien-Nguyễn")


def _finds(text: str, search_name: str = ZOE) -> bool:
    query = rules.patient_query(text, today=TODAY)
    if query.joined and f" {query.joined}" in search_name:
        return True
    return bool(query.words) and all(f" {word}" in search_name for word in query.words)


def test_a_name_is_folded_to_lower_case_ascii_words():
    assert rules.search_fold("Zoë  O’Brien-Nguyễn") == "zoe obrien nguyen"


def test_letters_without_a_decomposition_are_transliterated():
    assert rules.search_fold("Søren Łukasz Straße") == "soren lukasz strasse"


def test_a_compound_surname_is_kept_whole_and_in_parts():
    assert ZOE == " zoe obrien nguyen obriennguyen "


@pytest.mark.parametrize(
    "typed",
    [
        "nguyen",
        "Nguyễn",
        "zoe",
        "ZOË",
        "obrien",
        "o’brien",
        "O'Brien",
        "o brien",
        "obrien-nguyen",
        "O'Brien-Nguyễn, Zoë",
        "zoe nguyen",
        "nguy",
        "obriennguyen",
    ],
)
def test_zoe_obrien_nguyen_is_found_as_people_type_her_name(typed):
    assert _finds(typed)


@pytest.mark.parametrize("typed", ["brien", "zoey", "nguyen smith"])
def test_words_that_are_not_in_her_name_do_not_find_her(typed):
    assert not _finds(typed)


@pytest.mark.parametrize(
    "typed", ["11/02/1948", "11-2-1948", "11.02.1948", "1948-11-02", "11021948", "19481102", "11/2/48", "110248"]
)
def test_a_date_of_birth_is_read_as_people_type_it(typed):
    assert rules.parse_date_of_birth(typed, today=TODAY) == date(1948, 11, 2)


def test_a_two_digit_year_is_never_in_the_future():
    assert rules.parse_date_of_birth("01/05/05", today=TODAY) == date(2005, 1, 5)
    assert rules.parse_date_of_birth("01/05/27", today=TODAY) == date(1927, 1, 5)


@pytest.mark.parametrize("typed", ["13/02/1948", "02/30/1948", "12/01/2027", "nguyen", "10001", "RB10001"])
def test_text_that_is_no_date_of_birth_is_not_read_as_one(typed):
    assert rules.parse_date_of_birth(typed, today=TODAY) is None


def test_a_name_with_a_date_of_birth_is_split_into_both():
    query = rules.patient_query("Nguyen, Zoe 11/02/1948", today=TODAY)
    assert query.words == ("nguyen", "zoe")
    assert query.dates_of_birth == (date(1948, 11, 2),)


def test_an_mrn_is_compared_without_punctuation_or_case():
    assert rules.search_mrn(" rb-10001 ") == "rb10001"
    assert rules.patient_query("RB-10001", today=TODAY).mrn == "rb10001"


@pytest.mark.parametrize(
    ("first_a", "last_a", "first_b", "last_b"),
    [
        ("Zoë", "O'Brien-Nguyễn", "Zoe", "Nguyen"),
        ("Robert", "Hale", "Rob", "Hale"),
        ("John", "Smyth", "Jon", "Smith"),
        ("Hale", "Robert", "Robert", "Hale"),
    ],
)
def test_names_that_are_probably_the_same_person_look_alike(first_a, last_a, first_b, last_b):
    assert rules.names_look_alike(first_a, last_a, first_b, last_b)


@pytest.mark.parametrize(
    ("first_a", "last_a", "first_b", "last_b"),
    [("Zoe", "Nguyen", "Anh", "Nguyen"), ("Robert", "Hale", "Robert", "Okafor")],
)
def test_different_people_born_the_same_day_do_not_look_alike(first_a, last_a, first_b, last_b):
    assert not rules.names_look_alike(first_a, last_a, first_b, last_b)
