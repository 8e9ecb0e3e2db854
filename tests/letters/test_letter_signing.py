import hashlib

import pytest
from django.db import IntegrityError
from django.utils import timezone

from letters import services
from letters.models import Letter, LetterLocked

from ..factories import ProviderFactory
from .factories import LetterFactory, tamper

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def _sign(letter, user=None, password=PASSWORD):
    return services.letter_sign(
        letter=letter, user=user or letter.provider.user, password=password, reviewed=letter.review_digest()
    )


def test_the_named_provider_signs_with_their_password():
    letter = _sign(LetterFactory())
    assert letter.is_signed
    assert letter.signed_by == letter.provider.user


def test_signing_stores_the_sha256_of_the_exact_signed_content():
    letter = _sign(LetterFactory())
    stored = Letter.objects.get(pk=letter.pk)
    assert stored.content_sha256 == hashlib.sha256(stored.content_for_hash()).hexdigest()
    assert stored.hash_matches


def test_signing_dates_the_letter_on_the_day_it_is_signed():
    letter = _sign(LetterFactory())
    assert letter.facts["letter_date"] == timezone.localdate(letter.signed_at).isoformat()


def test_another_provider_cannot_sign():
    letter = LetterFactory()
    with pytest.raises(services.SigningRefused, match="Only"):
        _sign(letter, user=ProviderFactory().user)
    assert not Letter.objects.get(pk=letter.pk).is_signed


def test_a_wrong_password_is_refused():
    letter = LetterFactory()
    with pytest.raises(services.SigningRefused, match="password"):
        _sign(letter, password="wrong")
    assert not Letter.objects.get(pk=letter.pk).is_signed


def test_an_empty_password_is_refused():
    with pytest.raises(services.SigningRefused, match="password"):
        _sign(LetterFactory(), password="")


def test_a_letter_missing_an_element_cannot_be_signed():
    letter = LetterFactory(body="Dear Medical Director,\n\nPlease pay.")
    with pytest.raises(services.SigningRefused, match="Clinical history"):
        _sign(letter)


def test_a_signed_letter_cannot_be_signed_again():
    letter = _sign(LetterFactory())
    with pytest.raises(services.SigningRefused, match="already signed"):
        _sign(letter)


def test_a_signed_letters_body_cannot_be_updated():
    letter = _sign(LetterFactory())
    with pytest.raises(LetterLocked, match="new version"):
        services.letter_update_body(letter=letter, body="changed", by=letter.provider.user)
    assert Letter.objects.get(pk=letter.pk).body == letter.body


def test_the_model_refuses_to_save_a_signed_letter():
    letter = _sign(LetterFactory())
    letter.body = "changed behind the service's back"
    with pytest.raises(LetterLocked):
        letter.save()


def test_the_model_refuses_to_delete_a_signed_letter():
    letter = _sign(LetterFactory())
    with pytest.raises(LetterLocked):
        letter.delete()


def test_a_signature_without_a_hash_is_refused_by_the_database():
    letter = LetterFactory()
    with pytest.raises(IntegrityError):
        Letter.objects.filter(pk=letter.pk).update(signed_at=letter.created_at, signed_by=letter.provider.user)


def test_an_unsigned_letters_body_can_be_edited():
    letter = LetterFactory()
    services.letter_update_body(letter=letter, body="new text", by=letter.provider.user)
    assert Letter.objects.get(pk=letter.pk).body == "new text"


def test_a_new_version_supersedes_the_signed_letter_and_is_unsigned():
    letter = _sign(LetterFactory())
    new = services.letter_new_version(letter=letter, by=letter.provider.user)
    assert new.version == 2
    assert new.supersedes == letter
    assert not new.is_signed
    assert new.body == letter.body
    assert "letter_date" not in new.facts


def test_a_new_version_leaves_the_signed_letter_intact():
    letter = _sign(LetterFactory())
    services.letter_new_version(letter=letter, by=letter.provider.user)
    assert Letter.objects.get(pk=letter.pk).hash_matches


def test_a_letter_has_at_most_one_newer_version():
    letter = _sign(LetterFactory())
    services.letter_new_version(letter=letter, by=letter.provider.user)
    with pytest.raises(services.LetterError, match="already has a newer version"):
        services.letter_new_version(letter=letter, by=letter.provider.user)


def test_an_unsigned_letter_is_edited_not_versioned():
    with pytest.raises(services.LetterError, match="not signed yet"):
        services.letter_new_version(letter=LetterFactory(), by=ProviderFactory().user)


def test_the_new_version_needs_its_own_signature():
    letter = _sign(LetterFactory())
    new = _sign(services.letter_new_version(letter=letter, by=letter.provider.user))
    assert new.content_sha256 != letter.content_sha256


def test_a_tampered_letter_no_longer_matches_its_hash():
    letter = _sign(LetterFactory())
    tamper(letter, body="Pay everything.")
    assert not Letter.objects.get(pk=letter.pk).hash_matches


def test_a_tampered_letter_is_not_served_as_pdf():
    letter = _sign(LetterFactory())
    tamper(letter, body="Pay everything.")
    with pytest.raises(services.LetterTampered):
        services.letter_verified_pdf(letter=Letter.objects.get(pk=letter.pk))


def test_an_appeal_letter_is_signed_with_the_same_machinery():
    letter = LetterFactory(
        kind="appeal",
        body="We ask for a redetermination.",
        facts={
            "patient_name": "Margaret Whitfield",
            "member_id": "1EG4TE5MK72",
            "treatment": "99350",
            "service_dates": "10/02/2026",
            "provider_name": "Elena Reyes",
        },
    )
    assert _sign(letter).is_signed
