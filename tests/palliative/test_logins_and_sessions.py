"""Logins are throttled and locked out, sessions end when idle, PHI pages are not cached,
the browser runs only the app's own scripts and styles, and a superuser is not a provider."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from palliative.models import Role

from ..factories import UserFactory
from ..letters.factories import lmn_request_with_coverage

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def _fail_login(client, username, times, address="10.0.0.7"):
    for _ in range(times):
        response = client.post(reverse("login"), {"username": username, "password": "wrong-guess"}, REMOTE_ADDR=address)
    return response


def test_five_failed_logins_lock_the_username_even_with_the_right_password(client):
    user = UserFactory(username="frontdesk2")
    user.set_password(PASSWORD)
    user.save()
    _fail_login(client, "frontdesk2", 5)
    response = client.post(reverse("login"), {"username": "frontdesk2", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()


def test_an_address_guessing_many_usernames_is_locked(client):
    for name in ("a1", "b2", "c3", "d4", "e5"):
        _fail_login(client, name, 1, address="10.6.6.6")
    user = UserFactory(username="billing2")
    user.set_password(PASSWORD)
    user.save()
    response = client.post(reverse("login"), {"username": "billing2", "password": PASSWORD}, REMOTE_ADDR="10.6.6.6")
    assert response.status_code == 429


def test_an_admin_unlocks_a_locked_username_from_the_app(client):
    user = UserFactory(username="dr.locked")
    user.set_password(PASSWORD)
    user.save()
    _fail_login(client, "dr.locked", 5, address="10.0.0.8")
    admin = UserFactory(role=Role.ADMIN)
    client.force_login(admin)
    page = client.get(reverse("palliative:login_lockouts")).content.decode()
    assert "dr.locked" in page
    client.post(reverse("palliative:login_unlock"), {"kind": "username", "value": "dr.locked"})
    client.post(reverse("palliative:login_unlock"), {"kind": "address", "value": "10.0.0.8"})
    client.logout()
    response = client.post(reverse("login"), {"username": "dr.locked", "password": PASSWORD}, REMOTE_ADDR="10.0.0.8")
    assert response.status_code == 302


def test_a_password_shorter_than_12_characters_is_refused():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Tr0ub4dor&3")
    validate_password("a long pass phrase")


def test_the_session_ends_after_15_idle_minutes_and_each_request_renews_it(client, settings):
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    client.force_login(UserFactory(role=Role.FRONT_DESK))
    page = client.get(reverse("palliative:home")).content.decode()
    assert 'data-idle-seconds="900"' in page
    assert 'id="idle-warning"' in page


def test_signed_in_pages_are_not_stored_by_the_browser(client):
    client.force_login(UserFactory(role=Role.FRONT_DESK))
    response = client.get(reverse("palliative:patient_list"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_pages_carry_a_content_security_policy_of_the_apps_own_files_only(client):
    client.force_login(UserFactory(role=Role.FRONT_DESK))
    policy = client.get(reverse("palliative:home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_no_template_has_an_inline_script_style_or_handler():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if path.name != "letter_pdf.html"  # rendered by WeasyPrint, never served as a page
        for marker in ('style="', "<style", "onsubmit=", "onclick=", "onchange=", "<script>")
        if marker in path.read_text()
    ]
    assert offenders == []


def test_a_superuser_without_the_provider_role_cannot_open_the_sign_page(client):
    lmn = lmn_request_with_coverage()
    root = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get(reverse("letters:request_sign", args=[lmn.pk])).status_code == 403
    assert client.get(reverse("palliative:provider_list")).status_code == 200
