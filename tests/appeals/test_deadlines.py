"""appeals/deadlines.py at every edge (shared/domain.md conventions, 42 CFR 405 and 438, 45 CFR 147.136)."""

from datetime import date
from decimal import Decimal

import pytest

from appeals import deadlines as d
from appeals.deadlines import filing_deadline

NOTICE = date(2026, 3, 2)


# --- Medicare: receipt presumption and the five windows ------------------------------------


def test_medicare_redetermination_counts_120_days_from_notice_plus_5_without_a_receipt():
    # 03/02 + 5 = 03/07 received; + 120 days = 07/05.
    assert filing_deadline("medicare", "redetermination", NOTICE) == date(2026, 7, 5)


def test_medicare_redetermination_counts_from_the_recorded_receipt_when_there_is_one():
    assert filing_deadline("medicare", "redetermination", NOTICE, date(2026, 3, 4)) == date(2026, 7, 2)


def test_medicare_receipt_recorded_later_than_the_presumption_is_evidence_to_the_contrary():
    assert filing_deadline("medicare", "redetermination", NOTICE, date(2026, 3, 20)) == date(2026, 7, 18)


def test_medicare_receipt_on_the_notice_date_itself_starts_the_clock_that_day():
    assert filing_deadline("medicare", "redetermination", NOTICE, NOTICE) == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("level", "days"),
    [("redetermination", 120), ("reconsideration", 180), ("alj", 60), ("appeals_council", 60), ("federal_court", 60)],
)
def test_medicare_level_windows_count_from_presumed_receipt(level, days):
    received = date(2026, 3, 7)
    assert (filing_deadline("medicare", level, NOTICE) - received).days == days


def test_medicare_reconsideration_of_a_december_decision_crosses_the_year():
    # 12/28/2025 + 5 = 01/02/2026; + 180 = 07/01/2026.
    assert filing_deadline("medicare", "reconsideration", date(2025, 12, 28)) == date(2026, 7, 1)


def test_medicare_presumption_crosses_a_leap_day():
    # 02/26/2028 + 5 = 03/02/2028 (2028 is a leap year); + 60 = 05/01/2028.
    assert filing_deadline("medicare", "alj", date(2028, 2, 26)) == date(2028, 5, 1)


def test_medicare_deadline_on_a_sunday_stays_on_the_sunday():
    # 2026-07-05 is a Sunday; the convention is the last calendar day, no roll-forward.
    deadline = filing_deadline("medicare", "redetermination", NOTICE)
    assert deadline.weekday() == 6


def test_filing_on_the_deadline_is_timely():
    assert d.is_timely(date(2026, 7, 5), date(2026, 7, 5))


def test_filing_the_day_after_the_deadline_is_late():
    assert not d.is_timely(date(2026, 7, 5), date(2026, 7, 6))


# --- Commercial -----------------------------------------------------------------------------


def test_commercial_internal_is_180_days_from_the_notice_date_without_the_5_day_presumption():
    assert filing_deadline("commercial", "internal", NOTICE) == date(2026, 8, 29)


def test_commercial_internal_counts_from_the_recorded_receipt():
    assert filing_deadline("commercial", "internal", NOTICE, date(2026, 3, 10)) == date(2026, 9, 6)


def test_commercial_external_is_four_calendar_months_after_receipt_of_the_final_internal_denial():
    assert filing_deadline("commercial", "external", date(2026, 5, 15)) == date(2026, 9, 15)


def test_commercial_external_without_a_matching_day_falls_on_the_first_of_the_fifth_month():
    # DOL Technical Release 2010-01: received October 30, no February 30, so March 1.
    assert filing_deadline("commercial", "external", date(2026, 10, 30)) == date(2027, 3, 1)


def test_commercial_external_from_october_31_in_a_leap_cycle_is_march_1():
    assert filing_deadline("commercial", "external", date(2027, 10, 31)) == date(2028, 3, 1)


def test_commercial_external_from_october_29_before_a_leap_february_is_february_29():
    assert filing_deadline("commercial", "external", date(2027, 10, 29)) == date(2028, 2, 29)


def test_commercial_external_from_august_31_ends_december_31():
    assert filing_deadline("commercial", "external", date(2026, 8, 31)) == date(2026, 12, 31)


def test_commercial_external_from_september_30_ends_january_30_next_year():
    assert filing_deadline("commercial", "external", date(2026, 9, 30)) == date(2027, 1, 30)


def test_commercial_external_from_october_31_ends_march_1_next_year():
    assert filing_deadline("commercial", "external", date(2026, 10, 31)) == date(2027, 3, 1)


def test_add_months_rolls_past_december_into_january():
    assert d.add_months(date(2026, 12, 31), 1) == date(2027, 1, 31)


def test_add_months_from_a_missing_day_in_november_rolls_to_december_first():
    assert d.add_months(date(2026, 10, 31), 1) == date(2026, 12, 1)


def test_four_months_from_july_31_is_december_first():
    assert d.add_months(date(2026, 7, 31), 4) == date(2026, 12, 1)


# --- Notice deadline and payer profile --------------------------------------------------------


def test_an_earlier_deadline_printed_on_the_notice_wins():
    # Some external-review notices say 60 days (shared/domain.md §6.3).
    assert filing_deadline("commercial", "external", NOTICE, notice_deadline=date(2026, 5, 1)) == date(2026, 5, 1)


def test_a_later_deadline_printed_on_the_notice_does_not_extend_the_rule():
    assert filing_deadline("commercial", "internal", NOTICE, notice_deadline=date(2027, 1, 1)) == date(2026, 8, 29)


def test_a_notice_deadline_equal_to_the_rule_changes_nothing():
    assert filing_deadline("commercial", "internal", NOTICE, notice_deadline=date(2026, 8, 29)) == date(2026, 8, 29)


def test_a_notice_deadline_before_the_notice_date_is_refused():
    with pytest.raises(d.DeadlineError, match="before the notice"):
        filing_deadline("commercial", "internal", NOTICE, notice_deadline=date(2026, 3, 1))


def test_a_shorter_payer_window_shortens_the_deadline():
    assert filing_deadline("commercial", "internal", NOTICE, payer_window_days=90) == date(2026, 5, 31)


def test_a_longer_payer_window_never_extends_the_deadline():
    assert filing_deadline("commercial", "internal", NOTICE, payer_window_days=365) == date(2026, 8, 29)


def test_a_payer_window_on_medicare_counts_from_presumed_receipt():
    assert filing_deadline("medicare", "redetermination", NOTICE, payer_window_days=60) == date(2026, 5, 6)


def test_a_zero_day_payer_window_is_refused():
    with pytest.raises(d.DeadlineError, match="at least one day"):
        filing_deadline("commercial", "internal", NOTICE, payer_window_days=0)


def test_the_earliest_of_rule_profile_and_notice_wins():
    deadline = filing_deadline(
        "commercial", "internal", NOTICE, payer_window_days=90, notice_deadline=date(2026, 4, 15)
    )
    assert deadline == date(2026, 4, 15)


# --- Medicaid (documented choice: managed-care federal floor, from the date on the notice) ------


def test_medicaid_internal_is_60_days_from_the_date_on_the_notice():
    assert filing_deadline("medicaid", "internal", NOTICE) == date(2026, 5, 1)


def test_medicaid_ignores_a_recorded_receipt_because_the_rule_counts_from_the_notice_date():
    assert filing_deadline("medicaid", "internal", NOTICE, date(2026, 3, 20)) == date(2026, 5, 1)


def test_medicaid_state_fair_hearing_is_120_days_from_the_plan_resolution_notice():
    assert filing_deadline("medicaid", "external", NOTICE) == date(2026, 6, 30)


def test_medicaid_state_window_enters_as_a_shorter_payer_profile():
    assert filing_deadline("medicaid", "internal", NOTICE, payer_window_days=30) == date(2026, 4, 1)


def test_medicaid_has_no_medicare_levels():
    with pytest.raises(d.DeadlineError, match="not an appeal level for medicaid"):
        filing_deadline("medicaid", "redetermination", NOTICE)


def test_medicaid_rules_before_the_2016_rule_took_effect_are_not_on_file():
    with pytest.raises(d.DeadlineError, match="No medicaid"):
        filing_deadline("medicaid", "internal", date(2017, 6, 30))


# --- Refusals ----------------------------------------------------------------------------------


def test_commercial_has_no_redetermination():
    with pytest.raises(d.DeadlineError, match="not an appeal level for commercial"):
        filing_deadline("commercial", "redetermination", NOTICE)


def test_medicare_has_no_internal_appeal():
    with pytest.raises(d.DeadlineError, match="not an appeal level for medicare"):
        filing_deadline("medicare", "internal", NOTICE)


def test_unknown_payer_type_is_refused():
    with pytest.raises(d.DeadlineError, match="Unknown payer type"):
        filing_deadline("tricare", "internal", NOTICE)


def test_unknown_level_is_refused():
    with pytest.raises(d.DeadlineError, match="Unknown appeal level"):
        filing_deadline("medicare", "supreme_court", NOTICE)


def test_receipt_before_the_notice_date_is_refused():
    with pytest.raises(d.DeadlineError, match="before its date"):
        filing_deadline("medicare", "redetermination", NOTICE, date(2026, 3, 1))


def test_a_notice_older_than_any_window_on_file_is_refused():
    with pytest.raises(d.DeadlineError, match="No medicare"):
        filing_deadline("medicare", "redetermination", date(2005, 4, 30))


def test_a_window_takes_effect_on_its_effective_date():
    assert filing_deadline("medicare", "redetermination", date(2005, 5, 1)) == date(2005, 9, 3)


# --- Escalation ladder ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "after"),
    [
        ("redetermination", "reconsideration"),
        ("reconsideration", "alj"),
        ("alj", "appeals_council"),
        ("appeals_council", "federal_court"),
        ("federal_court", None),
    ],
)
def test_medicare_escalates_one_level_at_a_time(level, after):
    assert d.next_level("medicare", level) == after


def test_commercial_internal_escalates_to_external_review():
    assert d.next_level("commercial", "internal") == "external"


def test_commercial_external_review_is_the_last_level():
    assert d.next_level("commercial", "external") is None


def test_medicaid_plan_appeal_escalates_to_the_state_fair_hearing():
    assert d.next_level("medicaid", "internal") == "external"


def test_first_level_of_medicare_is_redetermination():
    assert d.first_level("medicare") == "redetermination"


def test_first_level_of_commercial_is_internal():
    assert d.first_level("commercial") == "internal"


# --- Amount in controversy -----------------------------------------------------------------------


def test_alj_threshold_is_190_for_requests_filed_in_2025():
    assert d.aic_threshold("alj", date(2025, 12, 31)) == Decimal("190")


def test_alj_threshold_is_200_from_january_1_2026():
    assert d.aic_threshold("alj", date(2026, 1, 1)) == Decimal("200")


def test_federal_court_threshold_is_1900_in_2025():
    assert d.aic_threshold("federal_court", date(2025, 6, 1)) == Decimal("1900")


def test_federal_court_threshold_is_1960_in_2026():
    assert d.aic_threshold("federal_court", date(2026, 6, 1)) == Decimal("1960")


def test_levels_without_a_threshold_have_none():
    assert d.aic_threshold("reconsideration", date(2026, 6, 1)) is None


def test_threshold_before_the_table_starts_is_refused():
    with pytest.raises(d.DeadlineError, match="amount-in-controversy threshold on file for 2021"):
        d.aic_threshold("alj", date(2021, 12, 31))


def test_exactly_the_alj_threshold_is_enough():
    assert d.aic_met("medicare", "alj", Decimal("200.00"), date(2026, 2, 1))


def test_a_cent_below_the_alj_threshold_is_not_enough():
    assert not d.aic_met("medicare", "alj", Decimal("199.99"), date(2026, 2, 1))


def test_195_is_enough_for_alj_in_2025_but_not_in_2026():
    assert d.aic_met("medicare", "alj", Decimal("195"), date(2025, 12, 31))
    assert not d.aic_met("medicare", "alj", Decimal("195"), date(2026, 1, 1))


def test_a_cent_below_the_federal_court_threshold_is_not_enough():
    assert not d.aic_met("medicare", "federal_court", Decimal("1959.99"), date(2026, 2, 1))


def test_the_appeals_council_has_no_minimum():
    assert d.aic_met("medicare", "appeals_council", Decimal("1"), date(2026, 2, 1))


def test_commercial_external_review_has_no_amount_in_controversy():
    assert d.aic_met("commercial", "external", Decimal("1"), date(2026, 2, 1))


def test_amount_in_controversy_is_billed_less_paid_less_patient_share():
    assert d.amount_in_controversy(
        billed=Decimal("300"), paid=Decimal("50"), patient_responsibility=Decimal("20")
    ) == Decimal("230")


def test_amount_in_controversy_is_never_negative():
    assert d.amount_in_controversy(billed=Decimal("100"), paid=Decimal("120")) == Decimal("0")


# --- Decision clocks -----------------------------------------------------------------------------


def test_medicare_redetermination_decision_is_due_60_days_after_filing():
    assert d.decision_due("medicare", "redetermination", date(2026, 1, 10)) == date(2026, 3, 11)


def test_alj_decision_is_due_90_days_after_filing():
    assert d.decision_due("medicare", "alj", date(2026, 1, 10)) == date(2026, 4, 10)


def test_federal_court_has_no_decision_clock():
    assert d.decision_due("medicare", "federal_court", date(2026, 1, 10)) is None


def test_commercial_post_service_internal_decision_is_due_in_60_days():
    assert d.decision_due("commercial", "internal", date(2026, 1, 10)) == date(2026, 3, 11)


def test_expedited_commercial_pre_service_review_is_due_72_hours_after_filing():
    due = d.decision_due("commercial", "internal", date(2026, 1, 10), expedited=True, care=d.PRE_SERVICE)
    assert due == date(2026, 1, 13)


def test_expedited_medicaid_concurrent_care_appeal_is_due_72_hours_after_filing():
    due = d.decision_due("medicaid", "internal", date(2026, 1, 30), expedited=True, care=d.CONCURRENT)
    assert due == date(2026, 2, 2)


def test_expedited_review_does_not_change_the_filing_window():
    assert filing_deadline("commercial", "external", date(2026, 5, 15)) == date(2026, 9, 15)
    assert d.expedited_available("commercial", "external", d.PRE_SERVICE)


def test_medicare_claim_appeals_have_no_expedited_track():
    with pytest.raises(d.DeadlineError, match="no expedited review"):
        d.decision_due("medicare", "redetermination", date(2026, 1, 10), expedited=True)


# --- Reminders and urgency -----------------------------------------------------------------------

DEADLINE = date(2026, 7, 5)


@pytest.mark.parametrize(
    ("today", "offset"),
    [
        (date(2026, 6, 20), None),
        (date(2026, 6, 21), 14),
        (date(2026, 6, 27), 14),
        (date(2026, 6, 28), 7),
        (date(2026, 7, 2), 3),
        (date(2026, 7, 4), 1),
        (date(2026, 7, 5), 1),
        (date(2026, 7, 6), None),
    ],
)
def test_the_closest_reminder_due_by_today_is_the_one_sent(today, offset):
    assert d.reminder_offset_due(DEADLINE, today) == offset


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 7, 6), "overdue"),
        (date(2026, 7, 5), "this_week"),
        (date(2026, 6, 28), "this_week"),
        (date(2026, 6, 27), "later"),
    ],
)
def test_urgency_marks_overdue_and_due_this_week(today, expected):
    assert d.urgency(DEADLINE, today) == expected


def test_urgency_without_a_deadline_is_none():
    assert d.urgency(None, DEADLINE) == "none"
