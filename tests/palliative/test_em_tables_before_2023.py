"""The 2021-2022 hospital, observation, nursing-facility, domiciliary and home E/M tables, so
corrections and appeals of older claims are checked by the rules then in force (CMS PFS CY2023
final rule, CMS-1770-F: deleted 99217-99220, 99224-99226, 99241/99251, 99318, 99324-99337, 99343;
CPT 2022 typical times)."""

from datetime import date

from billing import rules as billing_rules
from palliative import rules

from ..billing.facts import claim, em_line, encounter, rule_ids

LAST_DAY_2022 = date(2022, 12, 31)
FIRST_DAY_2023 = date(2023, 1, 1)


def test_an_observation_code_is_billable_on_the_last_day_of_2022():
    assert rules.em_code_problem("99220", "observation", LAST_DAY_2022) is None


def test_an_observation_code_is_deleted_from_2023():
    assert "deleted" in rules.em_code_problem("99220", "observation", FIRST_DAY_2023)


def test_a_domiciliary_visit_is_billable_in_assisted_living_in_2022():
    assert rules.em_code_problem("99336", "assisted_living", date(2022, 3, 1)) is None


def test_home_visit_99343_is_billable_in_2022():
    assert rules.em_code_problem("99343", "home", date(2022, 3, 1)) is None


def test_the_nursing_facility_annual_assessment_is_billable_in_2022():
    assert rules.em_code_problem("99318", "nursing_facility", date(2022, 3, 1)) is None


def test_a_2022_subsequent_hospital_visit_takes_its_2022_typical_time():
    assert rules.em_time_supports_level("99233", 35, date(2022, 3, 1)) is True


def test_the_same_minutes_do_not_support_that_code_from_2023():
    assert rules.em_time_supports_level("99233", 35, FIRST_DAY_2023) is False


def test_the_2023_hospital_codes_are_not_offered_for_2022_with_their_2023_labels():
    codes = dict(dict(rules.em_code_choices(date(2022, 3, 1)))["Hospital inpatient or observation"])
    assert "2022 and before" in codes["99232"]


def test_the_scrubber_checks_a_2022_hospital_visit_against_the_2022_time():
    day = date(2022, 3, 1)
    visit = em_line(encounter=encounter(setting="inpatient", em_code="99233", total_minutes=35), date_of_service=day)
    assert billing_rules.em_level_not_supported_by_time(claim(visit)) == []


def test_the_scrubber_refuses_the_same_visit_in_2023():
    day = date(2023, 3, 1)
    visit = em_line(encounter=encounter(setting="inpatient", em_code="99233", total_minutes=35), date_of_service=day)
    assert rule_ids(billing_rules.em_level_not_supported_by_time(claim(visit))) == ["em_level_not_supported_by_time"]
