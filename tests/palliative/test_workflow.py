"""palliative.workflow: moves along TRANSITIONS, one timeline row each, none for staying put."""

import pytest

from billing.models import Claim
from palliative.models import Role, StatusChange
from palliative.workflow import TransitionNotAllowed

from ..billing.factories import ClaimFactory
from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def biller():
    return UserFactory(role=Role.BILLING)


def test_an_allowed_move_writes_one_timeline_row_with_who_and_why(biller):
    claim = ClaimFactory()
    change = claim.transition_to(Claim.Status.READY, by=biller, note="Scrubbed clean.")
    assert (change.from_status, change.to_status, change.by, change.note) == (
        "draft",
        "ready",
        biller,
        "Scrubbed clean.",
    )


def test_moving_to_the_status_the_record_has_is_a_no_op(biller):
    claim = ClaimFactory()
    assert claim.transition_to(Claim.Status.DRAFT, by=biller) is None
    assert StatusChange.objects.filter(object_id=claim.pk).count() == 0


def test_staying_put_is_a_no_op_even_where_the_table_has_no_loop(biller):
    claim = ClaimFactory(status=Claim.Status.VOID)
    assert claim.transition_to(Claim.Status.VOID, by=biller) is None


def test_a_move_not_in_the_table_is_refused_in_the_clerks_words(biller):
    claim = ClaimFactory()
    with pytest.raises(TransitionNotAllowed, match="A claim that is Draft cannot become Paid"):
        claim.transition_to(Claim.Status.PAID, by=biller)
