from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from letters import selectors, services
from letters.models import Letter, LMNRequest
from palliative.models import Role

from ..factories import CoverageFactory, ProviderFactory
from .factories import (
    PDF_BYTES,
    LMNRequestFactory,
    SupportingDocumentFactory,
    lmn_request_with_coverage,
    reviewed_digest,
    tamper,
)

pytestmark = pytest.mark.django_db

S = LMNRequest.Status
PASSWORD = "correct-horse-battery"


def _in_review():
    lmn = lmn_request_with_coverage()
    SupportingDocumentFactory(lmn_request=lmn)
    services.lmn_draft(lmn_request=lmn, by=lmn.created_by)
    services.lmn_send_for_review(lmn_request=lmn, by=lmn.created_by)
    return lmn


def _signed():
    lmn = _in_review()
    services.lmn_sign(lmn_request=lmn, user=lmn.provider.user, password=PASSWORD, reviewed=reviewed_digest(lmn))
    lmn.refresh_from_db()
    return lmn


def test_front_desk_opens_a_request_from_the_patient_page(client_as):
    coverage = CoverageFactory()
    provider = ProviderFactory()
    data = {
        "provider": provider.pk,
        "procedure_code": "99350",
        "treatment": "Home palliative visits",
        "diagnoses": "C34.90, R06.00",
        "requested_by": "family",
        "requester_name": "Daughter",
        "due_date": (timezone.localdate() + timedelta(days=7)).isoformat(),
    }
    response = client_as(Role.FRONT_DESK).post(reverse("letters:request_create", args=[coverage.patient.pk]), data)
    lmn = LMNRequest.objects.get()
    assert response.url == lmn.get_absolute_url()
    assert lmn.diagnosis_codes == ["C34.90", "R06.00"]
    assert lmn.payer == coverage.payer


def test_a_request_for_a_patient_without_coverage_says_so_and_keeps_the_form(client_as):
    coverage = CoverageFactory(effective_to=timezone.localdate() - timedelta(days=1))
    data = {
        "provider": ProviderFactory().pk,
        "treatment": "Home visits",
        "diagnoses": "C34.90",
        "requested_by": "staff",
        "due_date": (timezone.localdate() + timedelta(days=7)).isoformat(),
    }
    response = client_as(Role.FRONT_DESK).post(reverse("letters:request_create", args=[coverage.patient.pk]), data)
    page = response.content.decode()
    assert "no primary coverage" in page
    assert 'value="Home visits"' in page
    assert not LMNRequest.objects.exists()


def test_a_bad_procedure_code_is_explained_on_the_form(client_as):
    coverage = CoverageFactory()
    data = {"provider": ProviderFactory().pk, "procedure_code": "9935X", "treatment": "x", "diagnoses": "C34.90"}
    page = client_as(Role.FRONT_DESK).post(reverse("letters:request_create", args=[coverage.patient.pk]), data)
    assert "is not a CPT or HCPCS code" in page.content.decode()


def test_drafting_takes_staff_to_the_letter_editor(client_as):
    lmn = lmn_request_with_coverage()
    response = client_as(Role.FRONT_DESK).post(reverse("letters:request_draft", args=[lmn.pk]))
    letter = Letter.objects.get(lmn_request=lmn)
    assert response.url == reverse("letters:letter_edit", args=[letter.pk])


def test_the_editor_lists_the_missing_elements(client_as):
    lmn = lmn_request_with_coverage(alternatives_tried="")
    letter = services.lmn_draft(lmn_request=lmn, by=lmn.created_by)
    page = client_as(Role.PROVIDER).get(reverse("letters:letter_edit", args=[letter.pk])).content.decode()
    assert "Alternatives tried and why they failed" in page
    assert "Supporting documents" in page


def test_the_provider_fixes_the_letter_in_the_editor(client_as):
    lmn = lmn_request_with_coverage()
    letter = services.lmn_draft(lmn_request=lmn, by=lmn.created_by)
    body = letter.body.replace("Office visits: missed three of four.", "Office visits, 8/2026: missed three of four.")
    client_as(Role.PROVIDER).post(reverse("letters:letter_edit", args=[letter.pk]), {"body": body})
    assert "8/2026" in Letter.objects.get(pk=letter.pk).body


def test_editing_a_signed_letter_is_refused_with_a_message(client_as):
    lmn = _signed()
    letter = lmn.current_letter()
    client = client_as(Role.PROVIDER)
    response = client.post(reverse("letters:letter_edit", args=[letter.pk]), {"body": "changed"}, follow=True)
    assert Letter.objects.get(pk=letter.pk).body != "changed"
    assert "Signed by" in response.content.decode()


def test_send_for_review_with_missing_elements_shows_them(client_as):
    lmn = lmn_request_with_coverage(rationale="")
    services.lmn_draft(lmn_request=lmn, by=lmn.created_by)
    response = client_as(Role.FRONT_DESK).post(reverse("letters:request_send_for_review", args=[lmn.pk]), follow=True)
    assert "Why the treatment is necessary" in response.content.decode()
    lmn.refresh_from_db()
    assert lmn.status == S.DRAFTED


def test_the_named_provider_signs_with_their_password(client):
    lmn = _in_review()
    client.force_login(lmn.provider.user)
    response = client.post(
        reverse("letters:request_sign", args=[lmn.pk]), {"password": PASSWORD, "reviewed": reviewed_digest(lmn)}
    )
    lmn.refresh_from_db()
    assert response.url == lmn.get_absolute_url()
    assert lmn.status == S.SIGNED


def test_a_wrong_password_is_shown_on_the_sign_page(client):
    lmn = _in_review()
    client.force_login(lmn.provider.user)
    response = client.post(
        reverse("letters:request_sign", args=[lmn.pk]), {"password": "guess", "reviewed": reviewed_digest(lmn)}
    )
    assert "password is not correct" in response.content.decode()
    lmn.refresh_from_db()
    assert lmn.status == S.IN_REVIEW


def test_another_provider_is_told_who_must_sign(client_as):
    lmn = _in_review()
    client = client_as(Role.PROVIDER)
    page = client.get(reverse("letters:request_sign", args=[lmn.pk])).content.decode()
    assert f"Only {lmn.provider}" in page
    client.post(
        reverse("letters:request_sign", args=[lmn.pk]), {"password": PASSWORD, "reviewed": reviewed_digest(lmn)}
    )
    lmn.refresh_from_db()
    assert lmn.status == S.IN_REVIEW


def test_staff_record_the_submission(client_as):
    lmn = _signed()
    data = {"submitted_on": timezone.localdate().isoformat(), "method": "portal", "reference": "CASE-9"}
    client_as(Role.FRONT_DESK).post(reverse("letters:request_submit", args=[lmn.pk]), data)
    lmn.refresh_from_db()
    assert lmn.status == S.SUBMITTED
    assert lmn.submission_reference == "CASE-9"


def test_a_denial_without_a_reason_keeps_the_form_open(client_as):
    lmn = LMNRequestFactory(status=S.SUBMITTED, submitted_on=timezone.localdate())
    data = {"outcome": "denied", "response_on": timezone.localdate().isoformat(), "denial_reason": ""}
    response = client_as(Role.BILLING).post(reverse("letters:request_record_response", args=[lmn.pk]), data)
    assert "the appeal starts from it" in response.content.decode()
    lmn.refresh_from_db()
    assert lmn.status == S.SUBMITTED


def test_a_denied_request_shows_its_reason_on_the_page(client_as):
    lmn = LMNRequestFactory(status=S.SUBMITTED, submitted_on=timezone.localdate())
    data = {"outcome": "denied", "response_on": timezone.localdate().isoformat(), "denial_reason": "CO-50"}
    client = client_as(Role.BILLING)
    response = client.post(reverse("letters:request_record_response", args=[lmn.pk]), data, follow=True)
    assert "CO-50" in response.content.decode()


def test_a_denial_shows_the_appeals_the_appeals_app_registers(client_as):
    from ..appeals.factories import AppealFactory

    lmn = LMNRequestFactory(status=S.DENIED, denial_reason="CO-50", response_on=timezone.localdate())
    appeal = AppealFactory(lmn_request=lmn)
    page = client_as(Role.BILLING).get(reverse("letters:request_detail", args=[lmn.pk])).content.decode()
    assert f'href="{reverse("appeals:appeal_detail", args=[appeal.pk])}"' in page
    assert "Consider an appeal" not in page


def test_a_denial_without_an_appeal_suggests_one(client_as):
    lmn = LMNRequestFactory(status=S.DENIED, denial_reason="CO-50", response_on=timezone.localdate())
    page = client_as(Role.BILLING).get(reverse("letters:request_detail", args=[lmn.pk])).content.decode()
    assert "Consider an appeal (Appeals)." in page


def test_the_detail_page_shows_the_timeline(client_as):
    lmn = _signed()
    page = client_as(Role.FRONT_DESK).get(reverse("letters:request_detail", args=[lmn.pk])).content.decode()
    assert "In review" in page
    assert "SHA-256 recorded" in page


def test_the_signed_pdf_is_served_after_the_hash_check(client_as):
    lmn = _signed()
    response = client_as(Role.BILLING).get(reverse("letters:letter_pdf", args=[lmn.current_letter().pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_a_tampered_letter_is_not_served(client_as):
    lmn = _signed()
    letter = lmn.current_letter()
    tamper(letter, body="Altered.")
    response = client_as(Role.BILLING).get(reverse("letters:letter_pdf", args=[letter.pk]))
    assert response.status_code == 409
    assert b"does not match" in response.content


def test_a_document_upload_is_attached(client_as):
    lmn = LMNRequestFactory()
    data = {
        "doc_type": "test_result",
        "document_date": timezone.localdate().isoformat(),
        "description": "CT chest",
        "upload": SimpleUploadedFile("ct.pdf", PDF_BYTES, content_type="application/pdf"),
    }
    response = client_as(Role.FRONT_DESK).post(reverse("letters:document_upload", args=[lmn.pk]), data)
    assert response.url == lmn.get_absolute_url()
    assert lmn.documents.get().description == "CT chest"


def test_a_renamed_executable_is_refused_with_a_message(client_as):
    lmn = LMNRequestFactory()
    data = {
        "doc_type": "note",
        "document_date": timezone.localdate().isoformat(),
        "description": "note",
        "upload": SimpleUploadedFile("note.pdf", b"MZ\x90\x00rest", content_type="application/pdf"),
    }
    response = client_as(Role.FRONT_DESK).post(reverse("letters:document_upload", args=[lmn.pk]), data)
    assert "PDF, PNG, JPEG or TIFF" in response.content.decode()
    assert not lmn.documents.exists()


def test_a_document_downloads_as_an_attachment_named_by_ids(client_as):
    document = SupportingDocumentFactory()
    response = client_as(Role.BILLING).get(reverse("letters:document_download", args=[document.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f"lmn-{document.lmn_request_id}-document-{document.pk}.pdf" in disposition
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_the_worklist_shows_the_provider_what_to_sign(client):
    lmn = _in_review()
    client.force_login(lmn.provider.user)
    page = client.get(reverse("letters:worklist")).content.decode()
    assert "Waiting for my signature" in page
    assert reverse("letters:request_detail", args=[lmn.pk]) in page


def test_the_worklist_shows_front_desk_what_to_draft_and_follow_up(client_as):
    to_draft = LMNRequestFactory(status=S.REQUESTED)
    to_chase = LMNRequestFactory(status=S.SUBMITTED, submitted_on=timezone.localdate() - timedelta(days=20))
    page = client_as(Role.FRONT_DESK).get(reverse("letters:worklist")).content.decode()
    assert reverse("letters:request_detail", args=[to_draft.pk]) in page
    assert reverse("letters:request_detail", args=[to_chase.pk]) in page
    assert "To follow up with the payer" in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _batch(count):
    for status in (S.REQUESTED, S.DRAFTED, S.IN_REVIEW, S.SIGNED, S.DENIED, S.APPROVED):
        LMNRequestFactory.create_batch(count, status=status)
    LMNRequestFactory.create_batch(count, status=S.SUBMITTED, submitted_on=timezone.localdate() - timedelta(days=30))


def test_worklist_query_count_does_not_grow_with_requests(client_as):
    # every section full (its first rows and a bounded count of the rest), then longer still
    client = client_as(Role.ADMIN)
    _batch(selectors.SECTION_ROWS)
    few = _queries(client, reverse("letters:worklist"))
    _batch(6)
    many = _queries(client, reverse("letters:worklist"))
    assert few == many


def test_patient_page_lists_the_patients_letter_requests(client_as):
    lmn = LMNRequestFactory()
    page = client_as(Role.FRONT_DESK).get(reverse("palliative:patient_detail", args=[lmn.patient.pk])).content.decode()
    assert "Letters of medical necessity" in page
    assert reverse("letters:request_detail", args=[lmn.pk]) in page


def test_provider_dashboard_shows_letters_to_sign(client):
    lmn = _in_review()
    client.force_login(lmn.provider.user)
    page = client.get(reverse("palliative:home")).content.decode()
    assert "Letters waiting for my signature" in page
    assert reverse("letters:request_detail", args=[lmn.pk]) in page


def test_front_desk_dashboard_shows_letters_to_draft_and_follow_up(client_as):
    lmn = LMNRequestFactory(status=S.GATHERING_RECORDS)
    page = client_as(Role.FRONT_DESK).get(reverse("palliative:home")).content.decode()
    assert "Letters of medical necessity to draft" in page
    assert "Letters to follow up with the payer" in page
    assert reverse("letters:request_detail", args=[lmn.pk]) in page


def test_a_patient_who_dies_with_an_open_request_is_flagged(admin_user):
    from palliative.services import patient_record_death

    lmn = LMNRequestFactory(status=S.DRAFTED)
    items = patient_record_death(patient=lmn.patient, date_of_death=timezone.localdate(), by=admin_user)
    assert f"LMN request #{lmn.pk} is drafted" in items


def test_request_page_query_count_does_not_grow_with_documents_and_history(client_as):
    client = client_as(Role.FRONT_DESK)
    lmn = _signed()
    url = reverse("letters:request_detail", args=[lmn.pk])
    few = _queries(client, url)
    SupportingDocumentFactory.create_batch(8, lmn_request=lmn)
    services.lmn_new_version(lmn_request=lmn, by=lmn.provider.user)
    services.lmn_send_for_review(lmn_request=lmn, by=lmn.created_by)
    services.lmn_sign(lmn_request=lmn, user=lmn.provider.user, password=PASSWORD, reviewed=reviewed_digest(lmn))
    many = _queries(client, url)
    assert few == many
