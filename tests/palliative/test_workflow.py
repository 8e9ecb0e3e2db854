"""palliative.workflow: moves along TRANSITIONS, one timeline row each, none for staying put."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from billing.models import Claim
from palliative.models import StatusChange
from palliative.workflow import TransitionNotAllowed

from ..billing.factories import ClaimFactory

pytestmark = pytest.mark.django_db


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


def test_a_batch_move_writes_the_status_a_timeline_row_and_a_history_row_for_each(biller):
    claims = [ClaimFactory(status=Claim.Status.READY) for _ in range(3)]
    Claim.transition_many(claims, Claim.Status.SUBMITTED, by=biller, note="Export #1")

    assert set(Claim.objects.values_list("status", flat=True)) == {"submitted"}
    assert (
        StatusChange.objects.filter(from_status="ready", to_status="submitted", by=biller, note="Export #1").count()
        == 3
    )
    assert Claim.history.filter(status="submitted", history_user=biller).count() == 3


def test_a_batch_move_with_one_record_that_cannot_move_moves_none(biller):
    claims = [ClaimFactory(status=Claim.Status.READY), ClaimFactory(status=Claim.Status.VOID)]
    with pytest.raises(TransitionNotAllowed, match="A claim that is Void cannot become Submitted"):
        Claim.transition_many(claims, Claim.Status.SUBMITTED, by=biller)

    assert not Claim.objects.filter(status="submitted").exists()
    assert StatusChange.objects.count() == 0


def test_a_batch_move_takes_the_same_queries_for_5_records_as_for_50(biller):
    def queries(count):
        claims = [ClaimFactory(status=Claim.Status.READY) for _ in range(count)]
        with CaptureQueriesContext(connection) as captured:
            Claim.transition_many(claims, Claim.Status.SUBMITTED, by=biller)
        return len(captured.captured_queries)

    assert queries(5) == queries(50)
