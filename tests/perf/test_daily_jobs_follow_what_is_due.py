"""The daily reminder jobs: a run after the backlog was sent costs the same few queries
however many reminders were sent before (their cost follows what fell due, not the history)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from appeals import services as appeal_services
from appeals.services import reminders
from letters import services as letter_services
from letters.models import LMNRequest
from palliative.models import Notification

from ..appeals.factories import AppealFactory, DenialFactory
from ..letters.factories import LetterFactory, LMNRequestFactory

pytestmark = pytest.mark.django_db
S = LMNRequest.Status


def _today():
    return timezone.localdate()


def _letter_backlog(count):
    for _ in range(count):
        LetterFactory(awaiting_signature_since=_today() - timedelta(days=5))
        LMNRequestFactory(status=S.SUBMITTED, submitted_on=_today() - timedelta(days=30))
        LMNRequestFactory(status=S.DRAFTED, due_date=_today() - timedelta(days=3))


def _queries(job):
    with CaptureQueriesContext(connection) as ctx:
        job()
    return len(ctx.captured_queries)


def test_letter_reminders_already_sent_are_skipped_in_the_query():
    _letter_backlog(2)
    letter_services.letter_reminders_send(today=_today())
    few = _queries(lambda: letter_services.letter_reminders_send(today=_today()))
    _letter_backlog(8)
    letter_services.letter_reminders_send(today=_today())
    assert _queries(lambda: letter_services.letter_reminders_send(today=_today())) == few


def test_the_next_run_sends_nothing_already_sent():
    _letter_backlog(3)
    assert letter_services.letter_reminders_send(today=_today()) == {"unsigned": 3, "follow_up": 3, "overdue": 3}
    assert letter_services.letter_reminders_send(today=_today()) == {"unsigned": 0, "follow_up": 0, "overdue": 0}
    assert Notification.objects.count() == 9


def test_late_decision_reminders_already_sent_are_skipped_in_the_query():
    today = date(2026, 12, 20)
    for _ in range(2):
        AppealFactory(status="filed", filed_on=date(2026, 10, 1), decision_due=date(2026, 12, 1))
    appeal_services.appeal_late_decision_reminders_send(today=today)
    few = _queries(lambda: appeal_services.appeal_late_decision_reminders_send(today=today))
    for _ in range(8):
        AppealFactory(status="filed", filed_on=date(2026, 10, 1), decision_due=date(2026, 12, 1))
    appeal_services.appeal_late_decision_reminders_send(today=today)
    assert _queries(lambda: appeal_services.appeal_late_decision_reminders_send(today=today)) == few
    assert appeal_services.appeal_late_decision_reminders_send(today=today) == 0


def _deadline_backlog(count, deadline):
    for _ in range(count):
        AppealFactory(deadline=deadline)
        DenialFactory(appeal_deadline=deadline)


def test_deadline_reminders_already_sent_are_skipped_in_the_query():
    today = date(2026, 12, 1)
    _deadline_backlog(2, today + timedelta(days=5))
    appeal_services.appeal_deadline_reminders_send(today=today)
    few = _queries(lambda: appeal_services.appeal_deadline_reminders_send(today=today + timedelta(days=1)))
    _deadline_backlog(8, today + timedelta(days=5))
    appeal_services.appeal_deadline_reminders_send(today=today)
    assert _queries(lambda: appeal_services.appeal_deadline_reminders_send(today=today + timedelta(days=1))) == few
    assert appeal_services.appeal_deadline_reminders_send(today=today + timedelta(days=1)) == 0


def test_a_late_decision_beyond_the_catch_up_window_is_not_read_again():
    today = date(2026, 12, 20)
    AppealFactory(
        status="filed",
        filed_on=date(2026, 6, 1),
        decision_due=today - timedelta(days=reminders.LATE_DECISION_CATCH_UP_DAYS + 1),
    )
    assert appeal_services.appeal_late_decision_reminders_send(today=today) == 0
