import pytest
from django.core.management import call_command

from letters.models import Letter, LMNRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(capsys):
    call_command("seed_demo")
    capsys.readouterr()


def test_demo_letters_are_signed_before_they_are_sent_and_answered(demo):
    for request in LMNRequest.objects.filter(submitted_on__isnull=False).prefetch_related("letters"):
        signed = min(letter.signed_at.date() for letter in request.letters.all() if letter.signed_at)
        assert request.created_at.date() <= signed < request.submitted_on
        if request.response_on:
            assert request.submitted_on <= request.response_on


def test_demo_signatures_still_verify_after_backdating(demo):
    signed = Letter.objects.filter(signed_at__isnull=False)
    assert signed.exists()
    assert all(letter.hash_matches for letter in signed)
