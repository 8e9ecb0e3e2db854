"""A notification recorded but not emailed (its worker died) goes out with the next catch-up."""

import pytest
from django.conf import settings
from django.core import mail

from palliative.models import Notification
from palliative.tasks import send_unsent_notifications

from ..factories import UserFactory

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
