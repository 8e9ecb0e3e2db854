"""A provider signs what they reviewed, under a seal the database alone cannot forge."""

import hashlib
import hmac

import pytest
from django.db import IntegrityError
from django.urls import reverse

from letters import services
from letters.models import Letter, LMNRequest
from palliative.errors import DomainError
from palliative.models import Notification

from ..factories import UserFactory
from .factories import LetterFactory, SupportingDocumentFactory, lmn_request_with_coverage, reviewed_digest, tamper

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
KEY = "k" * 40
S = LMNRequest.Status


@pytest.fixture(autouse=True)
def _seal_key(settings):
    settings.LETTER_SEAL_KEYS = {"2026a": KEY}


def _sign(letter, reviewed=None):
    return services.letter_sign(
        letter=letter, user=letter.provider.user, password=PASSWORD, reviewed=reviewed or letter.review_digest()
    )


def _in_review():
    lmn = lmn_request_with_coverage()
    SupportingDocumentFactory(lmn_request=lmn)
    services.lmn_draft(lmn_request=lmn, by=lmn.created_by)
    services.lmn_send_for_review(lmn_request=lmn, by=lmn.created_by)
    lmn.refresh_from_db()
    return lmn


def test_signing_is_refused_when_the_letter_changed_after_the_provider_opened_it():
    letter = LetterFactory()
    seen = letter.review_digest()
    services.letter_update_body(letter=letter, body=letter.body + "\nPlease pay twice.", by=UserFactory())
    with pytest.raises(services.LetterChangedSinceReview) as refused:
        _sign(Letter.objects.get(pk=letter.pk), reviewed=seen)
    assert refused.value.changes == ["+Please pay twice."]
    assert not Letter.objects.get(pk=letter.pk).is_signed


def test_the_sign_page_shows_what_changed_and_signs_nothing(client):
    lmn = _in_review()
    seen = reviewed_digest(lmn)
    letter = lmn.current_letter()
    services.letter_update_body(
        letter=letter, body=letter.body.replace("housebound", "walks daily"), by=lmn.provider.user
    )
    client.force_login(lmn.provider.user)
    page = client.post(reverse("letters:request_sign", args=[lmn.pk]), {"password": PASSWORD, "reviewed": seen})
    text = page.content.decode()
    assert "changed after you opened it" in text
    assert "walks daily" in text
    lmn.refresh_from_db()
    assert lmn.status == S.IN_REVIEW


def test_an_edit_by_someone_else_sends_a_letter_in_review_back_to_draft_and_tells_the_provider():
    lmn = _in_review()
    front_desk = lmn.created_by
    services.letter_update_body(letter=lmn.current_letter(), body=lmn.current_letter().body + "\nP.S.", by=front_desk)
    lmn.refresh_from_db()
    letter = lmn.current_letter()
    assert lmn.status == S.DRAFTED
    assert letter.awaiting_signature_since is None
    told = Notification.objects.get(kind="letter_changed")
    assert told.recipient == lmn.provider.user
    assert f"Letter #{letter.pk} was changed" in told.subject


def test_the_signing_provider_edits_a_letter_in_review_without_sending_it_back():
    lmn = _in_review()
    services.letter_update_body(
        letter=lmn.current_letter(), body=lmn.current_letter().body + "\nP.S.", by=lmn.provider.user
    )
    lmn.refresh_from_db()
    assert lmn.status == S.IN_REVIEW
    assert not Notification.objects.filter(kind="letter_changed").exists()


def test_a_record_attached_during_review_sends_the_letter_back_to_draft():
    lmn = _in_review()
    services.document_attach(
        lmn_request=lmn,
        uploaded=SupportingDocumentFactory.build().file,
        doc_type="imaging",
        document_date=lmn.created_at.date(),
        description="CT chest report",
        by=lmn.created_by,
    )
    lmn.refresh_from_db()
    assert lmn.status == S.DRAFTED


def test_the_seal_is_an_hmac_sha256_under_the_configured_key_with_its_id():
    letter = _sign(LetterFactory())
    expected = hmac.new(KEY.encode(), letter.content_for_hash(), hashlib.sha256).hexdigest()
    assert (letter.seal_key_id, letter.seal_hmac) == ("2026a", expected)
    assert Letter.objects.get(pk=letter.pk).signature_verifies


def test_a_letter_changed_and_re_hashed_in_the_database_no_longer_verifies():
    letter = _sign(LetterFactory())
    letter.body = "Pay everything."
    tamper(letter, body=letter.body, content_sha256=hashlib.sha256(letter.content_for_hash()).hexdigest())
    forged = Letter.objects.get(pk=letter.pk)
    assert forged.hash_matches
    assert not forged.signature_verifies
    with pytest.raises(services.LetterTampered):
        services.letter_verified_pdf(letter=forged)


def test_a_letter_sealed_with_the_old_key_still_verifies_after_rotation(settings):
    letter = _sign(LetterFactory())
    settings.LETTER_SEAL_KEYS = {"2027a": "n" * 40, "2026a": KEY}
    assert Letter.objects.get(pk=letter.pk).signature_verifies
    assert _sign(LetterFactory()).seal_key_id == "2027a"


def test_a_letter_whose_key_is_gone_is_not_served(settings):
    letter = _sign(LetterFactory())
    settings.LETTER_SEAL_KEYS = {"2027a": "n" * 40}
    with pytest.raises(DomainError, match="2026a"):
        services.letter_verified_pdf(letter=Letter.objects.get(pk=letter.pk))


def test_a_letter_signed_before_seals_still_verifies_by_its_sha256():
    letter = _sign(LetterFactory())
    tamper(letter, seal_hmac="", seal_key_id="")
    assert Letter.objects.get(pk=letter.pk).signature_verifies


def test_the_database_refuses_to_change_a_signed_letters_text():
    letter = _sign(LetterFactory())
    with pytest.raises(IntegrityError, match="signed"):
        Letter.objects.filter(pk=letter.pk).update(body="Pay everything.")
