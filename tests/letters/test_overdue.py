"""'Overdue' is decided once (letters.rules.request_overdue): the page, the worklist row and the
daily reminder ask LMNRequest.is_overdue or LMNRequest.objects.overdue()."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from letters import rules
from letters.models import LMNRequest
from palliative.models import Role

from .factories import LMNRequestFactory

pytestmark = pytest.mark.django_db
S = LMNRequest.Status


def test_a_request_sent_to_the_payer_is_never_overdue_by_its_own_due_date():
    assert rules.request_overdue(due_date=date(2026, 11, 1), today=date(2026, 11, 24), sent=True) is False


@pytest.mark.parametrize(
    ("status", "days_late", "overdue"),
    [
        (S.DRAFTED, 1, True),
        (S.SIGNED, 1, True),
        (S.DRAFTED, 0, False),
        (S.SUBMITTED, 5, False),
        (S.WITHDRAWN, 5, False),
    ],
)
def test_the_property_and_the_queryset_agree(status, days_late, overdue):
    today = timezone.localdate()
    lmn = LMNRequestFactory(status=status, due_date=today - timedelta(days=days_late))
    assert lmn.is_overdue is overdue
    assert LMNRequest.objects.overdue(today=today).filter(pk=lmn.pk).exists() is overdue


def test_the_request_page_and_the_worklist_mark_an_overdue_request(client_as):
    lmn = LMNRequestFactory(status=S.GATHERING_RECORDS, due_date=timezone.localdate() - timedelta(days=2))
    client = client_as(Role.FRONT_DESK)
    assert '<span class="badge bg-danger">overdue</span>' in client.get(lmn.get_absolute_url()).content.decode()
    assert 'title="Past its due date"' in client.get(reverse("letters:worklist")).content.decode()
