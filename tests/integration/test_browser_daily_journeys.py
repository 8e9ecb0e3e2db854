"""Each role's day in a real browser with the new search, duplicate warning, code look-up and
to-bill deadlines; axe-core runs on every page visited (no serious or critical violation) and
each page is photographed under tmp/artifacts/."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from letters import services as letter_services
from palliative.models import Encounter, Patient, Role

from ..factories import (
    CommercialPayerFactory,
    CoverageFactory,
    EncounterFactory,
    PatientFactory,
    PayerFactory,
    ProviderFactory,
    UserFactory,
)
from ..letters.factories import SupportingDocumentFactory, lmn_request_with_coverage
from .accessibility import PageChecker
from .helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def practice(browser_ready):
    UserFactory(username="frontdesk", first_name="Fran", role=Role.FRONT_DESK)
    UserFactory(username="billing", first_name="Bea", role=Role.BILLING)
    UserFactory(username="admin", first_name="Ada", role=Role.ADMIN)
    provider = ProviderFactory(first_name="Elena", last_name="Reyes", user__username="dr.reyes")
    zoe = PatientFactory(first_name="Zoë", last_name="O'Brien-Nguyễn", date_of_birth=date(1948, 11, 2), mrn="RB-40001")
    CoverageFactory(patient=zoe, payer=PayerFactory(), effective_from=date(2020, 1, 1))
    return provider, zoe


def _done(checker: PageChecker):
    assert checker.count > 0
    assert checker.problems == [], "\n".join(checker.problems)


def test_front_desk_finds_a_patient_however_typed_and_is_warned_before_registering_her_twice(
    page, browser_ready, practice
):
    live, checker = browser_ready, PageChecker("front-desk")
    login(page, live, "frontdesk")
    checker.check(page, "home")
    page.get_by_role("link", name="Patients").click()
    page.get_by_label("Name, MRN or date of birth").fill("o’brien")
    page.get_by_label("Name, MRN or date of birth").press("Enter")
    expect(page.get_by_role("link", name="O'Brien-Nguyễn, Zoë")).to_be_visible()
    checker.check(page, "patient search by name")
    page.get_by_label("Name, MRN or date of birth").fill("11021948")
    page.get_by_label("Name, MRN or date of birth").press("Enter")
    expect(page.get_by_role("link", name="O'Brien-Nguyễn, Zoë")).to_be_visible()

    page.get_by_role("link", name="New patient").click()
    checker.check(page, "new patient")
    page.fill("#id_first_name", "Zoe")
    page.fill("#id_last_name", "Nguyen")
    page.fill("#id_date_of_birth", "1948-11-02")
    page.select_option("#id_sex", "F")
    page.fill("#id_mrn", "RB-40002")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("likely-duplicates")).to_contain_text("RB-40001")
    checker.check(page, "likely duplicate warning")
    assert Patient.objects.count() == 1
    page.get_by_label("I have checked these charts: this is a different person").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Add coverage")).to_be_visible()
    checker.check(page, "add coverage")
    assert Patient.objects.filter(mrn="RB-40002").exists()
    _done(checker)


def test_provider_logs_a_visit_with_the_code_lookup_on_a_phone_and_signs_a_letter(
    page, browser_ready, practice, settings, tmp_path
):
    live, checker = browser_ready, PageChecker("provider")
    provider, zoe = practice
    settings.MEDIA_ROOT = tmp_path / "media"
    lmn = lmn_request_with_coverage(provider=provider)
    SupportingDocumentFactory(lmn_request=lmn)
    letter = letter_services.lmn_draft(lmn_request=lmn, by=lmn.created_by)
    letter_services.lmn_send_for_review(lmn_request=lmn, by=lmn.created_by)

    page.set_viewport_size(PHONE)
    login(page, live, "dr.reyes")
    checker.check(page, "home")
    page.goto(f"{live.url}/patients/{zoe.pk}/encounters/new/")
    page.select_option("#id_provider", label="Elena Reyes, MD")
    page.select_option("#id_setting", "home")
    page.select_option("#id_em_code", "99349")
    diagnoses = page.locator("#id_diagnoses")
    diagnoses.press_sequentially("Z51.5, lung ca", delay=20)
    expect(page.get_by_role("listbox")).to_be_visible()
    checker.check(page, "encounter form with code suggestions")
    diagnoses.press("ArrowDown")
    diagnoses.press("Enter")
    assert diagnoses.input_value().startswith("Z51.5, C34.")
    page.fill("#id_total_minutes", "45")
    page.fill("#id_medical_necessity_note", "Breathless at rest despite opioids.")
    page.fill("#id_goals_of_care_note", "Stay at home.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Encounter saved.")).to_be_visible()
    checker.check(page, "encounter detail")
    assert Encounter.objects.get(patient=zoe).diagnosis_codes[0] == "Z51.5"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.goto(f"{live.url}/letters/letters/{letter.pk}/")
    checker.check(page, "letter to sign")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(f"{live.url}/letters/requests/{lmn.pk}/sign/")
    checker.check(page, "sign page")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.fill("#id_password", "correct-horse-battery")
    page.get_by_role("button", name="Sign the letter").click()
    expect(page.get_by_test_id("lmn-status")).to_have_text("Signed")
    checker.check(page, "signed request")
    _done(checker)


def test_biller_works_the_to_bill_list_by_filing_deadline(page, browser_ready, practice):
    live, checker = browser_ready, PageChecker("billing")
    provider, zoe = practice
    today = timezone.localdate()
    commercial = CommercialPayerFactory(timely_filing_days=90)
    late = PatientFactory(last_name="Okafor")
    CoverageFactory(patient=late, payer=commercial, effective_from=date(2020, 1, 1))
    EncounterFactory(patient=late, provider=provider, date_of_service=today - timedelta(days=86))
    EncounterFactory(patient=zoe, provider=provider, date_of_service=today - timedelta(days=10))

    login(page, live, "billing")
    checker.check(page, "home")
    page.goto(f"{live.url}/billing/to-bill/")
    rows = page.get_by_test_id("to-bill").locator("tbody tr")
    expect(rows.first).to_contain_text("Due this week")
    expect(rows.first).to_contain_text("Okafor")
    checker.check(page, "to bill by deadline")
    page.get_by_label("Patient").fill("nguyen")
    page.get_by_role("button", name="Search").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("O'Brien-Nguyễn")
    checker.check(page, "to bill searched")
    page.get_by_role("button", name="Build claim").click()
    expect(page.get_by_text("Scrubber:")).to_be_visible()
    checker.check(page, "claim")
    page.goto(f"{live.url}/billing/claims/")
    checker.check(page, "claims worklist")
    _done(checker)


def test_admin_adds_a_staff_login_and_deactivates_it(page, browser_ready, practice):
    live, checker = browser_ready, PageChecker("admin")
    login(page, live, "admin")
    checker.check(page, "home")
    page.get_by_role("link", name="Staff", exact=True).click()
    checker.check(page, "staff")
    page.get_by_role("link", name="New staff login").click()
    page.fill("#id_username", "jsmith")
    page.fill("#id_first_name", "Jan")
    page.fill("#id_last_name", "Smith")
    page.select_option("#id_role", Role.BILLING)
    page.fill("#id_password", "lantern-orchard-91")
    checker.check(page, "new staff login")
    page.get_by_role("button", name="Add the login").click()
    expect(page.get_by_text("Login jsmith added as Billing.")).to_be_visible()
    page.get_by_role("button", name="Deactivate jsmith").click()
    expect(page.get_by_text("Login jsmith deactivated")).to_be_visible()
    checker.check(page, "staff after deactivation")
    page.goto(f"{live.url}/billing/claims/")
    checker.check(page, "claims")
    page.goto(f"{live.url}/providers/")
    checker.check(page, "providers")
    _done(checker)


def test_a_page_outside_the_role_is_readable_too(page, browser_ready, practice):
    live, checker = browser_ready, PageChecker("forbidden")
    login(page, live, "frontdesk")
    page.goto(f"{live.url}/billing/claims/")
    expect(page.get_by_role("heading", name="This page is not open to your role")).to_be_visible()
    checker.check(page, "403")
    _done(checker)
