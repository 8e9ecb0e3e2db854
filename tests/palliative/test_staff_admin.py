import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from palliative.models import Role, User

from ..factories import UserFactory

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "lantern-orchard-91"


@pytest.fixture
def admin_client(client_as):
    return client_as(Role.ADMIN)


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_admin_adds_a_staff_login_with_a_role_and_first_password(admin_client):
    response = admin_client.post(
        reverse("palliative:staff_create"),
        {
            "username": "jsmith",
            "first_name": "Jan",
            "last_name": "Smith",
            "role": Role.BILLING,
            "password": GOOD_PASSWORD,
        },
    )
    user = User.objects.get(username="jsmith")
    assert response.url == reverse("palliative:staff_list")
    assert user.role_names == [Role.BILLING]
    assert user.check_password(GOOD_PASSWORD)


def test_a_weak_first_password_is_refused_with_the_reason(admin_client):
    response = admin_client.post(
        reverse("palliative:staff_create"),
        {"username": "jsmith", "first_name": "Jan", "last_name": "Smith", "role": Role.BILLING, "password": "password"},
    )
    assert "This password is too common" in response.content.decode()
    assert not User.objects.filter(username="jsmith").exists()


def test_an_admin_changes_a_login_to_another_role(admin_client):
    clerk = UserFactory(role=Role.FRONT_DESK)
    admin_client.post(
        reverse("palliative:staff_edit", args=[clerk.pk]),
        {"first_name": "Ana", "last_name": "Ruiz", "email": "", "role": Role.BILLING},
    )
    clerk = User.objects.get(pk=clerk.pk)
    assert clerk.role_names == [Role.BILLING]
    assert clerk.get_full_name() == "Ana Ruiz"


def test_a_new_password_ends_the_logins_open_sessions(admin_client):
    clerk = UserFactory(role=Role.FRONT_DESK)
    clerks_browser = _signed_in(clerk)
    admin_client.post(reverse("palliative:staff_password", args=[clerk.pk]), {"password": GOOD_PASSWORD})
    assert User.objects.get(pk=clerk.pk).check_password(GOOD_PASSWORD)
    assert clerks_browser.get(reverse("palliative:home")).status_code == 302


def test_deactivating_a_login_ends_its_sessions_and_stops_sign_in(admin_client):
    clerk = UserFactory(role=Role.FRONT_DESK)
    clerks_browser = _signed_in(clerk)
    sessions_before = Session.objects.count()
    response = admin_client.post(reverse("palliative:staff_deactivate", args=[clerk.pk]), follow=True)
    assert "1 open session(s) ended" in response.content.decode()
    assert Session.objects.count() == sessions_before - 1
    assert not User.objects.get(pk=clerk.pk).is_active
    assert clerks_browser.get(reverse("palliative:home")).url.startswith(reverse("login"))


def test_an_admin_cannot_deactivate_their_own_login(admin_client):
    response = admin_client.post(reverse("palliative:staff_deactivate", args=[admin_client.user.pk]), follow=True)
    assert "You cannot deactivate your own login" in response.content.decode()
    assert User.objects.get(pk=admin_client.user.pk).is_active


def test_the_staff_page_lists_logins_with_their_role(admin_client):
    UserFactory(username="frontdesk2", role=Role.FRONT_DESK)
    page = admin_client.get(reverse("palliative:staff_list")).content.decode()
    assert "frontdesk2" in page
    assert "Front desk" in page
