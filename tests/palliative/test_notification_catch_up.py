"""A notification recorded but not emailed (its worker died) goes out with the next catch-up."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from letters.services import letter_signature_reminders_send
from palliative.models import Notification
from palliative.tasks import send_unsent_notifications

from ..factories import UserFactory
from ..letters.factories import LetterFactory

pytestmark = pytest.mark.django_db


def test_the_catch_up_emails_a_notification_left_unsent_and_only_once():
    user = UserFactory(email="nurse@example.org")
    Notification.objects.create(recipient=user, kind="letter_unsigned", key="letter:1:unsigned:2026-11-23", subject="S")
    assert send_unsent_notifications() == 1
    assert send_unsent_notifications() == 0
    assert len(mail.outbox) == 1
    assert Notification.objects.get().sent_at is not None


def test_the_catch_up_runs_every_five_minutes_and_a_lost_task_returns_within_ten():
    assert settings.CELERY_BEAT_SCHEDULE["notifications-catch-up"]["schedule"].minute == set(range(0, 60, 5))
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= 10 * 60
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT


def test_redis_is_scanned_for_a_dead_workers_task_every_tenth_of_the_timeout_not_every_100_seconds():
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    sweep = options["unacked_restore_interval"] * options["unacked_restore_throttle"]
    assert sweep <= max(1, options["visibility_timeout"] // 10)
    assert sweep <= 10


def test_a_daily_scan_sends_a_reminder_recorded_but_not_emailed_before_a_crash():
    today = timezone.localdate()
    letter = LetterFactory(awaiting_signature_since=today - timedelta(days=3))
    key = f"letter:{letter.pk}:unsigned:{(today - timedelta(days=1)).isoformat()}"
    Notification.objects.create(recipient=letter.provider.user, kind="letter_unsigned", key=key, subject="S")
    letter_signature_reminders_send(today=today)
    assert Notification.objects.get(key=key).sent_at is not None
