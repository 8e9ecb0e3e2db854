"""The same create form posted twice (a double click, a resent page) makes one row."""

import threading
import uuid

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from palliative.models import ACPSession, Coverage, Encounter, Patient, Role

from ..factories import PatientFactory, PayerFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db

ENCOUNTER = {
    "date_of_service": "2026-11-02",
    "setting": "home",
    "em_code": "99349",
    "level_basis": "time",
    "diagnoses": "Z51.5 C25.9",
    "total_minutes": "45",
    "medical_necessity_note": "n",
    "goals_of_care_note": "g",
    "related_to_hospice": "on",
}


def _twice(client, url, data):
    data = {**data, "form_token": str(uuid.uuid4())}
    first = client.post(url, data)
    second = client.post(url, data)
    return first, second


def test_an_encounter_posted_twice_is_saved_once_and_the_second_post_goes_to_it(client_as):
    patient = PatientFactory()
    client = client_as(Role.FRONT_DESK)
    url = reverse("palliative:encounter_create", args=[patient.pk])
    first, second = _twice(client, url, {**ENCOUNTER, "provider": ProviderFactory().pk})
    assert Encounter.objects.count() == 1
    assert second.url == first.url == Encounter.objects.get().get_absolute_url()


def test_an_acp_session_posted_twice_is_saved_once(client_as):
    patient = PatientFactory()
    client = client_as(Role.PROVIDER)
    provider = client.user.provider
    data = {
        "provider": provider.pk,
        "date_of_service": "2026-11-02",
        "minutes": "30",
        "participants": "Patient",
        "patient_present": "on",
        "consent_documented": "on",
        "summary": "Goals of care and code status discussed; health-care proxy named.",
    }
    page = client.get(reverse("palliative:acp_create", args=[patient.pk])).content.decode()
    assert 'name="form_token"' in page
    first, _second = _twice(client, reverse("palliative:acp_create", args=[patient.pk]), data)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert ACPSession.objects.count() == 1


def test_a_coverage_posted_twice_is_saved_once(client_as):
    patient = PatientFactory()
    data = {
        "payer": PayerFactory().pk,
        "priority": "primary",
        "member_id": "1EG4TE5MK72",
        "relationship": "18",
        "subscriber_name": "",
        "effective_from": "2026-01-01",
    }
    first, _second = _twice(client_as(Role.FRONT_DESK), reverse("palliative:coverage_create", args=[patient.pk]), data)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert Coverage.objects.filter(patient=patient).count() == 1


def test_a_refused_form_frees_its_token_so_the_corrected_form_saves(client_as):
    patient = PatientFactory()
    client = client_as(Role.FRONT_DESK)
    url = reverse("palliative:encounter_create", args=[patient.pk])
    token = str(uuid.uuid4())
    refused = client.post(url, {**ENCOUNTER, "provider": "", "form_token": token})
    assert refused.status_code == 200
    client.post(url, {**ENCOUNTER, "provider": ProviderFactory().pk, "form_token": token})
    assert Encounter.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_posts_of_one_patient_form_at_the_same_moment_make_one_patient():
    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL row locks: set DATABASE_URL=postgres://... (bin/test does).")
    user = UserFactory(role=Role.FRONT_DESK)
    data = {
        "first_name": "Ruth",
        "last_name": "Abernathy",
        "date_of_birth": "1938-02-01",
        "sex": "F",
        "mrn": "RB-30001",
        "form_token": str(uuid.uuid4()),
    }
    start, statuses = threading.Barrier(2), []

    def post():
        client = Client()
        client.force_login(user)
        start.wait()
        statuses.append(client.post(reverse("palliative:patient_create"), data).status_code)
        close_old_connections()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [302, 302]
    assert Patient.objects.count() == 1
