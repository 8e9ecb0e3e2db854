import subprocess

import pytest

from letters import services

from .factories import LetterFactory

pytestmark = pytest.mark.django_db


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_signed_pdf_is_a_letter_on_the_practice_letterhead(tmp_path, settings):
    letter = LetterFactory()
    letter = services.letter_sign(
        letter=letter, user=letter.provider.user, password="correct-horse-battery", reviewed=letter.review_digest()
    )
    text = _text(services.letter_verified_pdf(letter=letter), tmp_path)
    assert settings.PRACTICE["name"] in text
    assert "Medicare Part B" in text
    assert "RE:" in text
    assert "1EG4TE5MK72" in text
    assert "Clinical history" in text
    assert "1234567893" in text
    assert "IL 036-100200" in text


def test_the_signed_pdf_footer_carries_the_signature_and_hash(tmp_path):
    letter = LetterFactory()
    letter = services.letter_sign(
        letter=letter, user=letter.provider.user, password="correct-horse-battery", reviewed=letter.review_digest()
    )
    text = " ".join(_text(services.letter_verified_pdf(letter=letter), tmp_path).split())
    assert "Electronically signed on" in text
    assert letter.content_sha256[:32] in text.replace(" ", "")


def test_an_unsigned_pdf_says_it_is_a_draft(tmp_path):
    text = _text(services.letter_render_pdf(letter=LetterFactory()), tmp_path)
    assert "DRAFT, not signed" in text
    assert "Not signed" in text
    assert "Electronically signed" not in text


def test_the_pdf_renders_from_the_letters_frozen_facts_not_the_chart(tmp_path):
    letter = LetterFactory()
    letter.patient.last_name = "Renamed"
    letter.patient.save()
    text = _text(services.letter_render_pdf(letter=letter), tmp_path)
    assert "Margaret Whitfield" in text
    assert "Renamed" not in text
