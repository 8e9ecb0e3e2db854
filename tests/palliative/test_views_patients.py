import pytest
from django.urls import reverse

from palliative.models import Encounter, Patient, Role

from ..factories import ACPSessionFactory, CoverageFactory, EncounterFactory, PatientFactory, ProviderFactory

pytestmark = pytest.mark.django_db

NEW_PATIENT = {
    "first_name": "Ruth",
    "last_name": "Abernathy",
    "date_of_birth": "1938-02-01",
    "sex": "F",
    "mrn": "RB-20001",
}


def test_front_desk_adds_a_patient_and_is_taken_to_add_coverage(client_as):
    response = client_as(Role.FRONT_DESK).post(reverse("palliative:patient_create"), NEW_PATIENT)
    patient = Patient.objects.get()
    assert response.url == reverse("palliative:coverage_create", args=[patient.pk])


def test_refused_patient_form_keeps_what_was_typed(client_as):
    PatientFactory(mrn="RB-20001")
    response = client_as(Role.FRONT_DESK).post(reverse("palliative:patient_create"), NEW_PATIENT)
    page = response.content.decode()
    assert response.status_code == 200
    assert "already has this MRN" in page
    assert 'value="Abernathy"' in page
    assert Patient.objects.count() == 1


def test_search_by_name_finds_the_patient_without_putting_the_name_in_the_url(client_as):
    PatientFactory(last_name="Castellano")
    PatientFactory(last_name="Nakamura")
    client = client_as(Role.FRONT_DESK)
    response = client.post(reverse("palliative:patient_search"), {"q": "castel"})
    assert response.url == reverse("palliative:patient_list")
    page = client.get(response.url).content.decode()
    assert "Castellano" in page
    assert "Nakamura" not in page


def test_search_by_mrn_finds_the_patient(client_as):
    PatientFactory(mrn="RB10042", last_name="Szabo")
    PatientFactory(last_name="Novak")
    client = client_as(Role.BILLING)
    client.post(reverse("palliative:patient_search"), {"q": "rb10042"})
    page = client.get(reverse("palliative:patient_list")).content.decode()
    assert "Szabo" in page
    assert "Novak" not in page


def test_search_by_date_of_birth_finds_the_patient(client_as):
    PatientFactory(date_of_birth="1941-07-04", last_name="Moreau")
    PatientFactory(last_name="Lindgren")
    client = client_as(Role.FRONT_DESK)
    client.post(reverse("palliative:patient_search"), {"q": "07/04/1941"})
    page = client.get(reverse("palliative:patient_list")).content.decode()
    assert "Moreau" in page
    assert "Lindgren" not in page


def test_patient_list_is_paginated(client_as):
    PatientFactory.create_batch(30)
    page = client_as(Role.FRONT_DESK).get(reverse("palliative:patient_list")).content.decode()
    assert "Page 1 of 2 (30)" in page


def _count_queries(django_assert_max_num_queries, client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_patient_list_query_count_does_not_grow_with_patients(client_as, django_assert_max_num_queries):
    client = client_as(Role.FRONT_DESK)
    PatientFactory.create_batch(3)
    few = _count_queries(django_assert_max_num_queries, client, reverse("palliative:patient_list"))
    PatientFactory.create_batch(40)
    many = _count_queries(django_assert_max_num_queries, client, reverse("palliative:patient_list"))
    assert few == many


def test_patient_page_query_count_does_not_grow_with_encounters(client_as, django_assert_max_num_queries):
    client = client_as(Role.FRONT_DESK)
    coverage = CoverageFactory()
    patient = coverage.patient
    provider = ProviderFactory()
    EncounterFactory.create_batch(2, patient=patient, provider=provider)
    ACPSessionFactory(patient=patient, provider=provider)
    url = reverse("palliative:patient_detail", args=[patient.pk])
    few = _count_queries(django_assert_max_num_queries, client, url)
    EncounterFactory.create_batch(20, patient=patient, provider=ProviderFactory())
    ACPSessionFactory.create_batch(5, patient=patient, provider=ProviderFactory())
    many = _count_queries(django_assert_max_num_queries, client, url)
    assert few == many


def test_encounter_logged_from_the_patient_page_belongs_to_that_patient(client_as):
    patient = PatientFactory()
    client = client_as(Role.PROVIDER)
    provider = client.user.provider
    data = {
        "provider": provider.pk,
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
    response = client.post(reverse("palliative:encounter_create", args=[patient.pk]), data)
    encounter = Encounter.objects.get()
    assert response.url == encounter.get_absolute_url()
    assert encounter.patient == patient
    assert encounter.created_by == client.user


def test_refused_encounter_saves_nothing(client_as):
    patient = PatientFactory()
    client = client_as(Role.PROVIDER)
    data = {
        "provider": client.user.provider.pk,
        "date_of_service": "2026-11-02",
        "setting": "home",
        "em_code": "99214",
        "level_basis": "time",
        "diagnoses": "Z51.5 C25.9",
        "total_minutes": "45",
    }
    response = client.post(reverse("palliative:encounter_create", args=[patient.pk]), data)
    assert response.status_code == 200
    assert Encounter.objects.count() == 0


def test_acp_page_shows_the_billable_units(client_as):
    session = ACPSessionFactory(minutes=50)
    page = client_as(Role.PROVIDER).get(reverse("palliative:acp_detail", args=[session.pk])).content.decode()
    assert "99497 × 1" in page
    assert "99498 × 1" in page


def test_acp_page_says_why_a_short_session_is_not_billable(client_as):
    session = ACPSessionFactory(minutes=12)
    page = client_as(Role.PROVIDER).get(reverse("palliative:acp_detail", args=[session.pk])).content.decode()
    assert "at least 16 face-to-face minutes" in page


def test_provider_dashboard_lists_their_undocumented_encounters(client):
    provider = ProviderFactory()
    encounter = EncounterFactory(provider=provider, goals_of_care_note="")
    EncounterFactory(goals_of_care_note="")
    client.force_login(provider.user)
    page = client.get(reverse("palliative:home")).content.decode()
    assert "My encounters missing documentation" in page
    assert reverse("palliative:encounter_detail", args=[encounter.pk]) in page
