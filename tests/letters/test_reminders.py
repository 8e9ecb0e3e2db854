from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from letters import services
from letters.models import LMNRequest
from letters.tasks import send_letter_reminders
from palliative.models import Notification

from ..factories import CommercialPayerFactory
from .factories import LetterFactory, LMNRequestFactory

pytestmark = pytest.mark.django_db

S = LMNRequest.Status


def _today():
    return timezone.localdate()


def _waiting_letter(days):
    return LetterFactory(awaiting_signature_since=_today() - timedelta(days=days))


def test_a_letter_waiting_two_days_reminds_its_provider_once():
    letter = _waiting_letter(2)
    assert services.letter_signature_reminders_send(today=_today()) == 1
    notification = Notification.objects.get()
    assert notification.recipient == letter.provider.user
    assert notification.key == f"letter:{letter.pk}:unsigned:{_today().isoformat()}"


def test_a_letter_waiting_one_day_sends_nothing_yet():
    _waiting_letter(1)
    assert services.letter_signature_reminders_send(today=_today()) == 0


def test_running_the_task_twice_sends_one_reminder_per_due_event():
    _waiting_letter(3)
    LMNRequestFactory(status=S.SUBMITTED, submitted_on=_today() - timedelta(days=20))
    LMNRequestFactory(status=S.DRAFTED, due_date=_today() - timedelta(days=1))
    send_letter_reminders.delay()
    send_letter_reminders.delay()
    assert Notification.objects.count() == 3
    assert len(mail.outbox) == 3


def test_a_missed_day_is_caught_up_with_the_same_key():
    letter = _waiting_letter(5)
    services.letter_signature_reminders_send(today=_today())
    services.letter_signature_reminders_send(today=_today() + timedelta(days=1))
    assert Notification.objects.get().key == f"letter:{letter.pk}:unsigned:{(_today() - timedelta(days=3)).isoformat()}"


def test_a_signed_letter_is_not_chased():
    letter = _waiting_letter(5)
    services.letter_sign(
        letter=letter, user=letter.provider.user, password="correct-horse-battery", reviewed=letter.review_digest()
    )
    assert services.letter_signature_reminders_send(today=_today()) == 0


def test_a_letter_not_yet_sent_for_signature_is_not_chased():
    LetterFactory(awaiting_signature_since=None)
    assert services.letter_signature_reminders_send(today=_today()) == 0


def test_a_reminder_names_the_letter_by_id_not_the_patient():
    letter = _waiting_letter(2)
    services.letter_signature_reminders_send(today=_today())
    assert letter.patient.last_name not in mail.outbox[0].subject
    assert letter.patient.last_name not in mail.outbox[0].body
    assert f"#{letter.pk}" in mail.outbox[0].subject


def test_a_submitted_letter_without_an_answer_after_14_days_reminds_staff():
    request = LMNRequestFactory(status=S.SUBMITTED, submitted_on=_today() - timedelta(days=14))
    assert services.lmn_follow_up_reminders_send(today=_today()) == 1
    notification = Notification.objects.get()
    assert notification.recipient == request.created_by
    assert notification.key == f"lmn:{request.pk}:follow-up:{_today().isoformat()}"


def test_follow_up_waits_for_the_payers_own_interval():
    payer = CommercialPayerFactory(letter_follow_up_days=21)
    LMNRequestFactory(status=S.SUBMITTED, payer=payer, submitted_on=_today() - timedelta(days=14))
    assert services.lmn_follow_up_reminders_send(today=_today()) == 0


def test_an_answered_request_is_not_followed_up():
    LMNRequestFactory(status=S.APPROVED, submitted_on=_today() - timedelta(days=30))
    assert services.lmn_follow_up_reminders_send(today=_today()) == 0


def test_a_request_past_its_due_date_reminds_staff():
    request = LMNRequestFactory(status=S.GATHERING_RECORDS, due_date=_today() - timedelta(days=1))
    assert services.lmn_overdue_reminders_send(today=_today()) == 1
    assert Notification.objects.get().key == f"lmn:{request.pk}:overdue:{request.due_date.isoformat()}"


def test_a_request_due_today_is_not_overdue():
    LMNRequestFactory(status=S.REQUESTED, due_date=_today())
    assert services.lmn_overdue_reminders_send(today=_today()) == 0


def test_a_submitted_request_is_not_overdue():
    LMNRequestFactory(status=S.SUBMITTED, due_date=_today() - timedelta(days=3), submitted_on=_today())
    assert services.lmn_overdue_reminders_send(today=_today()) == 0


def test_a_new_due_date_is_a_new_due_event():
    request = LMNRequestFactory(status=S.DRAFTED, due_date=_today() - timedelta(days=3))
    services.lmn_overdue_reminders_send(today=_today())
    LMNRequest.objects.filter(pk=request.pk).update(due_date=_today() - timedelta(days=1))
    services.lmn_overdue_reminders_send(today=_today())
    assert Notification.objects.count() == 2


def test_the_reminder_task_is_scheduled_by_beat(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "letters.tasks.send_letter_reminders" in tasks
