"""A letter of medical necessity from request to the payer's answer, in a real browser."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from letters.models import Letter, LMNRequest
from palliative.models import Role

from ..factories import CoverageFactory, ProviderFactory, UserFactory
from ..letters.factories import PDF_BYTES
from .helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def practice(browser_ready, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(username="frontdesk", first_name="Fran", role=Role.FRONT_DESK)
    provider = ProviderFactory(first_name="Elena", last_name="Reyes", user__username="dr.reyes")
    coverage = CoverageFactory(member_id="1EG4TE5MK72")
    return provider, coverage.patient


def test_staff_draft_the_provider_fixes_and_signs_staff_submit_and_record_the_answer(
    page, browser_ready, practice, tmp_path
):
    live = browser_ready
    provider, patient = practice
    login(page, live, "frontdesk")
    page.goto(f"{live.url}/patients/{patient.pk}/")
    page.get_by_role("link", name="New request").click()
    page.select_option("#id_provider", label="Elena Reyes, MD")
    page.fill("#id_procedure_code", "99350")
    page.fill("#id_treatment", "Home palliative visits")
    page.fill("#id_diagnoses", "C34.90")
    # An LMN names the period it asks for (issue 10): payers match it to the claim by date.
    page.fill("#id_service_from", timezone.localdate().isoformat())
    page.fill("#id_frequency_duration", "Weekly for 12 weeks")
    page.fill("#id_clinical_history", "Breathless at rest; housebound since August.")
    page.fill("#id_rationale", "Keeps her out of the emergency department.")
    page.get_by_role("button", name="Open the request").click()
    expect(page.get_by_test_id("lmn-status")).to_have_text("Requested")

    record = tmp_path / "note.pdf"
    record.write_bytes(PDF_BYTES)
    page.get_by_role("link", name="Attach a record").click()
    page.select_option("#id_doc_type", "note")
    page.fill("#id_document_date", timezone.localdate().isoformat())
    page.fill("#id_description", "Clinic note")
    page.set_input_files("#id_upload", str(record))
    page.get_by_role("button", name="Attach").click()
    expect(page.get_by_text("Document attached.")).to_be_visible()

    page.get_by_role("button", name="Draft the letter from the record").click()
    expect(page.get_by_test_id("missing-elements")).to_contain_text("Alternatives tried and why they failed")
    page.get_by_role("link", name=re.compile("LMN request #")).click()
    expect(page.get_by_role("button", name=re.compile("Send to Elena Reyes"))).to_be_disabled()
    page.get_by_role("button", name="Log out").click()

    login(page, live, "dr.reyes")
    lmn = LMNRequest.objects.get()
    letter = Letter.objects.get()
    page.goto(f"{live.url}/letters/letters/{letter.pk}/")
    body = page.input_value("#id_body")
    body = re.sub(r"\[\[Treatments already tried.*?\]\]", "Office visits: missed three of four.", body)
    page.fill("#id_body", body)
    page.get_by_role("button", name="Save the letter").click()
    expect(page.get_by_text("The letter has every required element.")).to_be_visible()
    page.goto(f"{live.url}/letters/requests/{lmn.pk}/")
    page.get_by_role("button", name=re.compile("Send to Elena Reyes")).click()
    page.get_by_role("link", name="Review and sign").click()
    page.fill("#id_password", "wrong-password")
    page.get_by_role("button", name="Sign the letter").click()
    expect(page.get_by_text("The password is not correct")).to_be_visible()
    page.fill("#id_password", "correct-horse-battery")
    page.get_by_role("button", name="Sign the letter").click()
    expect(page.get_by_test_id("lmn-status")).to_have_text("Signed")
    page.get_by_role("button", name="Log out").click()

    login(page, live, "frontdesk")
    page.goto(f"{live.url}/letters/requests/{lmn.pk}/")
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Signed PDF").click()
    assert popup.value.url.endswith(f"/letters/letters/{letter.pk}/pdf/")
    page.get_by_role("link", name="Record sending to the payer").click()
    page.select_option("#id_method", "fax")
    page.fill("#id_reference", "FAX-0042")
    page.get_by_role("button", name="Record the submission").click()
    expect(page.get_by_test_id("lmn-status")).to_have_text("Submitted")
    page.get_by_role("link", name="Record the payer's answer").click()
    page.check("input[value=denied]")
    page.fill("#id_denial_reason", "CO-50 not medically necessary")
    page.get_by_role("button", name="Record the answer").click()
    expect(page.get_by_test_id("lmn-status")).to_have_text("Denied")
    expect(page.get_by_test_id("denial-reason")).to_contain_text("CO-50")
    expect(page.get_by_test_id("timeline")).to_contain_text("In review")

    letter.refresh_from_db()
    assert letter.hash_matches
    assert letter.signed_by == provider.user
    assert patient.last_name not in page.url
