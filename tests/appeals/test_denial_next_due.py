"""Denial.next_due, the date the worklist sorts by, follows every service that moves a denial or
an appeal (rules.denial_next_due, kept by services.denials_next_due_refresh)."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from appeals import rules, services
from appeals.models import Denial
from billing import services as billing
from billing.models import Claim
from palliative.models import Role

from ..billing.factories import fee_schedule, ready_claim
from ..factories import TODAY, UserFactory
from .factories import DenialFactory
from .payer import claim_answer, line_answer, read_837p, remittance_file, reversal_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def denial():
    return DenialFactory(notice_date=date(2026, 3, 2))


def stored(denial) -> date | None:
    return Denial.objects.get(pk=denial.pk).next_due


def filed(denial, biller):
    appeal = services.appeal_start(denial=denial, by=biller)
    return services.appeal_file(appeal=appeal, filed_on=date(2026, 4, 1), by=biller, today=TODAY)


def upheld(denial, biller):
    return services.appeal_decide(
        appeal=filed(denial, biller),
        outcome="upheld",
        decided_on=date(2026, 5, 20),
        amount_recovered=Decimal(0),
        by=biller,
    )


def test_an_open_denial_is_due_by_its_own_appeal_deadline():
    assert rules.denial_next_due(status="open", appeal_deadline=date(2026, 7, 5)) == date(2026, 7, 5)


def test_a_drafting_appeal_is_due_by_its_filing_deadline():
    due = rules.denial_next_due(
        status="appealing",
        appeal_deadline=date(2026, 7, 5),
        appeal_status="drafting",
        appeal_filing_deadline=date(2026, 6, 1),
    )
    assert due == date(2026, 6, 1)


def test_a_filed_appeal_is_due_by_its_decision():
    due = rules.denial_next_due(
        status="appealing",
        appeal_deadline=date(2026, 7, 5),
        appeal_status="filed",
        appeal_filing_deadline=date(2026, 6, 1),
        appeal_decision_due=date(2026, 5, 31),
    )
    assert due == date(2026, 5, 31)


def test_a_lost_denial_with_its_appeal_decided_has_no_date():
    assert rules.denial_next_due(status="lost", appeal_deadline=date(2026, 7, 5), appeal_status="upheld") is None


def test_starting_an_appeal_stores_the_appeal_filing_deadline(denial, biller):
    appeal = services.appeal_start(denial=denial, by=biller)
    assert stored(denial) == appeal.deadline


def test_filing_an_appeal_stores_its_decision_due_date(denial, biller):
    appeal = filed(denial, biller)
    assert stored(denial) == appeal.decision_due


def test_a_decided_appeal_leaves_the_lost_denial_without_a_date(denial, biller):
    upheld(denial, biller)
    assert stored(denial) is None


def test_escalating_stores_the_next_level_filing_deadline(denial, biller):
    escalation = services.appeal_escalate(appeal=upheld(denial, biller), by=biller, today=TODAY)
    assert stored(denial) == escalation.deadline


def test_withdrawing_the_appeal_brings_back_the_denial_deadline(denial, biller):
    appeal = services.appeal_start(denial=denial, by=biller)
    services.appeal_withdraw(appeal=appeal, by=biller)
    assert stored(denial) == denial.appeal_deadline


def test_writing_off_clears_the_date_and_reopening_restores_it(denial, biller):
    services.denial_write_off(denial=denial, by=biller)
    assert stored(denial) is None
    services.denial_reopen(denial=denial, by=biller)
    assert stored(denial) == denial.appeal_deadline


def test_refreshing_many_denials_changes_only_those_out_of_date(biller):
    current, stale = DenialFactory.create_batch(2)
    Denial.objects.filter(pk=stale.pk).update(next_due=None)
    assert services.denials_next_due_refresh(denial_ids=[current.pk, stale.pk]) == 1
    assert stored(stale) == stale.appeal_deadline


def test_an_imported_denial_is_due_by_its_appeal_deadline_and_payment_clears_it():
    fee_schedule()
    biller = UserFactory(role=Role.BILLING)
    claim = ready_claim(by=biller, acp_minutes=50)
    [billed] = read_837p(billing.claims_export_837(claims=[claim], by=biller))
    today = timezone.localdate()
    denied = claim_answer(
        billed, [line_answer(line, ("CO", "50", str(line.charge))) for line in billed.lines], payer_claim_number="P1"
    )
    services.remittance_import_835(text=remittance_file([denied], trace="EFT1", on=today), file_name="a", by=biller)
    denials = list(Denial.objects.filter(claim=claim))
    assert len(denials) == len(billed.lines)
    assert [d.next_due for d in denials] == [d.appeal_deadline for d in denials]
    assert None not in [d.next_due for d in denials]

    paid = claim_answer(billed, [line_answer(line) for line in billed.lines], payer_claim_number="P2")
    services.remittance_import_835(
        text=remittance_file([reversal_of(denied), paid], trace="EFT2", on=today), file_name="b", by=biller
    )
    assert set(Denial.objects.filter(claim=claim).values_list("status", "next_due")) == {(Denial.Status.WON, None)}
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.PAID
