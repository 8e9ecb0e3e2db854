"""Appeals on real services: the reminder task on a Celery worker, and a biller's journey in
Chromium from an 835 upload to an escalated appeal."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appeals.models import Appeal
from appeals.tasks import send_appeal_deadline_reminders
from palliative.models import Notification, Role

from ..appeals.factories import AppealFactory, medicare_file_claims
from ..factories import UserFactory
from .helpers import login, wait_for

MEDICARE_835 = Path(__file__).resolve().parents[1] / "appeals" / "x12" / "835-medicare-denials.x12"


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_appeal_deadline_reminder_once(celery_worker_process):
    owner = UserFactory(role=Role.BILLING)
    appeal = AppealFactory(deadline=timezone.localdate() + timedelta(days=3), owner=owner)
    send_appeal_deadline_reminders.delay()
    send_appeal_deadline_reminders.delay()
    wait_for(lambda: celery_worker_process.output().count("succeeded") >= 2)
    notification = Notification.objects.get()
    assert notification.key == f"appeal:{appeal.pk}:redetermination:due-in-3:user:{owner.pk}"
    assert notification.sent_at is not None


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_biller_imports_an_835_and_takes_a_denial_to_the_next_level(page, browser_ready):
    live = browser_ready
    UserFactory(username="billing", first_name="Bill", role=Role.BILLING)
    medicare_file_claims()
    login(page, live, "billing")

    page.goto(f"{live.url}/appeals/remittances/upload/")
    page.set_input_files("#id_file", str(MEDICARE_835))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("matched 7, paid 4, denied 4, unmatched 1")).to_be_visible()

    page.goto(f"{live.url}/appeals/")
    expect(page.get_by_test_id("worklist")).to_contain_text("CO-50")
    page.get_by_role("link", name=re.compile(r"CO-29")).click()
    expect(page.get_by_test_id("route")).to_contain_text("Not appealable")
    page.go_back()
    page.get_by_role("link", name=re.compile(r"CO-50")).click()
    page.get_by_role("button", name="Start the appeal", exact=True).click()
    expect(page.get_by_text("Redetermination (MAC) started")).to_be_visible()

    notice = Appeal.objects.get().notice_date
    page.fill("#id_filed_on", min(notice + timedelta(days=1), date.today()).isoformat())
    page.get_by_role("button", name="Record as filed").click()
    expect(page.get_by_test_id("status")).to_have_text("Filed")
    page.select_option("#id_outcome", "upheld")
    page.fill("#id_decided_on", date.today().isoformat())
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("status")).to_have_text("Decided: upheld")
    page.get_by_role("button", name=re.compile("Escalate to Reconsideration")).click()
    expect(page.get_by_text("Reconsideration (QIC) started")).to_be_visible()
    assert Appeal.objects.filter(level="reconsideration", previous__isnull=False).exists()
