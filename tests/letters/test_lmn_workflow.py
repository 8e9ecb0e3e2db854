from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from letters import services
from letters.models import Letter, LMNRequest
from palliative.workflow import TransitionNotAllowed

from ..factories import CoverageFactory, EncounterFactory, ProviderFactory
from .factories import (
    PDF_BYTES,
    LMNRequestFactory,
    SupportingDocumentFactory,
    lmn_request_with_coverage,
    reviewed_digest,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
S = LMNRequest.Status


def _create(patient, provider, staff, **overrides):
    values = dict(
        patient=patient,
        provider=provider,
        treatment="Home palliative visits",
        procedure_code="99350",
        diagnosis_codes=["C34.90"],
        due_date=timezone.localdate() + timedelta(days=5),
        requested_by=LMNRequest.Requester.STAFF,
        by=staff,
    )
    values.update(overrides)
    return services.lmn_request_create(**values)


def _drafted(**kwargs):
    request = lmn_request_with_coverage(**kwargs)
    SupportingDocumentFactory(lmn_request=request)
    services.lmn_draft(lmn_request=request, by=request.created_by)
    request.refresh_from_db()
    return request


def _in_review(**kwargs):
    request = _drafted(**kwargs)
    services.lmn_send_for_review(lmn_request=request, by=request.created_by)
    request.refresh_from_db()
    return request


def _signed(**kwargs):
    request = _in_review(**kwargs)
    services.lmn_sign(
        lmn_request=request, user=request.provider.user, password=PASSWORD, reviewed=reviewed_digest(request)
    )
    request.refresh_from_db()
    return request


def _submitted(**kwargs):
    request = _signed(**kwargs)
    services.lmn_submit(
        lmn_request=request,
        submitted_on=timezone.localdate(),
        method=LMNRequest.Method.FAX,
        reference="FAX-123",
        by=request.created_by,
    )
    request.refresh_from_db()
    return request


def test_a_new_request_takes_payer_and_member_id_from_the_primary_coverage(staff):
    coverage = CoverageFactory(member_id="9XY8")
    request = _create(coverage.patient, ProviderFactory(), staff)
    assert request.payer == coverage.payer
    assert request.member_id == "9XY8"
    assert request.status == S.REQUESTED


def test_a_new_request_starts_its_timeline(staff):
    coverage = CoverageFactory()
    request = _create(coverage.patient, ProviderFactory(), staff)
    [created] = request.status_changes.all()
    assert created.to_status == S.REQUESTED
    assert created.by == staff


def test_a_patient_without_coverage_cannot_have_a_request(staff):
    coverage = CoverageFactory(effective_to=timezone.localdate() - timedelta(days=1))
    with pytest.raises(services.LetterError, match="no primary coverage"):
        _create(coverage.patient, ProviderFactory(), staff)


def test_a_malformed_procedure_code_is_refused(staff):
    coverage = CoverageFactory()
    with pytest.raises(services.LetterError, match="not a CPT or HCPCS"):
        _create(coverage.patient, ProviderFactory(), staff, procedure_code="9935")


def test_a_hcpcs_code_is_accepted_in_lower_case(staff):
    coverage = CoverageFactory()
    request = _create(coverage.patient, ProviderFactory(), staff, procedure_code="g0556")
    assert request.procedure_code == "G0556"


def test_a_request_on_the_patients_behalf_records_who_asked(staff):
    coverage = CoverageFactory()
    request = _create(
        coverage.patient,
        ProviderFactory(),
        staff,
        requested_by=LMNRequest.Requester.FAMILY,
        requester_name="Daughter",
    )
    assert request.get_requested_by_display().startswith("Family")
    assert request.requester_name == "Daughter"


def test_drafting_fills_the_letter_from_the_record():
    request = _drafted()
    letter = request.current_letter()
    assert request.status == S.DRAFTED
    assert letter.facts["member_id"] == request.member_id
    assert letter.facts["provider_npi"] == request.provider.npi
    assert letter.facts["diagnoses"][0][0] == "C34.90"
    assert "Malignant neoplasm" in letter.facts["diagnoses"][0][1]
    assert "Breathless at rest" in letter.body
    assert letter.missing_elements == []


def test_drafting_leaves_named_placeholders_where_the_record_is_silent():
    request = _drafted(alternatives_tried="", rationale="")
    keys = [m.key for m in request.current_letter().missing_elements]
    assert keys == ["alternatives", "rationale"]


def test_drafting_uses_the_providers_latest_necessity_note_when_no_history_was_typed():
    request = lmn_request_with_coverage(clinical_history="")
    EncounterFactory(patient=request.patient, provider=request.provider, medical_necessity_note="Pain 8/10 at rest.")
    letter = services.lmn_draft(lmn_request=request, by=request.created_by)
    assert "Pain 8/10 at rest." in letter.body


def test_a_request_is_drafted_once():
    request = _drafted()
    with pytest.raises(services.LetterError, match="already has a letter"):
        services.lmn_draft(lmn_request=request, by=request.created_by)


def test_a_letter_missing_an_element_cannot_go_to_review():
    request = _drafted(rationale="")
    with pytest.raises(services.LetterError, match="Medical necessity and expected benefit"):
        services.lmn_send_for_review(lmn_request=request, by=request.created_by)
    request.refresh_from_db()
    assert request.status == S.DRAFTED


def test_a_letter_without_supporting_documents_cannot_go_to_review():
    request = lmn_request_with_coverage()
    services.lmn_draft(lmn_request=request, by=request.created_by)
    with pytest.raises(services.LetterError, match="Supporting documents"):
        services.lmn_send_for_review(lmn_request=request, by=request.created_by)


def test_sending_for_review_starts_the_signature_clock():
    request = _in_review()
    assert request.status == S.IN_REVIEW
    assert request.current_letter().awaiting_signature_since == timezone.localdate()


def test_the_provider_can_send_the_letter_back_for_changes():
    request = _in_review()
    services.lmn_return_to_draft(lmn_request=request, by=request.provider.user, note="Add the dates")
    request.refresh_from_db()
    assert request.status == S.DRAFTED
    assert request.current_letter().awaiting_signature_since is None


def test_signing_moves_the_request_to_signed_with_who_and_when():
    request = _signed()
    last = request.status_changes.last()
    assert request.status == S.SIGNED
    assert last.by == request.provider.user
    assert "SHA-256" in last.note


def test_a_letter_cannot_be_signed_before_review():
    request = _drafted()
    with pytest.raises(services.SigningRefused, match="sent for review"):
        services.lmn_sign(
            lmn_request=request, user=request.provider.user, password=PASSWORD, reviewed=reviewed_digest(request)
        )


def test_a_refused_signature_leaves_the_request_in_review():
    request = _in_review()
    with pytest.raises(services.SigningRefused):
        services.lmn_sign(
            lmn_request=request, user=request.provider.user, password="nope", reviewed=reviewed_digest(request)
        )
    request.refresh_from_db()
    assert request.status == S.IN_REVIEW


def test_a_correction_is_a_new_version_and_the_request_goes_back_to_drafted():
    request = _signed()
    new = services.lmn_new_version(lmn_request=request, by=request.provider.user)
    request.refresh_from_db()
    assert request.status == S.DRAFTED
    assert request.current_letter() == new
    assert new.version == 2


def test_the_corrected_version_is_signed_again_through_review():
    request = _signed()
    services.lmn_new_version(lmn_request=request, by=request.provider.user)
    services.lmn_send_for_review(lmn_request=request, by=request.created_by)
    letter = services.lmn_sign(
        lmn_request=request, user=request.provider.user, password=PASSWORD, reviewed=reviewed_digest(request)
    )
    assert letter.version == 2
    assert letter.is_signed


def test_submission_records_date_method_and_reference():
    request = _submitted()
    assert request.status == S.SUBMITTED
    assert request.submission_method == "fax"
    assert request.submission_reference == "FAX-123"


def test_a_request_cannot_be_submitted_before_it_is_signed():
    request = _in_review()
    with pytest.raises(TransitionNotAllowed):
        services.lmn_submit(
            lmn_request=request, submitted_on=timezone.localdate(), method="fax", reference="", by=request.created_by
        )


def test_an_approval_is_recorded_with_its_date():
    request = _submitted()
    services.lmn_record_response(
        lmn_request=request, approved=True, response_on=timezone.localdate(), by=request.created_by
    )
    request.refresh_from_db()
    assert request.status == S.APPROVED
    assert request.response_on == timezone.localdate()


def test_a_denial_keeps_the_payers_reason_for_the_appeal():
    request = _submitted()
    services.lmn_record_response(
        lmn_request=request,
        approved=False,
        response_on=timezone.localdate(),
        denial_reason="Not medically necessary (CO-50)",
        by=request.created_by,
    )
    request.refresh_from_db()
    assert request.status == S.DENIED
    assert request.denial_reason == "Not medically necessary (CO-50)"


def test_a_denial_without_a_reason_is_refused():
    request = _submitted()
    with pytest.raises(services.LetterError, match="reason"):
        services.lmn_record_response(
            lmn_request=request, approved=False, response_on=timezone.localdate(), by=request.created_by
        )


def test_an_answer_dated_before_submission_is_refused():
    request = _submitted()
    with pytest.raises(services.LetterError, match="before the letter was submitted"):
        services.lmn_record_response(
            lmn_request=request,
            approved=True,
            response_on=request.submitted_on - timedelta(days=1),
            by=request.created_by,
        )


def test_a_withdrawn_request_keeps_its_reason_and_stops():
    request = _in_review()
    services.lmn_withdraw(lmn_request=request, reason="Payer approved without a letter", by=request.created_by)
    request.refresh_from_db()
    assert request.status == S.WITHDRAWN
    assert request.current_letter().awaiting_signature_since is None
    assert request.allowed_transitions() == []


def test_a_decided_request_cannot_be_withdrawn():
    request = _submitted()
    services.lmn_record_response(
        lmn_request=request, approved=True, response_on=timezone.localdate(), by=request.created_by
    )
    with pytest.raises(TransitionNotAllowed):
        services.lmn_withdraw(lmn_request=request, reason="x", by=request.created_by)


def test_every_transition_writes_the_timeline():
    request = _submitted()
    moves = [(c.from_status, c.to_status) for c in request.status_changes.all()]
    assert moves == [
        ("", S.REQUESTED),
        (S.REQUESTED, S.DRAFTED),
        (S.DRAFTED, S.IN_REVIEW),
        (S.IN_REVIEW, S.SIGNED),
        (S.SIGNED, S.SUBMITTED),
    ]


def test_attaching_a_document_lists_it_among_the_draft_letters_enclosures():
    request = _drafted()
    upload = SimpleUploadedFile("scan.pdf", PDF_BYTES, content_type="application/pdf")
    services.document_attach(
        lmn_request=request,
        uploaded=upload,
        doc_type="test_result",
        document_date=timezone.localdate(),
        description="CT chest report",
        by=request.created_by,
    )
    assert any("CT chest report" in item for item in Letter.objects.get(lmn_request=request).facts["enclosures"])


def test_attaching_to_a_signed_letters_request_leaves_the_letter_alone():
    request = _signed()
    letter = request.current_letter()
    upload = SimpleUploadedFile("scan.pdf", PDF_BYTES)
    services.document_attach(
        lmn_request=request,
        uploaded=upload,
        doc_type="note",
        document_date=timezone.localdate(),
        description="Late note",
        by=request.created_by,
    )
    assert Letter.objects.get(pk=letter.pk).hash_matches


def test_a_disguised_upload_is_refused_and_nothing_is_stored(settings):
    request = LMNRequestFactory()
    upload = SimpleUploadedFile("notes.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(services.LetterError, match="PDF, PNG, JPEG or TIFF"):
        services.document_attach(
            lmn_request=request,
            uploaded=upload,
            doc_type="note",
            document_date=timezone.localdate(),
            description="x",
            by=request.created_by,
        )
    assert not request.documents.exists()


def test_an_upload_is_stored_under_media_letters_without_its_original_name(settings):
    request = LMNRequestFactory()
    upload = SimpleUploadedFile("Whitfield Margaret CT.pdf", PDF_BYTES)
    document = services.document_attach(
        lmn_request=request,
        uploaded=upload,
        doc_type="imaging",
        document_date=timezone.localdate(),
        description="CT",
        by=request.created_by,
    )
    assert document.file.name.startswith(f"letters/request-{request.pk}/")
    assert "Whitfield" not in document.file.name
    assert (settings.MEDIA_ROOT / document.file.name).read_bytes() == PDF_BYTES


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (S.REQUESTED, S.SIGNED),
        (S.REQUESTED, S.SUBMITTED),
        (S.DRAFTED, S.SIGNED),
        (S.IN_REVIEW, S.SUBMITTED),
        (S.SUBMITTED, S.DRAFTED),
        (S.APPROVED, S.DENIED),
        (S.DENIED, S.SUBMITTED),
        (S.WITHDRAWN, S.REQUESTED),
    ],
)
def test_a_request_cannot_skip_or_reverse_steps(start, target):
    request = LMNRequestFactory(status=start)
    with pytest.raises(TransitionNotAllowed):
        request.transition_to(target, by=request.created_by)


def test_editing_a_drafted_request_refreshes_the_letters_identifiers_not_its_text():
    request = _drafted()
    letter = request.current_letter()
    services.lmn_request_update(lmn_request=request, by=request.created_by, diagnosis_codes=["C25.9"])
    letter.refresh_from_db()
    assert letter.facts["diagnoses"][0][0] == "C25.9"
    assert letter.facts["enclosures"]
    assert "Breathless at rest" in letter.body


def test_a_signed_request_can_no_longer_be_edited():
    request = _signed()
    with pytest.raises(services.LetterError, match="can no longer be edited"):
        services.lmn_request_update(lmn_request=request, by=request.created_by, treatment="Other")


def test_a_second_submission_is_refused_and_keeps_the_first():
    request = _submitted()
    with pytest.raises(services.LetterError, match="already submitted"):
        services.lmn_submit(
            lmn_request=request,
            submitted_on=timezone.localdate(),
            method="portal",
            reference="P-9",
            by=request.created_by,
        )
    request.refresh_from_db()
    assert (request.submission_method, request.submission_reference) == ("fax", "FAX-123")


def test_a_second_answer_is_refused_and_keeps_the_first():
    request = _submitted()
    services.lmn_record_response(
        lmn_request=request, approved=True, response_on=timezone.localdate(), by=request.created_by
    )
    with pytest.raises(services.LetterError, match="already recorded"):
        services.lmn_record_response(
            lmn_request=request,
            approved=False,
            response_on=timezone.localdate(),
            denial_reason="x",
            by=request.created_by,
        )
    request.refresh_from_db()
    assert request.status == S.APPROVED
    assert request.denial_reason == ""


def test_withdrawing_twice_is_refused():
    request = _in_review()
    services.lmn_withdraw(lmn_request=request, reason="Payer approved without a letter", by=request.created_by)
    with pytest.raises(services.LetterError, match="already withdrawn"):
        services.lmn_withdraw(lmn_request=request, reason="again", by=request.created_by)
    request.refresh_from_db()
    assert request.closing_note == "Payer approved without a letter"
