from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from palliative.models import Notification
from palliative.services import documentation_nudges_send
from palliative.tasks import send_documentation_nudges

from ..factories import EncounterFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def test_provider_with_undocumented_encounters_gets_one_digest():
    provider = ProviderFactory()
    EncounterFactory(provider=provider, goals_of_care_note="")
    EncounterFactory(provider=provider, medical_necessity_note="")
    assert documentation_nudges_send(today=timezone.localdate()) == 1
    assert "2 encounter(s)" in mail.outbox[0].subject


def test_running_the_task_twice_sends_one_reminder():
    EncounterFactory(goals_of_care_note="")
    send_documentation_nudges.delay()
    send_documentation_nudges.delay()
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_next_day_sends_a_new_digest_for_what_is_still_missing():
    EncounterFactory(goals_of_care_note="")
    today = timezone.localdate()
    documentation_nudges_send(today=today)
    documentation_nudges_send(today=today + timedelta(days=1))
    assert len(mail.outbox) == 2


def test_fully_documented_encounters_send_nothing():
    EncounterFactory()
    assert documentation_nudges_send(today=timezone.localdate()) == 0


def test_time_based_level_without_minutes_counts_as_missing():
    EncounterFactory(total_minutes=None)
    assert documentation_nudges_send(today=timezone.localdate()) == 1


def test_digest_names_encounters_by_id_not_by_patient():
    encounter = EncounterFactory(goals_of_care_note="")
    documentation_nudges_send(today=timezone.localdate())
    body = mail.outbox[0].body
    assert f"Encounter #{encounter.pk}" in body
    assert encounter.patient.last_name not in body


def test_each_provider_gets_their_own_digest():
    EncounterFactory(goals_of_care_note="")
    EncounterFactory(goals_of_care_note="")
    assert documentation_nudges_send(today=timezone.localdate()) == 2
