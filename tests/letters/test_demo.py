import pytest
from django.core.management import call_command

from letters.models import Letter, LMNRequest

pytestmark = pytest.mark.django_db


def test_the_demo_gives_every_state_and_role_letter_work_with_sound_signatures(capsys):
    # One seed for all checks: seeding the practice takes seconds.
    call_command("seed_demo")
    capsys.readouterr()
    signed = Letter.objects.filter(signed_at__isnull=False)
    assert set(LMNRequest.objects.values_list("status", flat=True)) == set(LMNRequest.Status.values)
    assert all(r.documents.exists() for r in LMNRequest.objects.exclude(status=LMNRequest.Status.REQUESTED))
    assert LMNRequest.objects.filter(status="in_review", provider__user__username="dr.reyes").exists()
    assert signed.count() >= 5
    assert all(letter.hash_matches for letter in signed)
    assert Letter.objects.filter(version=2, signed_at__isnull=True).exists()
