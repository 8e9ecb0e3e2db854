"""The biller's day in a real browser: build a claim, see and fix the scrubber's finding,
mark it ready, export an 837P that pyx12 accepts."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from billing.models import Claim, ClaimExport
from palliative import icd10
from palliative.models import ICD10Code, Role

from ..billing.factories import fee_schedule
from ..billing.x12check import validate
from ..factories import CoverageFactory, EncounterFactory, PatientFactory, UserFactory
from .helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def visit(browser_ready):
    UserFactory(username="billing", first_name="Bill", role=Role.BILLING)
    fee_schedule()
    patient = PatientFactory(address_line1="1 Elm Street", city="Springfield", state="IL", zip_code="62701")
    CoverageFactory(patient=patient)
    encounter = EncounterFactory(patient=patient, diagnosis_codes=["Z51.5"])
    # The practice has loaded the code set of the visit's fiscal year (else the claim carries a
    # "no ICD-10-CM set loaded" warning, issue 10): the two codes this test uses.
    year = icd10.fiscal_year(encounter.date_of_service)
    ICD10Code.objects.bulk_create(
        ICD10Code(
            fiscal_year=year,
            effective_from=icd10.fiscal_year_start(year),
            code=code,
            billable=True,
            short_description=text,
            long_description=text,
        )
        for code, text in (("Z51.5", "Encounter for palliative care"), ("C34.90", "Malignant neoplasm of lung"))
    )
    return encounter


def test_biller_builds_fixes_and_exports_a_claim(page, browser_ready, visit):
    live = browser_ready
    login(page, live, "billing")
    page.get_by_role("link", name="To bill", exact=True).click()
    page.get_by_role("button", name="Build claim").first.click()
    expect(page.get_by_text("cannot be the only diagnosis")).to_be_visible()
    expect(page.get_by_role("button", name="Mark ready")).to_be_disabled()

    page.get_by_role("link", name="Edit diagnoses").click()
    page.fill("#id_codes", "Z51.5 C34.90")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("No findings: this claim is clean.")).to_be_visible()
    page.get_by_role("button", name="Mark ready").click()
    expect(page.get_by_test_id("claim-status")).to_have_text("Ready to export")

    page.get_by_role("link", name="Claims", exact=True).click()
    page.get_by_role("button", name="Export 837P").click()
    expect(page.get_by_text("1 claim(s) exported and marked submitted.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").first.click()
    text = Path(download.value.path()).read_text()
    assert validate(text)[0] is True
    assert Claim.objects.get().status == Claim.Status.SUBMITTED
    assert ClaimExport.objects.count() == 1
