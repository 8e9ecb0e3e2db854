"""Medicare Advantage appeals (42 CFR 422 subpart M), expedited review only for care not yet
given (29 CFR 2560.503-1(m)(1); 42 CFR 422.584) and amount-in-controversy rows per year
(42 CFR 405.1006(b))."""

from datetime import date
from decimal import Decimal

import pytest

from appeals import deadlines as d

MA = d.MEDICARE_ADV


def test_medicare_advantage_starts_with_the_plan_reconsideration():
    assert d.first_level(MA) == d.PLAN_RECONSIDERATION


def test_medicare_advantage_reconsideration_is_65_days_from_the_date_on_the_notice():
    # 42 CFR 422.582(a): 65 calendar days from the date of the notice; no 5-day presumption on top.
    assert d.filing_deadline(MA, d.PLAN_RECONSIDERATION, date(2026, 3, 2)) == date(2026, 5, 6)


def test_medicare_advantage_reconsideration_ignores_a_later_recorded_receipt():
    assert d.filing_deadline(MA, d.PLAN_RECONSIDERATION, date(2026, 3, 2), date(2026, 3, 20)) == date(2026, 5, 6)


def test_medicare_advantage_reconsideration_was_60_days_before_2019():
    assert d.filing_deadline(MA, d.PLAN_RECONSIDERATION, date(2018, 12, 31)) == date(2019, 3, 1)


def test_upheld_plan_reconsideration_goes_to_the_independent_review_entity():
    assert d.next_level(MA, d.PLAN_RECONSIDERATION) == d.IRE_REVIEW
    assert d.next_level(MA, d.IRE_REVIEW) == d.ALJ


def test_the_ire_review_is_automatic_so_it_is_due_the_day_of_the_plan_decision():
    assert d.filing_deadline(MA, d.IRE_REVIEW, date(2026, 4, 1)) == date(2026, 4, 1)


def test_medicare_advantage_has_no_mac_redetermination():
    with pytest.raises(d.DeadlineError, match="not an appeal level for medicare_adv"):
        d.filing_deadline(MA, d.REDETERMINATION, date(2026, 3, 2))


def test_medicare_advantage_has_no_aca_external_review():
    with pytest.raises(d.DeadlineError, match="not an appeal level for medicare_adv"):
        d.window_for(MA, d.EXTERNAL, date(2026, 3, 2))


def test_medicare_advantage_alj_needs_the_amount_in_controversy():
    assert not d.aic_met(MA, d.ALJ, Decimal("199.99"), date(2026, 2, 1))
    assert d.aic_met(MA, d.ALJ, Decimal("200"), date(2026, 2, 1))


def test_medicare_advantage_plan_decides_a_payment_reconsideration_in_60_days():
    assert d.decision_due(MA, d.PLAN_RECONSIDERATION, date(2026, 1, 10)) == date(2026, 3, 11)


def test_a_denied_claim_never_gets_an_expedited_review():
    for payer_type in (d.COMMERCIAL, d.MEDICAID, MA):
        assert not d.expedited_available(payer_type, d.first_level(payer_type))


def test_expedited_review_of_a_post_service_claim_is_refused_with_the_reason():
    with pytest.raises(d.DeadlineError, match="only for care not yet given or still under way"):
        d.decision_due(d.COMMERCIAL, d.INTERNAL, date(2026, 1, 10), expedited=True)


def test_medicare_advantage_pre_service_reconsideration_can_be_expedited():
    assert d.expedited_available(MA, d.PLAN_RECONSIDERATION, d.PRE_SERVICE)


def test_an_unknown_kind_of_care_is_refused():
    with pytest.raises(d.DeadlineError, match="Unknown kind of care"):
        d.expedited_available(d.COMMERCIAL, d.INTERNAL, "urgent")


@pytest.mark.parametrize(
    ("year", "alj", "court"),
    [(2022, "180", "1850"), (2023, "180", "1850"), (2024, "180", "1850"), (2025, "190", "1900")],
)
def test_amount_in_controversy_has_a_row_for_each_year_from_2022(year, alj, court):
    assert d.aic_threshold(d.ALJ, date(year, 7, 1)) == Decimal(alj)
    assert d.aic_threshold(d.FEDERAL_COURT, date(year, 7, 1)) == Decimal(court)


def test_an_alj_request_in_a_year_without_a_row_is_an_error_that_says_so():
    with pytest.raises(d.DeadlineError, match="amount-in-controversy threshold on file for 2027"):
        d.aic_threshold(d.ALJ, date(2027, 1, 4))
