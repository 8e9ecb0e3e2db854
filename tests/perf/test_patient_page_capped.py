"""The patient page: the newest visits and ACP sessions with pagers; for the admin, the newest
recorded changes, found in one query, and "Show all"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from palliative import selectors
from palliative.models import Role

from ..factories import ACPSessionFactory, CoverageFactory, EncounterFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db
CAP = selectors.HISTORY_ROWS


def _history_reads(queries):
    return [q for q in queries.captured_queries if '"palliative_historical' in q["sql"]]


def _edit_encounter(encounter, times):
    for minutes in range(30, 30 + times):
        encounter.total_minutes = minutes
        encounter.save()


def _admin(client):
    client.force_login(UserFactory(role=Role.ADMIN))
    return client


def test_a_long_history_shows_its_newest_changes_and_a_show_all_link(client):
    encounter = EncounterFactory()
    _edit_encounter(encounter, CAP + 3)
    page = _admin(client).get(reverse("palliative:patient_detail", args=[encounter.patient.pk]))
    history = page.context["history"]
    assert (len(history), history.more) == (CAP, True)
    assert history.rows[0]["changes"] == [f"Total minutes: {30 + CAP + 1} → {30 + CAP + 2}"]
    assert 'data-testid="history-show-all"' in page.content.decode()


def test_the_oldest_change_shown_names_what_changed_though_its_previous_version_is_not_shown():
    encounter = EncounterFactory()
    _edit_encounter(encounter, CAP + 3)
    oldest_shown = selectors.patient_history(encounter.patient).rows[-1]
    assert oldest_shown["changes"] == ["Total minutes: 32 → 33"]


def test_show_all_lists_every_change(client):
    encounter = EncounterFactory()
    _edit_encounter(encounter, CAP + 3)
    url = reverse("palliative:patient_detail", args=[encounter.patient.pk])
    page = _admin(client).get(url, {"history": "all"})
    history = page.context["history"]
    # the patient's and the encounter's creation, then each edit
    assert (len(history), history.more) == (CAP + 5, False)
    assert 'data-testid="history-show-all"' not in page.content.decode()


def test_changes_of_every_kind_of_record_come_newest_first():
    patient = PatientFactory()
    CoverageFactory(patient=patient)
    EncounterFactory(patient=patient)
    patient.phone = "2175559999"
    patient.save()
    labels = [row["label"] for row in selectors.patient_history(patient)]
    assert labels == ["Patient", "Encounter", "Coverage", "Patient"]


def test_a_patient_without_changes_to_name_reads_the_history_in_one_query(client):
    patient = PatientFactory()
    patient.history.all().delete()
    client = _admin(client)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("palliative:patient_detail", args=[patient.pk]))
    assert len(_history_reads(queries)) == 1


def test_the_history_costs_the_same_queries_for_one_or_many_changes_of_each_kind(client):
    patient = PatientFactory()
    encounter = EncounterFactory(patient=patient)
    coverage = CoverageFactory(patient=patient)
    client = _admin(client)
    url = reverse("palliative:patient_detail", args=[patient.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _edit_encounter(encounter, CAP + 3)
    for phone in ("2175551111", "2175552222"):
        coverage.member_id = phone
        coverage.save()
        patient.phone = phone
        patient.save()
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    # one query finds the newest changes, then one per kind of record among them
    assert len(_history_reads(many)) == len(_history_reads(few)) == 4
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_chart_lists_its_newest_visits_with_a_pager_to_older_ones(client_as):
    patient = PatientFactory()
    EncounterFactory.create_batch(selectors.CHART_ROWS + 1, patient=patient)
    url = reverse("palliative:patient_detail", args=[patient.pk])
    client = client_as(Role.FRONT_DESK)
    first = client.get(url)
    assert len(first.context["encounters"].rows) == selectors.CHART_ROWS
    assert "Older visits" in first.content.decode()
    older = client.get(url, {"visits_page": 2})
    assert len(older.context["encounters"].rows) == 1
    assert "Newer visits" in older.content.decode()


def test_the_chart_costs_the_same_queries_for_a_few_or_many_visits_and_acp_sessions(client_as):
    patient = PatientFactory()
    EncounterFactory.create_batch(2, patient=patient)
    client = client_as(Role.FRONT_DESK)
    url = reverse("palliative:patient_detail", args=[patient.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    EncounterFactory.create_batch(selectors.CHART_ROWS + 5, patient=patient)
    ACPSessionFactory.create_batch(selectors.CHART_ROWS + 5, patient=patient)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
