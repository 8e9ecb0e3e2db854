"""Every change in a denial or an appeal asks billing to settle the claim (billing.services.claim_settle)."""

from datetime import date
from decimal import Decimal

import pytest

from appeals import services
from billing import services as billing
from billing.models import Claim

from ..factories import UserFactory
from .factories import DenialFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


@pytest.fixture
def biller():
    return UserFactory(role="billing")


@pytest.fixture
def denial():
    return DenialFactory(notice_date=date(2026, 3, 2))


def claim_status(denial):
    return Claim.objects.get(pk=denial.claim_id).status


def filed(denial, biller):
    appeal = services.appeal_start(denial=denial, by=biller)
    return services.appeal_file(appeal=appeal, filed_on=date(2026, 4, 1), by=biller, today=TODAY)


def test_a_partly_overturned_appeal_makes_the_claim_partially_paid(denial, biller):
    services.appeal_decide(
        appeal=filed(denial, biller),
        outcome="partially",
        decided_on=date(2026, 5, 20),
        amount_recovered=Decimal("90"),
        by=biller,
    )
    assert claim_status(denial) == "partially_paid"


def test_withdrawing_the_appeal_puts_the_claim_back_to_denied(denial, biller):
    services.appeal_withdraw(appeal=filed(denial, biller), by=biller)
    assert claim_status(denial) == "denied"


def test_writing_off_the_only_denial_settles_the_claim_as_paid(denial, biller):
    services.denial_write_off(denial=denial, by=biller)
    assert claim_status(denial) == "paid"


def test_reopening_a_written_off_denial_makes_the_claim_denied_again(denial, biller):
    services.denial_write_off(denial=denial, by=biller)
    services.denial_reopen(denial=denial, by=biller)
    assert claim_status(denial) == "denied"


def test_billing_reads_the_claims_denials_through_the_registered_reader(denial, biller):
    Claim.objects.filter(pk=denial.claim_id).update(status=Claim.Status.PAID)
    settled = billing.claim_settle(claim=denial.claim, by=biller, note="Checked.")
    assert (settled.status, settled.status_changes.last().note) == ("denied", "Checked.")


def test_an_appeal_is_filed_only_once(denial, biller):
    appeal = filed(denial, biller)
    with pytest.raises(services.AppealError, match="is filed; it is filed only once"):
        services.appeal_file(appeal=appeal, filed_on=date(2026, 4, 2), by=biller, today=TODAY)


def test_a_decided_appeal_cannot_be_decided_again(denial, biller):
    appeal = filed(denial, biller)
    services.appeal_decide(
        appeal=appeal, outcome="upheld", decided_on=date(2026, 5, 20), amount_recovered=Decimal("0"), by=biller
    )
    with pytest.raises(services.AppealError, match="only a filed appeal awaits a decision"):
        services.appeal_decide(
            appeal=appeal, outcome="upheld", decided_on=date(2026, 5, 21), amount_recovered=Decimal("0"), by=biller
        )
