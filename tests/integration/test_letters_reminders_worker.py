from datetime import timedelta

import pytest
from django.utils import timezone

from letters.tasks import send_letter_reminders
from palliative.models import Notification

from ..letters.factories import LetterFactory
from .helpers import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_sends_one_unsigned_letter_reminder_however_often_it_runs(celery_worker_process):
    letter = LetterFactory(awaiting_signature_since=timezone.localdate() - timedelta(days=3))
    send_letter_reminders.delay()
    send_letter_reminders.delay()
    wait_for(lambda: celery_worker_process.output().count("succeeded") >= 2)
    notification = Notification.objects.get()
    assert notification.recipient == letter.provider.user
    assert notification.key.startswith(f"letter:{letter.pk}:unsigned:")
    assert notification.sent_at is not None
