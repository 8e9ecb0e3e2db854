"""Idle logoff and the Django admin under the Content-Security-Policy, in a real browser."""

import re
import time

import pytest
from playwright.sync_api import expect

from ..factories import PatientFactory, UserFactory
from .helpers import DEFAULT_PASSWORD, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A session of 5 seconds warned 3 seconds before: the warning shows 2 seconds after a page loads,
# and the page has 3 seconds to ask for more.
IDLE_SECONDS, WARNING_SECONDS = 5, 3


@pytest.fixture
def short_sessions(browser_ready, settings):
    settings.SESSION_COOKIE_AGE = IDLE_SECONDS
    settings.SESSION_IDLE_WARNING_SECONDS = WARNING_SECONDS
    UserFactory(username="frontdesk", role="front_desk")
    return browser_ready


def test_an_idle_page_warns_and_then_ends_at_the_login_page(page, short_sessions):
    login(page, short_sessions, "frontdesk")
    warning = page.locator("#idle-warning")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=(IDLE_SECONDS - WARNING_SECONDS + 3) * 1000)
    page.wait_for_url(re.compile(r"/login/\?timeout=1"), timeout=(WARNING_SECONDS + 4) * 1000)
    page.goto(f"{short_sessions.url}/")
    assert "/login/" in page.url


def test_stay_signed_in_keeps_the_session(page, short_sessions):
    login(page, short_sessions, "frontdesk")
    loaded = time.monotonic()
    expect(page.locator("#idle-warning")).to_be_visible(timeout=(IDLE_SECONDS - WARNING_SECONDS + 3) * 1000)
    with page.expect_response(re.compile("/session/keepalive/")):
        page.get_by_role("button", name="Stay signed in").click()
    expect(page.locator("#idle-warning")).to_be_hidden()
    # Past the moment the untouched page would have signed out:
    time.sleep(max(IDLE_SECONDS + 1 - (time.monotonic() - loaded), 0))
    assert page.url == f"{short_sessions.url}/"
    page.goto(f"{short_sessions.url}/patients/")
    assert page.url == f"{short_sessions.url}/patients/"


def test_the_admin_change_page_works_under_the_content_security_policy(page, browser_ready):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    root.set_password(DEFAULT_PASSWORD)
    root.save()
    patient = PatientFactory(first_name="Ada")
    violations, console_errors = [], []
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sample"
        " + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));"
    )
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    page.goto(f"{browser_ready.url}/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("input[type=submit]")
    for path in (
        "/admin/",
        "/admin/palliative/patient/",
        f"/admin/palliative/patient/{patient.pk}/change/",
        f"/admin/palliative/patient/{patient.pk}/history/",
        "/admin/palliative/encounter/add/",
    ):
        page.goto(f"{browser_ready.url}{path}")
        page.wait_for_load_state("load")
        violations += [f"{path}: {violation}" for violation in page.evaluate("window.__csp")]
    page.goto(f"{browser_ready.url}/admin/palliative/patient/{patient.pk}/change/")
    page.fill("#id_first_name", "Adah")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert violations == []
    assert [text for text in console_errors if "Content Security Policy" in text] == []
