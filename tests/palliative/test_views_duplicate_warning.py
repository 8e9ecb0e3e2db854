from datetime import date

import pytest
from django.urls import reverse

from palliative.models import Coverage, Patient, Role

from ..factories import CoverageFactory, PatientFactory, PayerFactory

pytestmark = pytest.mark.django_db

SECOND_RUTH = {
    "first_name": "Ruthie",
    "last_name": "Abernathy-Cole",
    "date_of_birth": "1938-02-01",
    "sex": "F",
    "mrn": "RB-20002",
}


@pytest.fixture
def ruth():
    return PatientFactory(first_name="Ruth", last_name="Abernathy", date_of_birth=date(1938, 2, 1), mrn="RB-20001")


def test_registering_a_likely_duplicate_is_held_and_the_existing_chart_shown(client_as, ruth):
    response = client_as(Role.FRONT_DESK).post(reverse("palliative:patient_create"), SECOND_RUTH)
    page = response.content.decode()
    assert response.status_code == 200
    assert "This may be a patient we already have: 1 chart(s)" in page
    assert 'data-testid="likely-duplicates"' in page
    assert reverse("palliative:patient_detail", args=[ruth.pk]) in page
    assert "I have checked these charts" in page
    assert Patient.objects.count() == 1


def test_the_clerk_confirms_a_different_person_and_the_chart_is_saved(client_as, ruth):
    client_as(Role.FRONT_DESK).post(reverse("palliative:patient_create"), {**SECOND_RUTH, "not_a_duplicate": "on"})
    assert Patient.objects.filter(mrn="RB-20002").exists()


def test_a_different_name_born_the_same_day_is_registered_without_a_question(client_as, ruth):
    client_as(Role.FRONT_DESK).post(
        reverse("palliative:patient_create"), {**SECOND_RUTH, "first_name": "Harold", "last_name": "Okafor"}
    )
    assert Patient.objects.count() == 2


def test_a_member_id_already_on_another_chart_is_held_until_confirmed(client_as, ruth):
    CoverageFactory(patient=ruth, member_id="1EG4TE5MK72")
    other = PatientFactory()
    client = client_as(Role.FRONT_DESK)
    coverage = {
        "payer": PayerFactory().pk,
        "priority": "primary",
        "member_id": "1eg4-te5-mk72",
        "relationship": "18",
        "effective_from": "2026-01-01",
    }
    response = client.post(reverse("palliative:coverage_create", args=[other.pk]), coverage)
    assert "This member ID is already on the chart of 1 other patient(s)" in response.content.decode()
    assert not other.coverages.exists()
    client.post(reverse("palliative:coverage_create", args=[other.pk]), {**coverage, "not_a_duplicate": "on"})
    assert Coverage.objects.filter(patient=other).count() == 1
