"""Appeals from drafting to filed to decided, escalation with its new deadline and the AIC check."""

from datetime import date
from decimal import Decimal

import pytest

from appeals import services
from appeals.models import Appeal, Denial, PayerAppealWindow
from appeals.services import AppealError
from billing.models import Claim

from ..factories import CommercialPayerFactory, CoverageFactory, UserFactory
from .factories import DenialFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


@pytest.fixture
def biller():
    return UserFactory(role="billing")


@pytest.fixture
def denial():
    return DenialFactory(notice_date=date(2026, 3, 2))


def started(denial, biller, **kwargs):
    return services.appeal_start(denial=denial, by=biller, **kwargs)


def test_a_medicare_appeal_starts_at_redetermination_with_the_120_day_deadline(denial, biller):
    appeal = started(denial, biller)
    assert (appeal.level, appeal.status, appeal.deadline) == ("redetermination", "drafting", date(2026, 7, 5))


def test_starting_an_appeal_moves_the_denial_and_the_claim(denial, biller):
    started(denial, biller)
    denial.refresh_from_db()
    assert denial.status == "appealing"
    assert Claim.objects.get(pk=denial.claim_id).status == "appealed"


def test_a_commercial_appeal_starts_at_internal_review(biller):
    coverage = CoverageFactory(payer=CommercialPayerFactory())
    denial = DenialFactory(
        claim_payment__claim__coverage=coverage,
        claim_payment__claim__patient=coverage.patient,
        notice_date=date(2026, 3, 2),
    )
    appeal = started(denial, biller)
    assert (appeal.level, appeal.deadline) == ("internal", date(2026, 8, 29))


def test_a_shorter_payer_window_shortens_the_appeal_deadline(denial, biller):
    PayerAppealWindow.objects.create(payer=denial.payer, level="redetermination", days=30)
    assert started(denial, biller).deadline == date(2026, 4, 6)


def test_the_deadline_printed_on_the_notice_wins_when_earlier(denial, biller):
    assert started(denial, biller, notice_deadline=date(2026, 5, 1)).deadline == date(2026, 5, 1)


def test_a_not_appealable_denial_refuses_an_appeal(biller):
    denial = DenialFactory(
        carc="29", rarcs=["N211"], category="timely_filing", route="not_appealable", appeal_deadline=None
    )
    with pytest.raises(AppealError, match="cannot be appealed"):
        started(denial, biller)


def test_a_corrected_claim_denial_refuses_an_appeal(biller):
    denial = DenialFactory(carc="16", rarcs=["MA130"], category="missing_information", route="corrected_claim")
    with pytest.raises(AppealError, match="corrected"):
        started(denial, biller)


def test_medicare_has_no_expedited_claim_appeal(denial, biller):
    with pytest.raises(AppealError, match="no expedited"):
        started(denial, biller, expedited=True)


def test_a_second_first_level_appeal_is_refused(denial, biller):
    appeal = started(denial, biller)
    services.appeal_withdraw(appeal=appeal, by=biller)
    started(denial, biller)
    with pytest.raises(AppealError, match="already has an appeal"):
        started(denial, biller)


def test_filing_sets_the_decision_due_date(denial, biller):
    appeal = services.appeal_file(appeal=started(denial, biller), filed_on=date(2026, 4, 1), by=biller, today=TODAY)
    assert (appeal.status, appeal.decision_due) == ("filed", date(2026, 5, 31))


def test_filing_in_the_future_is_refused(denial, biller):
    with pytest.raises(AppealError, match="future"):
        services.appeal_file(appeal=started(denial, biller), filed_on=date(2026, 11, 24), by=biller, today=TODAY)


def test_filing_late_is_recorded_in_the_timeline(denial, biller):
    appeal = services.appeal_file(appeal=started(denial, biller), filed_on=date(2026, 7, 6), by=biller, today=TODAY)
    assert "after the 07/05/2026 deadline" in appeal.status_changes.last().note


def decided(denial, biller, outcome, recovered="0"):
    appeal = services.appeal_file(appeal=started(denial, biller), filed_on=date(2026, 4, 1), by=biller, today=TODAY)
    return services.appeal_decide(
        appeal=appeal, outcome=outcome, decided_on=date(2026, 5, 20), amount_recovered=Decimal(recovered), by=biller
    )


def test_an_overturned_appeal_wins_the_denial_and_the_claim_is_paid(denial, biller):
    decided(denial, biller, "overturned", "190")
    denial.refresh_from_db()
    assert denial.status == "won"
    assert Claim.objects.get(pk=denial.claim_id).status == "paid"


def test_an_upheld_appeal_loses_the_denial_and_the_claim_is_denied_again(denial, biller):
    decided(denial, biller, "upheld")
    denial.refresh_from_db()
    assert denial.status == "lost"
    assert Claim.objects.get(pk=denial.claim_id).status == "denied"


def test_an_upheld_decision_cannot_recover_money(denial, biller):
    with pytest.raises(AppealError, match="partially"):
        decided(denial, biller, "upheld", "10")


def test_recovering_more_than_the_amount_in_dispute_is_refused(denial, biller):
    with pytest.raises(AppealError, match="cannot be recovered"):
        decided(denial, biller, "partially", "500")


def test_a_drafting_appeal_cannot_be_decided(denial, biller):
    with pytest.raises(AppealError, match="is drafting: only a filed appeal awaits a decision"):
        services.appeal_decide(
            appeal=started(denial, biller),
            outcome="upheld",
            decided_on=date(2026, 5, 1),
            amount_recovered=Decimal(0),
            by=biller,
        )


def test_an_upheld_redetermination_escalates_to_reconsideration_from_the_decision_date(denial, biller):
    escalation = services.appeal_escalate(appeal=decided(denial, biller, "upheld"), by=biller, today=TODAY)
    # Decision 05/20/2026 + 5 days presumed receipt + 180 days.
    assert (escalation.level, escalation.notice_date, escalation.deadline) == (
        "reconsideration",
        date(2026, 5, 20),
        date(2026, 11, 21),
    )


def test_escalation_reopens_the_denial_as_appealing(denial, biller):
    services.appeal_escalate(appeal=decided(denial, biller, "upheld"), by=biller, today=TODAY)
    denial.refresh_from_db()
    assert denial.status == "appealing"


def test_a_partly_overturned_appeal_escalates_only_the_rest(denial, biller):
    escalation = services.appeal_escalate(appeal=decided(denial, biller, "partially", "100"), by=biller, today=TODAY)
    assert escalation.amount_in_controversy == Decimal("90")


def test_an_overturned_appeal_cannot_be_escalated(denial, biller):
    with pytest.raises(AppealError, match="upheld or partly"):
        services.appeal_escalate(appeal=decided(denial, biller, "overturned", "190"), by=biller, today=TODAY)


def test_an_appeal_escalates_only_once(denial, biller):
    appeal = decided(denial, biller, "upheld")
    services.appeal_escalate(appeal=appeal, by=biller, today=TODAY)
    with pytest.raises(AppealError, match="already"):
        services.appeal_escalate(appeal=appeal, by=biller, today=TODAY)


def _at_level(denial, biller, level, amount):
    Appeal.objects.filter(denial=denial).delete()
    appeal = Appeal.objects.create(
        denial=denial,
        level=level,
        notice_date=date(2026, 3, 2),
        deadline=date(2026, 7, 5),
        filed_on=date(2026, 4, 1),
        decided_on=date(2026, 10, 1),
        status="upheld",
        amount_in_controversy=Decimal(amount),
        created_by=biller,
    )
    Denial.objects.filter(pk=denial.pk).update(status="lost")
    return appeal


def test_alj_needs_the_2026_amount_in_controversy(denial, biller):
    appeal = _at_level(denial, biller, "reconsideration", "199.99")
    with pytest.raises(AppealError, match=r"needs at least \$200"):
        services.appeal_escalate(appeal=appeal, by=biller, today=TODAY)


def test_alj_accepts_exactly_the_threshold(denial, biller):
    appeal = _at_level(denial, biller, "reconsideration", "200")
    assert services.appeal_escalate(appeal=appeal, by=biller, today=TODAY).level == "alj"


def test_federal_court_needs_1960_in_2026(denial, biller):
    appeal = _at_level(denial, biller, "appeals_council", "1959")
    with pytest.raises(AppealError, match=r"\$1960"):
        services.appeal_escalate(appeal=appeal, by=biller, today=TODAY)


def test_federal_court_is_the_last_level(denial, biller):
    appeal = _at_level(denial, biller, "federal_court", "5000")
    with pytest.raises(AppealError, match="last level"):
        services.appeal_escalate(appeal=appeal, by=biller, today=TODAY)


def test_every_change_is_on_the_appeal_timeline(denial, biller):
    appeal = decided(denial, biller, "upheld")
    assert [c.to_status for c in appeal.status_changes.all()] == ["drafting", "filed", "upheld"]


def test_withdrawing_reopens_the_denial(denial, biller):
    services.appeal_withdraw(appeal=started(denial, biller), by=biller)
    denial.refresh_from_db()
    assert denial.status == "open"


def test_writing_off_with_an_open_appeal_is_refused(denial, biller):
    started(denial, biller)
    with pytest.raises(AppealError, match="open appeal"):
        services.denial_write_off(denial=denial, by=biller)


def test_a_timely_filing_denial_records_a_documented_exception(biller):
    denial = DenialFactory(
        carc="29", rarcs=["N211"], category="timely_filing", route="not_appealable", appeal_deadline=None
    )
    services.denial_request_exception(denial=denial, reason="administrative_error", by=biller)
    denial.refresh_from_db()
    assert denial.exception_reason == "administrative_error"


def test_only_documented_exceptions_are_accepted(biller):
    denial = DenialFactory(
        carc="29", rarcs=["N211"], category="timely_filing", route="not_appealable", appeal_deadline=None
    )
    with pytest.raises(AppealError, match=r"424\.44"):
        services.denial_request_exception(denial=denial, reason="we_forgot", by=biller)
