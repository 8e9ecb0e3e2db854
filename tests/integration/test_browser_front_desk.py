"""The front desk's day in a real browser: find or add a patient, insurance, schedule a visit;
its provider then documents the visit and the ACP (clinical documentation is the clinician's)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from palliative.models import Encounter, Patient, Role

from ..factories import PayerFactory, ProviderFactory, UserFactory
from .helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def practice(browser_ready):
    UserFactory(username="frontdesk", first_name="Fran", role=Role.FRONT_DESK)
    provider = ProviderFactory(first_name="Elena", last_name="Reyes", user__username="dr.reyes")
    PayerFactory()
    return provider


def test_front_desk_schedules_a_visit_and_its_provider_documents_it_with_acp(page, browser_ready, practice):
    live = browser_ready
    login(page, live, "frontdesk")
    page.get_by_role("link", name="Patients").click()
    page.get_by_role("link", name="New patient").click()
    page.fill("#id_first_name", "Dolores")
    page.fill("#id_last_name", "Castellano")
    page.fill("#id_date_of_birth", "1939-05-02")
    page.select_option("#id_sex", "F")
    page.fill("#id_mrn", "rb-30001")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Add coverage")).to_be_visible()

    page.select_option("#id_payer", label="Medicare Part B")
    page.fill("#id_member_id", "1EG4-TE5-MK72")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Coverage added.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Dolores Castellano"))).to_be_visible()

    page.get_by_role("link", name="Log encounter").click()
    page.select_option("#id_provider", label="Elena Reyes, MD")
    page.select_option("#id_setting", "home")
    expect(page.locator("#id_em_code")).to_have_count(0)
    expect(page.locator("#id_diagnoses")).to_have_count(0)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Encounter saved.")).to_be_visible()
    expect(page.get_by_text("Cannot be billed until the provider documents: E/M code")).to_be_visible()
    encounter_url = page.url

    page.get_by_role("button", name="Log out").click()
    login(page, live, "dr.reyes")
    page.goto(encounter_url)
    page.get_by_role("link", name="Edit").click()
    page.select_option("#id_em_code", "99349")
    page.fill("#id_diagnoses", "Z51.5, C34.9")
    page.fill("#id_total_minutes", "45")
    page.fill("#id_medical_necessity_note", "Breathlessness at rest despite opioids.")
    page.fill("#id_goals_of_care_note", "Stay at home; no further hospital admissions.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("is a heading, not billable")).to_be_visible()
    assert page.input_value("#id_medical_necessity_note") == "Breathlessness at rest despite opioids."

    page.fill("#id_diagnoses", "Z51.5, C34.90")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Encounter saved.")).to_be_visible()
    expect(page.get_by_text("Malignant neoplasm of unspecified part of unspecified bronchus or lung")).to_be_visible()

    page.get_by_role("link", name="Add ACP to this visit").click()
    page.fill("#id_minutes", "50")
    page.fill("#id_participants", "Patient, daughter (health-care agent)")
    page.check("#id_consent_documented")
    page.fill("#id_summary", "Discussed prognosis and a POLST; patient chose DNR.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("acp-units")).to_contain_text("99497 × 1")
    expect(page.get_by_test_id("acp-units")).to_contain_text("99498 × 1")

    patient = Patient.objects.get(mrn="RB-30001")
    assert Encounter.objects.get(patient=patient).diagnosis_codes == ["Z51.5", "C34.90"]
    assert "Castellano" not in page.url


def test_a_future_date_of_service_is_refused_in_the_browser(page, browser_ready, practice):
    from ..factories import PatientFactory

    patient = PatientFactory()
    login(page, browser_ready, "frontdesk")
    page.goto(f"{browser_ready.url}/patients/{patient.pk}/encounters/new/")
    page.select_option("#id_provider", index=1)
    page.select_option("#id_setting", "office")
    page.fill("#id_date_of_service", (timezone.localdate() + timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("cannot be in the future")).to_be_visible()
    assert not Encounter.objects.exists()
