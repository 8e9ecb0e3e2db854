import pytest
from django.core import mail
from django.urls import reverse

from palliative.models import Notification, Role
from palliative.services import notification_send

from ..factories import PatientFactory, UserFactory

pytestmark = pytest.mark.django_db


def _send(user, key="letter:42:unsigned:2026-11-23", **extra):
    return notification_send(
        recipient=user,
        kind="letter_unsigned",
        key=key,
        subject="Letter #42 waits for your signature",
        url="/x/",
        **extra,
    )


def test_sending_creates_one_notification_and_one_email():
    user = UserFactory()
    _send(user)
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]


def test_sending_the_same_key_twice_sends_one_email():
    user = UserFactory()
    _send(user)
    _send(user)
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_new_key_is_a_new_notification():
    user = UserFactory()
    _send(user)
    _send(user, key="letter:42:unsigned:2026-11-24")
    assert len(mail.outbox) == 2


def test_sent_notification_records_when_it_was_sent():
    assert _send(UserFactory()).sent_at is None  # the returned object is the row as created
    assert Notification.objects.get().sent_at is not None


def test_user_without_email_gets_the_in_app_notification_only():
    _send(UserFactory(email=""))
    assert Notification.objects.get().sent_at is not None
    assert mail.outbox == []


def test_notification_remembers_the_record_it_is_about():
    patient = PatientFactory()
    _send(UserFactory(), about=patient)
    assert Notification.objects.get().about == patient


def test_email_carries_the_link_to_the_record():
    _send(UserFactory())
    assert "/x/" in mail.outbox[0].body


def test_navigation_shows_the_unread_count(client):
    user = UserFactory(role=Role.FRONT_DESK)
    _send(user)
    client.force_login(user)
    page = client.get(reverse("palliative:home")).content.decode()
    assert 'data-testid="unread-count">1<' in page


def test_marking_read_clears_the_unread_count(client):
    user = UserFactory(role=Role.FRONT_DESK)
    notification = _send(user)
    client.force_login(user)
    client.post(reverse("palliative:notification_read", args=[notification.pk]))
    assert Notification.objects.get().read_at is not None
    assert "unread-count" not in client.get(reverse("palliative:home")).content.decode()


def test_a_user_cannot_mark_someone_elses_notification(client):
    notification = _send(UserFactory())
    other = UserFactory(role=Role.FRONT_DESK)
    client.force_login(other)
    assert client.post(reverse("palliative:notification_read", args=[notification.pk])).status_code == 404


def test_notification_list_shows_only_my_notifications(client):
    me, other = UserFactory(role=Role.BILLING), UserFactory(role=Role.BILLING)
    _send(me, key="a")
    notification_send(recipient=other, kind="k", key="b", subject="Someone else's")
    client.force_login(me)
    page = client.get(reverse("palliative:notification_list")).content.decode()
    assert "Letter #42" in page
    assert "Someone else" not in page
