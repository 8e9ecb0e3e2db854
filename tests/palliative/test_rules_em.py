from datetime import date

import pytest

from palliative import rules

DAY = date(2026, 11, 2)


@pytest.mark.parametrize(
    ("setting", "code"),
    [
        ("office", "99215"),
        ("home", "99350"),
        ("assisted_living", "99349"),
        ("inpatient", "99223"),
        ("observation", "99233"),
        ("nursing_facility", "99310"),
        ("skilled_nursing", "99306"),
    ],
)
def test_visit_code_of_the_settings_family_is_accepted(setting, code):
    assert rules.em_code_problem(code, setting, DAY) is None


def test_office_code_in_nursing_facility_is_refused_with_the_codes_to_choose():
    problem = rules.em_code_problem("99214", "nursing_facility", DAY)
    assert "not a visit code for the nursing facility setting" in problem
    assert "99310" in problem


def test_deleted_observation_code_is_refused_with_its_replacement():
    problem = rules.em_code_problem("99218", "observation", DAY)
    assert "deleted" in problem
    assert "99221" in problem


def test_deleted_observation_code_is_billable_before_its_deletion_date():
    # The 2021-2022 tables (CMS PFS CY2023 final rule) let corrections of 2022 claims use 99218.
    assert rules.em_code_problem("99218", "observation", date(2022, 6, 1)) is None


def test_non_em_procedure_code_is_refused_as_not_a_visit_code():
    assert "not an E/M visit code" in rules.em_code_problem("99497", "office", DAY)


def test_malformed_code_is_refused_as_not_a_cpt_code():
    assert "five digits" in rules.em_code_problem("9921", "office", DAY)


def test_office_codes_are_in_the_dated_table_from_2021():
    # CPT 2021 revised the office codes; 2024 changed only the time descriptors (issue 10).
    assert rules.em_code_problem("99214", "office", date(2021, 1, 1)) is None
    assert rules.em_code_problem("99214", "office", date(2023, 6, 1)) is None


def test_office_codes_before_2021_are_not_in_the_dated_table():
    assert rules.em_code_problem("99214", "office", date(2020, 12, 31)) is not None


@pytest.mark.parametrize(
    ("code", "minutes", "ok"),
    [
        ("99215", 40, True),
        ("99215", 39, False),
        ("99214", 30, True),
        ("99350", 60, True),
        ("99350", 59, False),
        ("99223", 75, True),
    ],
)
def test_time_supports_level_only_at_or_above_the_minimum(code, minutes, ok):
    assert rules.em_time_supports_level(code, minutes) is ok


def test_time_support_is_unknown_for_codes_without_time():
    assert rules.em_time_supports_level("99211", 30) is None


def test_time_support_fails_without_documented_time():
    assert rules.em_time_supports_level("99213", None) is False


@pytest.mark.parametrize(
    ("setting", "pos"), [("office", "11"), ("home", "12"), ("inpatient", "21"), ("nursing_facility", "32")]
)
def test_setting_maps_to_cms_place_of_service(setting, pos):
    assert rules.setting_place_of_service(setting) == pos


@pytest.mark.parametrize("minutes", [0, -5])
def test_zero_or_negative_minutes_are_refused(minutes):
    assert "positive" in rules.minutes_problem(minutes)


def test_more_than_ten_hours_is_refused_as_a_typing_slip():
    assert "ten hours" in rules.minutes_problem(601)


def test_ten_hours_is_accepted():
    assert rules.minutes_problem(600) is None


@pytest.mark.parametrize("code", ["99497", "3074F", "0042T", "G2212"])
def test_procedure_code_shapes_are_recognised(code):
    assert rules.procedure_code_format_ok(code)


@pytest.mark.parametrize("code", ["9949", "W1234", "G221", "99497-33"])
def test_malformed_procedure_codes_are_not(code):
    assert not rules.procedure_code_format_ok(code)


@pytest.mark.parametrize(("modifier", "ok"), [("33", True), ("GV", True), ("G", False), ("gv", False)])
def test_modifier_is_two_upper_case_letters_or_digits(modifier, ok):
    assert rules.modifier_format_ok(modifier) is ok


@pytest.mark.parametrize(("setting", "pos", "code"), [("group_home", "14", "99349"), ("custodial_care", "33", "99350")])
def test_group_homes_and_custodial_care_bill_home_or_residence_visits(setting, pos, code):
    assert rules.setting_place_of_service(setting) == pos
    assert rules.em_code_problem(code, setting, DAY) is None


def test_an_off_campus_hospital_department_bills_office_codes_at_pos_19():
    assert rules.setting_place_of_service("off_campus_hospital") == "19"
    assert rules.em_code_problem("99214", "off_campus_hospital", DAY) is None
