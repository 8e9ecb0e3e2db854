"""Appeal letters drafted from the denial and the chart, signed with letters' machinery, and
the medical-necessity denial's one step: an LMN request plus the appeal linked to it."""

import hashlib
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from appeals import services
from appeals.models import Appeal
from appeals.services import AppealError
from letters.models import Letter, LMNRequest
from letters.services import SigningRefused

from ..billing.factories import ClaimLineFactory
from ..factories import EncounterFactory
from ..letters.factories import reviewed_digest
from .factories import DenialFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture
def denial():
    encounter = EncounterFactory(
        medical_necessity_note="Dyspnoea at rest despite opioids; two ED visits this month.",
        goals_of_care_note="Remain at home with hospice-level comfort care.",
    )
    denial = DenialFactory(
        claim_payment__claim__encounter=encounter,
        claim_payment__claim__patient=encounter.patient,
        claim_payment__claim__coverage__patient=encounter.patient,
        claim_payment__claim__rendering_provider=encounter.provider,
        claim_payment__claim__payer_claim_number="26318000102",
    )
    denial.claim_line = ClaimLineFactory(
        claim=denial.claim,
        procedure_code="99215",
        modifiers=["25"],
        encounter=encounter,
        date_of_service=date(2026, 10, 14),
    )
    denial.save()
    return denial


def drafted(denial, biller):
    appeal = services.appeal_start(denial=denial, by=biller)
    services.appeal_letter_draft(appeal=appeal, by=biller)
    appeal.refresh_from_db()
    return appeal


def test_the_letter_is_an_appeal_letter_for_the_rendering_provider(denial, biller):
    letter = drafted(denial, biller).letter
    assert (letter.kind, letter.provider, letter.payer) == ("appeal", denial.claim.rendering_provider, denial.payer)


def test_the_letter_carries_the_405_944_identifiers(denial, biller):
    facts = drafted(denial, biller).letter.facts
    assert facts["patient_name"] == denial.claim.patient.full_name
    assert facts["member_id"] == denial.claim.coverage.member_id
    assert facts["claim_number"] == "26318000102"
    assert facts["denial_code"] == "CO-50"


def test_the_letter_opens_with_the_salutation_for_its_level(denial, biller):
    body = drafted(denial, biller).letter.body
    assert body.splitlines()[0] == services.appeal_salutation(level="redetermination", payer_name=denial.payer.name)


def test_a_medical_necessity_letter_quotes_the_visit_documentation(denial, biller):
    body = drafted(denial, biller).letter.body
    assert "Dyspnoea at rest despite opioids" in body
    assert "Remain at home" in body


def test_the_visit_note_and_the_notice_are_listed_as_enclosures(denial, biller):
    enclosures = drafted(denial, biller).letter.facts["enclosures"]
    assert enclosures[0].startswith("Remittance notice dated 10/14/2026")
    assert any(item.startswith("Visit note of") for item in enclosures)


def test_a_complete_letter_goes_to_the_provider_for_signature(denial, biller):
    letter = drafted(denial, biller).letter
    assert letter.missing_elements == []
    assert letter.awaiting_signature_since == timezone.localdate()


def test_a_non_medical_letter_waits_for_the_argument_to_be_written(biller):
    denial = DenialFactory(carc="97", rarcs=["N19"], category="coding_bundling", route="appeal")
    letter = drafted(denial, biller).letter
    assert letter.missing_elements
    assert letter.awaiting_signature_since is None


def test_a_second_draft_is_refused(denial, biller):
    appeal = drafted(denial, biller)
    with pytest.raises(AppealError, match="already has a letter"):
        services.appeal_letter_draft(appeal=appeal, by=biller)


def test_the_appeal_cannot_be_filed_before_the_letter_is_signed(denial, biller):
    appeal = drafted(denial, biller)
    with pytest.raises(AppealError, match="must be signed"):
        services.appeal_file(appeal=appeal, filed_on=date(2026, 11, 1), by=biller)


def test_the_rendering_provider_signs_with_the_password_and_the_appeal_can_be_filed(denial, biller):
    appeal = drafted(denial, biller)
    letter = services.appeal_letter_sign(
        appeal=appeal, user=denial.claim.rendering_provider.user, password=PASSWORD, reviewed=reviewed_digest(appeal)
    )
    assert letter.hash_matches
    appeal = services.appeal_file(appeal=appeal, filed_on=date(2026, 11, 1), by=biller, today=date(2026, 11, 23))
    assert appeal.status == "filed"


def test_a_wrong_password_does_not_sign(denial, biller):
    appeal = drafted(denial, biller)
    with pytest.raises(SigningRefused, match="password"):
        services.appeal_letter_sign(
            appeal=appeal, user=denial.claim.rendering_provider.user, password="nope", reviewed=reviewed_digest(appeal)
        )


def test_another_provider_cannot_sign(denial, biller):
    from ..factories import ProviderFactory

    appeal = drafted(denial, biller)
    with pytest.raises(SigningRefused, match="Only"):
        services.appeal_letter_sign(
            appeal=appeal, user=ProviderFactory().user, password=PASSWORD, reviewed=reviewed_digest(appeal)
        )


def test_a_signed_letter_is_corrected_by_a_new_version_that_the_appeal_follows(denial, biller):
    appeal = drafted(denial, biller)
    first = services.appeal_letter_sign(
        appeal=appeal, user=denial.claim.rendering_provider.user, password=PASSWORD, reviewed=reviewed_digest(appeal)
    )
    second = services.appeal_letter_new_version(appeal=appeal, by=biller)
    appeal.refresh_from_db()
    assert (appeal.letter, second.supersedes, second.version) == (second, first, 2)


def test_one_step_opens_an_lmn_request_prefilled_from_the_claim_and_links_the_appeal(denial, biller):
    appeal = services.denial_request_lmn_and_appeal(denial=denial, by=biller, today=date(2026, 10, 20))
    lmn = appeal.lmn_request
    assert (appeal.level, appeal.status) == ("redetermination", "drafting")
    assert (lmn.patient, lmn.provider, lmn.diagnosis_codes) == (
        denial.claim.patient,
        denial.claim.rendering_provider,
        denial.claim.diagnosis_codes,
    )
    assert lmn.clinical_history.startswith("Dyspnoea at rest")
    assert lmn.procedure_code == "99215"
    assert lmn.status == LMNRequest.Status.REQUESTED


def test_the_lmn_is_due_within_a_week(denial, biller):
    appeal = services.denial_request_lmn_and_appeal(denial=denial, by=biller, today=date(2026, 10, 20))
    assert appeal.lmn_request.due_date == date(2026, 10, 27)


def test_one_step_is_only_for_medical_necessity(biller):
    denial = DenialFactory(carc="97", rarcs=["N19"], category="coding_bundling", route="appeal")
    with pytest.raises(AppealError, match="not a medical-necessity"):
        services.denial_request_lmn_and_appeal(denial=denial, by=biller)
    assert not Appeal.objects.exists()


def _signed_lmn(lmn_request, provider):
    letter = Letter.objects.create(
        kind="lmn",
        patient=lmn_request.patient,
        provider=provider,
        payer=lmn_request.payer,
        lmn_request=lmn_request,
        subject="LMN",
        facts={},
        body="Letter of medical necessity.",
        created_by=provider.user,
    )
    Letter.objects.filter(pk=letter.pk).update(
        signed_at=timezone.now(), signed_by=provider.user, content_sha256=hashlib.sha256(b"x").hexdigest()
    )
    return letter


def test_a_signed_lmn_is_listed_as_an_enclosure_of_the_appeal_letter(denial, biller):
    appeal = services.denial_request_lmn_and_appeal(denial=denial, by=biller)
    _signed_lmn(appeal.lmn_request, denial.claim.rendering_provider)
    services.appeal_letter_draft(appeal=appeal, by=biller)
    appeal.refresh_from_db()
    assert any(item.startswith("Letter of medical necessity signed") for item in appeal.letter.facts["enclosures"])
    assert "letter of medical necessity, signed" in appeal.letter.body


def test_an_lmn_signed_after_the_draft_is_added_to_the_enclosures_at_signing(denial, biller):
    appeal = services.denial_request_lmn_and_appeal(denial=denial, by=biller)
    services.appeal_letter_draft(appeal=appeal, by=biller)
    _signed_lmn(appeal.lmn_request, denial.claim.rendering_provider)
    letter = services.appeal_letter_sign(
        appeal=appeal, user=denial.claim.rendering_provider.user, password=PASSWORD, reviewed=reviewed_digest(appeal)
    )
    assert any(item.startswith("Letter of medical necessity signed") for item in letter.facts["enclosures"])


def test_the_pages_draft_sign_and_render_the_letter(client, denial, biller):
    client.force_login(biller)
    client.post(reverse("appeals:denial_lmn_and_appeal", args=[denial.pk]))
    appeal = Appeal.objects.get()
    client.post(reverse("appeals:appeal_letter_draft", args=[appeal.pk]))
    client.force_login(denial.claim.rendering_provider.user)
    page = client.get(appeal.get_absolute_url()).content.decode()
    assert "Sign the appeal letter" in page
    client.post(
        reverse("appeals:appeal_letter_sign", args=[appeal.pk]),
        {"password": PASSWORD, "reviewed": reviewed_digest(appeal)},
    )
    appeal.refresh_from_db()
    assert appeal.letter.is_signed
    pdf = client.get(reverse("letters:letter_pdf", args=[appeal.letter.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_wrong_password_on_the_appeal_sign_page_counts_as_a_failed_login(denial, biller, client):
    from axes.models import AccessAttempt

    appeal = drafted(denial, biller)
    provider_user = denial.claim.rendering_provider.user
    client.force_login(provider_user)
    client.post(
        reverse("appeals:appeal_letter_sign", args=[appeal.pk]),
        {"password": "nope", "reviewed": reviewed_digest(appeal)},
    )
    assert AccessAttempt.objects.get(username=provider_user.username).failures_since_start == 1
    assert not Letter.objects.get(pk=appeal.letter_id).is_signed
