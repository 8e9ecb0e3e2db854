"""Two billers mark the same drafts ready at the same moment: no error, each claim ready once."""

import threading

import pytest
from django.db import close_old_connections, connection, transaction

from billing import services
from billing.models import Claim
from palliative.models import Role
from palliative.workflow import StatusChange

from ..factories import UserFactory
from .factories import built_claim, fee_schedule

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_billers_marking_the_same_drafts_ready_at_once_make_each_ready_once():
    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL row locks: set DATABASE_URL=postgres://... (bin/test does).")
    fee_schedule()
    billers = [UserFactory(role=Role.BILLING), UserFactory(role=Role.BILLING)]
    ids = [built_claim(by=billers[0]).pk for _ in range(4)]
    start = threading.Barrier(2)
    errors, results = [], []

    def mark(by, order):
        try:
            start.wait()
            with transaction.atomic():  # one request, as ATOMIC_REQUESTS wraps it
                claims = list(Claim.objects.filter(pk__in=order))
                claims.sort(key=lambda c: order.index(c.pk))
                results.append(services.claims_mark_ready(claims=claims, by=by))
        except Exception as error:
            errors.append(error)
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=mark, args=(billers[0], ids)),
        threading.Thread(target=mark, args=(billers[1], list(reversed(ids)))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(len(ready) for ready, _held in results) == [0, 4]
    assert set(Claim.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"ready"}
    assert StatusChange.objects.filter(to_status="ready", object_id__in=ids).count() == 4
