"""Wrong passwords on the sign page count as failed logins (django-axes): after the limit the
login is locked, the page says so, and a locked provider cannot sign even with the right one."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from letters import services as letter_services
from letters.models import Letter

from .factories import SupportingDocumentFactory, lmn_request_with_coverage

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def in_review():
    lmn = lmn_request_with_coverage()
    SupportingDocumentFactory(lmn_request=lmn)
    letter_services.lmn_draft(lmn_request=lmn, by=lmn.created_by)
    letter_services.lmn_send_for_review(lmn_request=lmn, by=lmn.created_by)
    return lmn


def _sign(client, lmn, password):
    letter = lmn.current_letter()
    return client.post(
        reverse("letters:request_sign", args=[lmn.pk]), {"password": password, "reviewed": letter.review_digest()}
    )


def test_a_wrong_password_on_the_sign_page_counts_as_a_failed_login(client, in_review):
    provider_user = in_review.provider.user
    client.force_login(provider_user)
    _sign(client, in_review, "wrong")
    attempt = AccessAttempt.objects.get(username=provider_user.username)
    assert attempt.failures_since_start == 1


def test_repeated_wrong_passwords_lock_the_login_with_a_clear_message(client, in_review, settings):
    client.force_login(in_review.provider.user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert "password is not correct" in _sign(client, in_review, "wrong").content.decode()
    locked = _sign(client, in_review, "wrong")
    assert "locked" in locked.content.decode().lower()
    assert not Letter.objects.get(pk=in_review.current_letter().pk).is_signed


def test_a_locked_provider_cannot_sign_even_with_the_right_password(client, in_review, settings):
    client.force_login(in_review.provider.user)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign(client, in_review, "wrong")
    response = _sign(client, in_review, PASSWORD)
    assert "locked" in response.content.decode().lower()
    assert not Letter.objects.get(pk=in_review.current_letter().pk).is_signed


def test_the_right_password_still_signs_before_the_limit(client, in_review):
    client.force_login(in_review.provider.user)
    _sign(client, in_review, "wrong")
    response = _sign(client, in_review, PASSWORD)
    assert response.status_code == 302
    assert Letter.objects.get(pk=in_review.current_letter().pk).is_signed
