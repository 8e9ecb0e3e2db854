"""The billing pages: worklist, claim page, edits, builds and exports, as a biller uses them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from billing.models import Claim, ClaimExport, ClaimLine
from billing.views import WORKLIST_PAGE_SIZE
from palliative.models import Role

from ..factories import ACPSessionFactory, EncounterFactory
from .factories import ClaimFactory, ClaimLineFactory, built_claim, ready_claim

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_worklist_query_count_does_not_grow_with_claims(biller_client):
    url = reverse("billing:claim_list")
    ClaimLineFactory.create_batch(2)
    few = _queries(biller_client, url)
    ClaimLineFactory.create_batch(30)
    many = _queries(biller_client, url)
    assert few == many


def test_worklist_filters_by_status(biller_client):
    ClaimFactory(patient_control_number="RBDRAFT01")
    ClaimFactory(patient_control_number="RBREADY01", status=Claim.Status.READY)
    page = biller_client.get(reverse("billing:claim_list"), {"status": "ready"}).content.decode()
    assert "RBREADY01" in page
    assert "RBDRAFT01" not in page


def test_worklist_filters_claims_held_by_scrubber_errors(biller_client):
    ClaimFactory(patient_control_number="RBHELD001", scrub_errors=2)
    ClaimFactory(patient_control_number="RBCLEAN01")
    page = biller_client.get(reverse("billing:claim_list"), {"findings": "errors"}).content.decode()
    assert "RBHELD001" in page
    assert "RBCLEAN01" not in page


def test_worklist_is_paged(biller_client):
    ClaimFactory.create_batch(WORKLIST_PAGE_SIZE + 1)
    page = biller_client.get(reverse("billing:claim_list")).content.decode()
    assert f"Page 1 of 2 ({WORKLIST_PAGE_SIZE + 1})" in page


def test_bulk_mark_ready_readies_clean_claims_and_reports_the_held_ones(biller_client):
    clean = built_claim(by=biller_client.user)
    held = built_claim(by=biller_client.user, goals_of_care_note="")
    response = biller_client.post(reverse("billing:claims_mark_ready"), {"claims": [clean.pk, held.pk]}, follow=True)
    assert Claim.objects.get(pk=clean.pk).status == "ready"
    assert Claim.objects.get(pk=held.pk).status == "draft"
    assert "1 claim(s) held back by scrubber errors" in response.content.decode()


def test_bulk_mark_ready_keeps_the_billers_filters(biller_client):
    response = biller_client.post(reverse("billing:claims_mark_ready"), {"filters": "status=draft&payer=3&q=<script>"})
    assert response.url == reverse("billing:claim_list") + "?status=draft&payer=3"


def test_export_from_the_worklist_submits_the_ready_claims_and_offers_the_file(biller_client):
    claim = ready_claim(by=biller_client.user)
    response = biller_client.post(reverse("billing:claims_export_837"), follow=True)
    export = ClaimExport.objects.get()
    assert Claim.objects.get(pk=claim.pk).status == "submitted"
    assert reverse("billing:export_download", args=[export.pk]) in response.content.decode()


def test_export_download_is_an_x12_attachment(biller_client):
    ready_claim(by=biller_client.user)
    biller_client.post(reverse("billing:claims_export_837"))
    response = biller_client.get(reverse("billing:export_download", args=[ClaimExport.objects.get().pk]))
    assert response["Content-Disposition"].endswith('.x12"')
    assert b"".join(response.streaming_content).startswith(b"ISA*00*")


def test_export_download_streams_the_stored_file_slice_by_slice(biller_client):
    from billing import selectors

    ready_claim(by=biller_client.user)
    ready_claim(by=biller_client.user)
    biller_client.post(reverse("billing:claims_export_837"))
    export = ClaimExport.objects.get()

    slices = list(selectors.export_content_chunks(export.pk, size=100))
    assert len(slices) > 2
    assert max(len(part) for part in slices) == 100
    assert "".join(slices) == export.content


def test_export_with_no_ready_claims_says_so_and_changes_nothing(biller_client):
    draft = built_claim(by=biller_client.user)
    response = biller_client.post(reverse("billing:claims_export_837"), follow=True)
    assert "There are no ready claims to export." in response.content.decode()
    assert Claim.objects.get(pk=draft.pk).status == "draft"


def test_csv_export_from_the_worklist(biller_client):
    ready_claim(by=biller_client.user)
    biller_client.post(reverse("billing:claims_export_csv"))
    assert ClaimExport.objects.get().kind == "csv"


def test_claim_page_lists_the_findings_with_what_to_do(biller_client):
    claim = built_claim(by=biller_client.user, medical_necessity_note="")
    page = biller_client.get(claim.get_absolute_url()).content.decode()
    assert "the encounter has no medical necessity note" in page
    assert "Ask the provider to document it on the encounter." in page


def test_claim_page_shows_the_timeline(biller_client):
    claim = ready_claim(by=biller_client.user)
    page = biller_client.get(claim.get_absolute_url()).content.decode()
    assert "draft → ready" in page


def test_mark_ready_of_a_claim_with_errors_shows_the_errors(biller_client):
    claim = built_claim(by=biller_client.user, goals_of_care_note="")
    response = biller_client.post(reverse("billing:claim_mark_ready", args=[claim.pk]), follow=True)
    assert "scrubber error(s) to fix first" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "draft"


def test_build_claim_from_an_encounter_opens_the_new_claim(biller_client):
    encounter = EncounterFactory()
    response = biller_client.post(reverse("billing:claim_build_encounter", args=[encounter.pk]))
    assert response.url == Claim.objects.get(encounter=encounter).get_absolute_url()


def test_to_bill_page_lists_encounters_without_a_claim(biller_client):
    billed = built_claim(by=biller_client.user).encounter
    unbilled = EncounterFactory()
    page = biller_client.get(reverse("billing:claim_to_bill")).content.decode()
    assert reverse("billing:claim_build_encounter", args=[unbilled.pk]) in page
    assert reverse("billing:claim_build_encounter", args=[billed.pk]) not in page


def _line_data(**changes):
    data = {
        "procedure_code": "99215",
        "modifiers": "",
        "units": "1",
        "charge": "215.00",
        "diagnosis_pointers": "1 2",
        "date_of_service": "2026-11-02",
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("procedure_code", "9921X", "is not a CPT or HCPCS code"),
        ("modifiers", "33 QQ", "Unknown modifier QQ"),
        ("charge", "-5", "The charge cannot be negative"),
        ("units", "0", "Units must be 1 or more"),
        ("units", "1" * 30, "more than a claim line can carry"),
        ("diagnosis_pointers", "1 5", "use numbers 1 to 2"),
    ],
)
def test_bad_line_input_gets_a_clear_message_and_changes_nothing(biller_client, field, value, message):
    claim = built_claim(by=biller_client.user)
    line = claim.lines.get()
    response = biller_client.post(reverse("billing:claim_line_edit", args=[line.pk]), _line_data(**{field: value}))
    assert message in response.content.decode()
    assert ClaimLine.objects.get(pk=line.pk).procedure_code == "99215"


def test_good_line_edit_saves_the_modifiers_in_order(biller_client):
    claim = built_claim(by=biller_client.user)
    line = claim.lines.get()
    biller_client.post(reverse("billing:claim_line_edit", args=[line.pk]), _line_data(modifiers="gv 25"))
    assert ClaimLine.objects.get(pk=line.pk).modifiers == ["GV", "25"]


def test_adding_a_line_appends_it(biller_client):
    claim = built_claim(by=biller_client.user)
    biller_client.post(
        reverse("billing:claim_line_add", args=[claim.pk]), _line_data(procedure_code="99497", charge="85")
    )
    assert list(claim.lines.values_list("line_number", "procedure_code")) == [(1, "99215"), (2, "99497")]


def test_a_submitted_claims_lines_cannot_be_edited(biller_client):
    claim = ready_claim(by=biller_client.user)
    biller_client.post(reverse("billing:claims_export_837"))
    line = claim.lines.get()
    response = biller_client.post(
        reverse("billing:claim_line_edit", args=[line.pk]), _line_data(units="3"), follow=True
    )
    assert "only a draft can be edited" in response.content.decode()
    assert ClaimLine.objects.get(pk=line.pk).units == 1


def test_invalid_diagnosis_is_refused_with_the_reason(biller_client):
    claim = built_claim(by=biller_client.user)
    response = biller_client.post(reverse("billing:claim_diagnoses_edit", args=[claim.pk]), {"codes": "Z51.5 C34.9"})
    assert "is a heading, not billable" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).diagnosis_codes == ["Z51.5", "C34.90"]


def test_diagnoses_are_saved_in_the_typed_order(biller_client):
    claim = built_claim(by=biller_client.user)
    biller_client.post(reverse("billing:claim_diagnoses_edit", args=[claim.pk]), {"codes": "c34.90, Z51.5"})
    assert Claim.objects.get(pk=claim.pk).diagnosis_codes == ["C34.90", "Z51.5"]


def test_replacement_from_the_claim_page_opens_the_new_draft(biller_client):
    claim = ready_claim(by=biller_client.user)
    biller_client.post(reverse("billing:claims_export_837"))
    response = biller_client.post(reverse("billing:claim_replace", args=[claim.pk]))
    replacement = Claim.objects.get(original_claim=claim)
    assert response.url == replacement.get_absolute_url()


def test_fhir_bundle_downloads_from_the_claim_page(biller_client):
    claim = built_claim(by=biller_client.user)
    response = biller_client.get(reverse("billing:claim_fhir", args=[claim.pk]))
    assert response["Content-Type"] == "application/fhir+json"
    assert b'"resourceType": "Bundle"' in response.content


def test_patient_page_lists_the_claims_for_billers(biller_client):
    claim = built_claim(by=biller_client.user)
    page = biller_client.get(claim.patient.get_absolute_url()).content.decode()
    assert str(claim) in page


def test_worklist_filters_to_one_patient_from_the_patient_page(biller_client):
    mine = ClaimFactory(patient_control_number="RBMINE001")
    ClaimFactory(patient_control_number="RBOTHER01")
    page = biller_client.get(reverse("billing:claim_list"), {"patient": mine.patient_id}).content.decode()
    assert "RBMINE001" in page
    assert "RBOTHER01" not in page
    assert "Showing one patient's claims" in page


def test_patient_page_shows_the_latest_ten_claims_and_links_to_all_of_them(biller_client):
    first = ClaimFactory(patient_control_number="RBOLDEST1")
    ClaimFactory.create_batch(10, coverage=first.coverage)
    page = biller_client.get(first.patient.get_absolute_url()).content.decode()
    assert "RBOLDEST1" not in page
    assert f'href="{reverse("billing:claim_list")}?patient={first.patient_id}">All claims of this patient' in page


def test_patient_page_with_ten_claims_or_fewer_has_no_link_to_more(biller_client):
    first = ClaimFactory()
    ClaimFactory.create_batch(9, coverage=first.coverage)
    page = biller_client.get(first.patient.get_absolute_url()).content.decode()
    assert "All claims of this patient" not in page


def test_patient_page_hides_claims_from_front_desk(client_as, fees):
    claim = ClaimFactory()
    page = client_as(Role.FRONT_DESK).get(claim.patient.get_absolute_url()).content.decode()
    assert 'data-testid="patient-claims"' not in page


def test_home_page_shows_billers_the_claims_held_by_the_scrubber(biller_client):
    claim = built_claim(by=biller_client.user, goals_of_care_note="")
    page = biller_client.get(reverse("palliative:home")).content.decode()
    assert "Claims held by scrubber errors" in page
    assert str(claim) in page


def test_claims_appear_in_the_billing_navigation(biller_client):
    assert reverse("billing:claim_list") in biller_client.get(reverse("palliative:home")).content.decode()


def test_payer_claim_number_with_odd_characters_is_refused(biller_client):
    claim = ready_claim(by=biller_client.user)
    biller_client.post(reverse("billing:claims_export_837"))
    void = Claim.objects.get(pk=claim.pk)
    biller_client.post(reverse("billing:claim_void", args=[void.pk]))
    correction = Claim.objects.get(frequency_code="8")
    response = biller_client.post(
        reverse("billing:claim_payer_number", args=[correction.pk]), {"payer_claim_number": "12*34~"}, follow=True
    )
    assert "letters, digits and dashes" in response.content.decode()
    assert Claim.objects.get(pk=correction.pk).payer_claim_number == ""


def test_to_bill_query_count_does_not_grow_with_encounters(biller_client):
    url = reverse("billing:claim_to_bill")
    EncounterFactory.create_batch(2)
    few = _queries(biller_client, url)
    EncounterFactory.create_batch(15)
    many = _queries(biller_client, url)
    assert few == many


def test_to_bill_query_count_past_one_page_does_not_grow_with_encounters_and_acp_sessions(biller_client):
    url = reverse("billing:claim_to_bill")
    EncounterFactory.create_batch(26)
    ACPSessionFactory.create_batch(11)
    few = _queries(biller_client, url)
    EncounterFactory.create_batch(20)
    ACPSessionFactory.create_batch(10)
    assert _queries(biller_client, url) == few


def test_to_bill_shows_ten_acp_sessions_a_page_with_a_pager(biller_client):
    ACPSessionFactory.create_batch(11)
    page = biller_client.get(reverse("billing:claim_to_bill"))
    assert len(page.context["sessions"].rows) == 10
    assert "Newer ACP sessions" in page.content.decode()
    assert len(biller_client.get(reverse("billing:claim_to_bill"), {"acp_page": 2}).context["sessions"].rows) == 1


def test_patient_page_query_count_does_not_grow_with_claims(biller_client):
    first = ClaimFactory()
    url = first.patient.get_absolute_url()
    few = _queries(biller_client, url)
    ClaimFactory.create_batch(10, coverage=first.coverage)
    many = _queries(biller_client, url)
    assert few == many


def test_to_bill_page_offers_acp_given_without_a_visit_only_when_billable(biller_client):
    from ..factories import ACPSessionFactory

    billable = ACPSessionFactory(minutes=20)
    too_short = ACPSessionFactory(minutes=12)
    page = biller_client.get(reverse("billing:claim_to_bill")).content.decode()
    assert reverse("billing:claim_build_acp", args=[billable.pk]) in page
    assert reverse("billing:claim_build_acp", args=[too_short.pk]) not in page
