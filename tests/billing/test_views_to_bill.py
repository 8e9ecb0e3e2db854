from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommercialPayerFactory, CoverageFactory, EncounterFactory, PatientFactory

pytestmark = pytest.mark.django_db


def _encounter(*, days_ago, payer=None, **patient_fields):
    patient = PatientFactory(**patient_fields)
    if payer:
        CoverageFactory(patient=patient, payer=payer, effective_from=timezone.localdate() - timedelta(days=900))
    return EncounterFactory(patient=patient, date_of_service=timezone.localdate() - timedelta(days=days_ago))


def test_the_to_bill_page_shows_the_file_by_date_and_marks_overdue_and_due_this_week(client_as):
    payer = CommercialPayerFactory(timely_filing_days=90)
    overdue = _encounter(days_ago=95, payer=payer)
    _encounter(days_ago=86, payer=payer)
    page = client_as("billing").get(reverse("billing:claim_to_bill")).content.decode()
    deadline = overdue.date_of_service + timedelta(days=90)
    assert f"{deadline:%m/%d/%Y}" in page
    assert "Past the limit" in page
    assert "Due this week" in page
    assert page.index("Past the limit") < page.index("Due this week")


def test_the_patient_search_is_kept_out_of_the_url_and_narrows_the_list(client_as):
    client = client_as("billing")
    wanted = _encounter(days_ago=3, first_name="Zoë", last_name="O'Brien-Nguyễn")
    other = _encounter(days_ago=3)
    response = client.post(reverse("billing:claim_to_bill"), {"q": "obrien"})
    assert response.url == reverse("billing:claim_to_bill")
    page = client.get(response.url).content.decode()
    assert reverse("billing:claim_build_encounter", args=[wanted.pk]) in page
    assert reverse("billing:claim_build_encounter", args=[other.pk]) not in page
    assert "Show all" in page
