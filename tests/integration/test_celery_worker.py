from datetime import timedelta

import pytest
from django.utils import timezone

from palliative.models import Notification
from palliative.tasks import send_documentation_nudges

from ..factories import EncounterFactory
from .helpers import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _undocumented_encounter():
    return EncounterFactory(goals_of_care_note="", date_of_service=timezone.localdate() - timedelta(days=2))


def test_a_real_worker_runs_the_nudge_task_and_records_the_notification(celery_worker_process):
    encounter = _undocumented_encounter()
    send_documentation_nudges.delay()
    notification = wait_for(lambda: Notification.objects.filter(sent_at__isnull=False).first())
    assert notification.recipient == encounter.provider.user


def test_the_task_queued_twice_on_the_worker_sends_one_reminder(celery_worker_process):
    _undocumented_encounter()
    first, second = send_documentation_nudges.delay(), send_documentation_nudges.delay()
    wait_for(
        lambda: "succeeded" in celery_worker_process.output() and celery_worker_process.output().count("succeeded") >= 2
    )
    assert Notification.objects.count() == 1
    assert first.id != second.id


def test_a_task_queued_while_no_worker_runs_is_done_when_one_starts(celery_worker_factory):
    _undocumented_encounter()
    send_documentation_nudges.delay()
    assert not Notification.objects.exists()
    celery_worker_factory().start()
    wait_for(lambda: Notification.objects.filter(sent_at__isnull=False).exists())
