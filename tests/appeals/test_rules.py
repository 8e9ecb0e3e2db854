"""appeals/rules.py: matching remittance lines to billed lines, claim outcome, dashboard arithmetic."""

from datetime import date

import pytest

from appeals import rules
from appeals.rules import BilledLine

DOS = date(2026, 10, 14)
BILLED = [
    BilledLine(1, "99215", ("GV", "25"), DOS),
    BilledLine(2, "99497", ("GV", "33"), DOS),
    BilledLine(3, "99498", ("GV",), DOS),
]


def match(code, modifiers, day=DOS, billed=BILLED, taken=frozenset()):
    return rules.match_service_line(
        procedure_code=code, modifiers=modifiers, date_of_service=day, billed=billed, taken=taken
    )


def test_a_line_matches_on_code_modifiers_and_date():
    assert match("99215", ["GV", "25"]) == 1


def test_reordered_modifiers_still_match():
    assert match("99497", ["33", "GV"]) == 2


def test_a_dropped_modifier_still_matches():
    assert match("99215", ["25"]) == 1


TWIN_VISITS = [
    BilledLine(1, "99497", ("33",), DOS, control_number="RB00000001-1"),
    BilledLine(2, "99497", ("33",), DOS, control_number="RB00000001-2"),
]


def test_the_line_control_number_the_payer_echoes_picks_the_line_before_any_heuristic():
    found = rules.match_service_line(
        procedure_code="99497",
        modifiers=["33"],
        date_of_service=DOS,
        billed=TWIN_VISITS,
        control_number="RB00000001-2",
    )
    assert found == 2


def test_an_unknown_line_control_number_falls_back_to_code_and_modifiers():
    found = rules.match_service_line(
        procedure_code="99215", modifiers=["25"], date_of_service=DOS, billed=BILLED, control_number="ELSEWHERE-9"
    )
    assert found == 1


def test_all_modifiers_dropped_still_matches_the_only_line_with_that_code():
    assert match("99498", []) == 3


def test_a_different_date_of_service_does_not_match():
    assert match("99215", ["GV", "25"], day=date(2026, 10, 15)) is None


def test_an_unbilled_code_does_not_match():
    assert match("99214", []) is None


def test_a_line_already_matched_is_not_used_twice():
    assert match("99215", ["GV", "25"], taken={1}) is None


def test_two_lines_with_the_same_code_match_by_modifiers():
    billed = [BilledLine(1, "99497", (), DOS), BilledLine(2, "99497", ("33",), DOS)]
    assert match("99497", ["33"], billed=billed) == 2


def test_a_second_identical_line_takes_the_next_unmatched_one():
    billed = [BilledLine(1, "99497", (), DOS), BilledLine(2, "99497", (), DOS)]
    assert match("99497", [], billed=billed, taken={1}) == 2


def test_an_added_modifier_with_two_candidates_is_ambiguous():
    billed = [BilledLine(1, "99497", (), DOS), BilledLine(2, "99497", ("GV",), DOS)]
    assert match("99497", ["33"], billed=billed) is None


def test_codes_and_modifiers_match_without_case():
    assert match("99215", ["gv", "25"]) == 1


def test_a_line_without_a_date_matches_on_code_alone():
    assert match("99498", ["GV"], day=None) == 3


@pytest.mark.parametrize(
    ("status", "last_decision", "state"),
    [
        ("open", None, "open"),
        ("appealing", None, "appealing"),
        ("appealing", "upheld", "appealing"),
        ("won", "overturned", "won"),
        ("won", None, "won"),
        ("won", "partially", "won_in_part"),
        ("lost", "upheld", "lost"),
        ("corrected", None, "closed"),
        ("written_off", "upheld", "closed"),
    ],
)
def test_a_denial_weighs_on_its_claim_by_its_status_and_last_decision(status, last_decision, state):
    assert rules.denial_state_for_claim(status=status, last_decision=last_decision) == state


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, "0–30"),
        (30, "0–30"),
        (31, "31–60"),
        (60, "31–60"),
        (61, "61–90"),
        (90, "61–90"),
        (91, "91–120"),
        (120, "91–120"),
        (121, "120+"),
        (900, "120+"),
    ],
)
def test_claims_fall_in_30_day_age_buckets(days, bucket):
    assert rules.age_bucket(days) == bucket


def test_percent_rounds_to_one_place():
    assert rules.percent(1, 3) == 33.3


def test_percent_of_nothing_is_none():
    assert rules.percent(0, 0) is None


def test_median_of_an_odd_count_is_the_middle_value():
    assert rules.median([40, 10, 30]) == 30.0


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert rules.median([10, 20, 30, 41]) == 25.0


def test_median_of_nothing_is_none():
    assert rules.median([]) is None
