"""The dashboard's medians are taken by PostgreSQL (percentile_cont); on SQLite, bin/start's
demo database, the same figures come from rules.median in Python."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from appeals import selectors
from appeals.models import Appeal
from letters.models import LMNRequest

from ..letters.factories import LetterFactory, LMNRequestFactory
from .factories import AppealFactory

pytestmark = pytest.mark.django_db


def _decided_appeals():
    for days in (10, 20, 31, 45):
        appeal = AppealFactory(status="filed", filed_on=date(2026, 9, 1), decision_due=date(2026, 12, 31))
        notice = appeal.denial.notice_date
        Appeal.objects.filter(pk=appeal.pk).update(status="upheld", decided_on=notice + timedelta(days=days))


def _signed_requests():
    for waited, answered_after in ((2, 10), (5, None), (9, 30)):
        lmn = LMNRequestFactory()
        signed_at = lmn.created_at + timedelta(days=waited)
        LetterFactory(lmn_request=lmn, patient=lmn.patient, provider=lmn.provider, payer=lmn.payer)
        # the dashboard reads only when it was signed: the signature columns are filled as a set
        lmn.letters.update(signed_at=signed_at, signed_by=lmn.provider.user, content_sha256="0" * 64)
        if answered_after is not None:
            LMNRequest.objects.filter(pk=lmn.pk).update(
                response_on=timezone.localdate(signed_at) + timedelta(days=answered_after)
            )


def test_median_days_to_decision_is_the_same_without_postgresql(monkeypatch):
    _decided_appeals()
    on_postgresql = selectors._median_days_to_decision()
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert selectors._median_days_to_decision() == on_postgresql == 25.5


def test_lmn_turnaround_is_the_same_without_postgresql(monkeypatch):
    _signed_requests()
    on_postgresql = selectors.lmn_turnaround()
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert selectors.lmn_turnaround() == on_postgresql
    assert on_postgresql["to_signed"] == 5
    assert on_postgresql["detail"] == "3 signed, 2 decided"
