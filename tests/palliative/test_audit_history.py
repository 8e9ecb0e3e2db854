import pytest
from django.urls import reverse

from palliative.models import Role

from ..factories import EncounterFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_editing_a_patient_records_who_changed_what(client):
    clerk = UserFactory(role=Role.FRONT_DESK)
    patient = PatientFactory(phone="2175550000")
    client.force_login(clerk)
    data = {
        "first_name": patient.first_name,
        "last_name": patient.last_name,
        "date_of_birth": "1940-03-14",
        "sex": "F",
        "mrn": patient.mrn,
        "phone": "217-555-9999",
    }
    client.post(reverse("palliative:patient_edit", args=[patient.pk]), data)
    latest = patient.history.first()
    assert latest.history_user == clerk
    assert latest.phone == "2175559999"
    assert patient.history.count() == 2


def test_admin_sees_the_patients_history_with_the_changed_field(client):
    patient = PatientFactory(phone="2175550000")
    patient.phone = "2175559999"
    patient.save()
    client.force_login(UserFactory(role=Role.ADMIN))
    page = client.get(reverse("palliative:patient_detail", args=[patient.pk])).content.decode()
    assert 'data-testid="history"' in page
    assert "Phone: 2175550000 → 2175559999" in page


def test_history_includes_changes_to_the_patients_encounters(client):
    encounter = EncounterFactory()
    encounter.em_code = "99214"
    encounter.save()
    client.force_login(UserFactory(role=Role.ADMIN))
    page = client.get(reverse("palliative:patient_detail", args=[encounter.patient.pk])).content.decode()
    assert f"Encounter #{encounter.pk}" in page
    assert "E/M code: 99215 → 99214" in page
    assert "em_code" not in page


def test_history_shows_choices_booleans_and_dates_in_words(client):
    encounter = EncounterFactory(setting="office", related_to_hospice=True)
    encounter.setting = "home"
    encounter.related_to_hospice = False
    encounter.save()
    client.force_login(UserFactory(role=Role.ADMIN))
    page = client.get(reverse("palliative:patient_detail", args=[encounter.patient.pk])).content.decode()
    assert "Setting: Outpatient office → Home" in page
    assert "Related to the terminal (hospice) diagnosis: Yes → No" in page


@pytest.mark.parametrize("role", [Role.FRONT_DESK, Role.PROVIDER, Role.BILLING])
def test_other_roles_do_not_see_the_history(client_as, role):
    patient = PatientFactory()
    page = client_as(role).get(reverse("palliative:patient_detail", args=[patient.pk])).content.decode()
    assert 'data-testid="history"' not in page


def test_history_page_query_count_does_not_grow_with_changes(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    encounter = EncounterFactory()
    client.force_login(UserFactory(role=Role.ADMIN))
    url = reverse("palliative:patient_detail", args=[encounter.patient.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries.captured_queries)

    few = count()
    for minutes in range(50, 70):
        encounter.total_minutes = minutes
        encounter.save()
    assert count() == few


def test_every_tracked_model_reads_its_history_through_one_manager_class_built_once():
    from django.apps import apps

    from palliative.history import HistoryManager

    tracked = [model for model in apps.get_models() if hasattr(model._meta, "simple_history_manager_attribute")]
    assert {model.__name__ for model in tracked} >= {"Patient", "Encounter", "Claim", "Letter", "Denial"}
    for model in tracked:
        assert isinstance(model.history, HistoryManager)
        assert type(model.history) is type(model.history)


def test_a_records_history_still_holds_only_that_records_rows():
    first, second = PatientFactory(phone="2175550000"), PatientFactory()
    first.phone = "2175559999"
    first.save()
    assert first.history.count() == 2
    assert second.history.count() == 1
    assert {row.id for row in first.history.all()} == {first.pk}
