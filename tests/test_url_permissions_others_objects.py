"""The URL walk's second half: a real record that belongs to someone else, opened by each role.

tests/test_url_permissions.py proves every page has a role rule; this walks pages whose
record has an owner (a notification's recipient, a letter's signing provider) with a record
of another user, and checks nothing is read or changed through it.
"""

import pytest
from django.urls import reverse

from letters import services as letter_services
from letters.models import Letter
from palliative.models import Notification, Role

from .factories import ProviderFactory, UserFactory
from .letters.factories import SupportingDocumentFactory, lmn_request_with_coverage

pytestmark = pytest.mark.django_db

ROLES = [Role.FRONT_DESK, Role.PROVIDER, Role.BILLING, Role.ADMIN]
PASSWORD = "correct-horse-battery"


@pytest.fixture
def in_review():
    lmn = lmn_request_with_coverage()
    SupportingDocumentFactory(lmn_request=lmn)
    letter_services.lmn_draft(lmn_request=lmn, by=lmn.created_by)
    letter_services.lmn_send_for_review(lmn_request=lmn, by=lmn.created_by)
    return lmn


@pytest.mark.parametrize("role", ROLES)
def test_nobody_marks_or_opens_another_users_notification(client_as, role):
    owner = UserFactory()
    notification = Notification.objects.create(recipient=owner, kind="x", key="k:1", subject="S", url="/")
    client = client_as(role)
    response = client.post(reverse("palliative:notification_read", args=[notification.pk]), {"open": "1"})
    assert response.status_code == 404
    assert Notification.objects.get(pk=notification.pk).read_at is None
    assert notification not in client.get(reverse("palliative:notification_list")).context["page"]


@pytest.mark.parametrize("role", ROLES)
def test_nobody_but_the_named_provider_signs_their_letter(client_as, in_review, role):
    client = client_as(role)
    letter = in_review.current_letter()
    response = client.post(
        reverse("letters:request_sign", args=[in_review.pk]), {"password": PASSWORD, "reviewed": letter.review_digest()}
    )
    assert response.status_code in (200, 403)
    assert not Letter.objects.get(pk=letter.pk).is_signed


def test_a_superuser_does_not_sign_a_providers_letter(client, in_review):
    root = UserFactory(is_superuser=True, is_staff=True)
    root.set_password(PASSWORD)
    root.save()
    client.force_login(root)
    letter = in_review.current_letter()
    response = client.post(
        reverse("letters:request_sign", args=[in_review.pk]), {"password": PASSWORD, "reviewed": letter.review_digest()}
    )
    assert response.status_code == 403
    assert not Letter.objects.get(pk=letter.pk).is_signed


@pytest.mark.parametrize("role", [Role.FRONT_DESK, Role.PROVIDER, Role.BILLING])
def test_only_an_admin_sees_what_another_user_read(client_as, role):
    other = ProviderFactory().user
    assert client_as(role).get(reverse("palliative:audit_user", args=[other.pk])).status_code == 403
