import pytest
from django.urls import reverse

from billing.models import FeeSchedule
from palliative.models import Role

pytestmark = pytest.mark.django_db


def test_the_icd10_lookup_answers_words_with_billable_codes_and_titles(client_as):
    response = client_as(Role.PROVIDER).get(reverse("palliative:icd10_lookup"), {"q": "z515"})
    assert response.json() == {"results": [{"code": "Z51.5", "label": "Encounter for palliative care"}]}


def test_the_procedure_lookup_finds_codes_by_their_start(client_as):
    response = client_as(Role.BILLING).get(reverse("billing:procedure_lookup"), {"q": "9949"})
    codes = [row["code"] for row in response.json()["results"]]
    assert codes == ["99497", "99498"]


def test_the_procedure_lookup_finds_codes_by_words(client_as):
    response = client_as(Role.FRONT_DESK).get(reverse("billing:procedure_lookup"), {"q": "advance care"})
    assert response.json()["results"][0] == {"code": "99497", "label": "Advance care planning, first 30 minutes"}


def test_the_procedure_lookup_includes_the_fee_schedules_own_codes(client_as):
    FeeSchedule.objects.create(
        code="G0556", unit_charge=50, description="Advanced primary care management", effective_from="2025-01-01"
    )
    response = client_as(Role.BILLING).get(reverse("billing:procedure_lookup"), {"q": "primary care"})
    assert {"code": "G0556", "label": "Advanced primary care management"} in response.json()["results"]


def test_every_diagnoses_box_offers_the_lookup(client_as, provider):
    from tests.factories import PatientFactory

    patient = PatientFactory()
    page = client_as(Role.PROVIDER).get(reverse("palliative:encounter_create", args=[patient.pk])).content.decode()
    assert f'data-lookup-url="{reverse("palliative:icd10_lookup")}?q="' in page
    assert "data-lookup-multiple" in page
