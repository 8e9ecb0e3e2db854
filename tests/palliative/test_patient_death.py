from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from palliative.models import Role
from palliative.services import patient_record_death

from ..factories import EncounterFactory, HospiceElectionFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_death_closes_the_open_hospice_election():
    election = HospiceElectionFactory()
    day = timezone.localdate() - timedelta(days=1)
    patient_record_death(patient=election.patient, date_of_death=day, by=UserFactory())
    election.refresh_from_db()
    assert election.end_date == day


def test_death_with_open_work_flags_the_patient_and_tells_billing_and_admins(django_capture_on_commit_callbacks):
    billing, admin = UserFactory(role=Role.BILLING), UserFactory(role=Role.ADMIN)
    encounter = EncounterFactory(goals_of_care_note="")
    with django_capture_on_commit_callbacks(execute=True):
        items = patient_record_death(patient=encounter.patient, date_of_death=timezone.localdate(), by=UserFactory())
    encounter.patient.refresh_from_db()
    assert encounter.patient.needs_review
    assert len(items) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([billing.email, admin.email])


def test_death_without_open_work_flags_nothing():
    patient = PatientFactory()
    patient_record_death(patient=patient, date_of_death=timezone.localdate(), by=UserFactory())
    patient.refresh_from_db()
    assert patient.date_of_death
    assert not patient.needs_review
    assert mail.outbox == []


def test_reviewer_clears_the_flag(client):
    patient = PatientFactory(needs_review=True, date_of_death=timezone.localdate())
    client.force_login(UserFactory(role=Role.BILLING))
    client.post(reverse("palliative:patient_mark_reviewed", args=[patient.pk]))
    patient.refresh_from_db()
    assert not patient.needs_review


def test_death_page_refuses_a_date_before_birth(client):
    patient = PatientFactory()
    client.force_login(UserFactory(role=Role.FRONT_DESK))
    response = client.post(
        reverse("palliative:patient_record_death", args=[patient.pk]), {"date_of_death": "1930-01-01"}
    )
    assert "before the date of birth" in response.content.decode()
    patient.refresh_from_db()
    assert patient.date_of_death is None
