"""Deadline reminders at 14, 7, 3 and 1 days, and the late-decision reminder: each sent once."""

from datetime import date, timedelta

import pytest
from django.core import mail

from appeals import deadlines, services, tasks
from appeals.models import Appeal
from appeals.services import reminders
from palliative.models import Notification, User

from ..factories import UserFactory
from .factories import AppealFactory, DenialFactory

pytestmark = pytest.mark.django_db
DEADLINE = date(2026, 12, 10)


@pytest.fixture
def owner():
    return UserFactory(role="billing")


def test_a_drafting_appeal_is_reminded_14_days_before_its_deadline(owner):
    appeal = AppealFactory(deadline=DEADLINE, owner=owner)
    assert services.appeal_deadline_reminders_send(today=DEADLINE - timedelta(days=14)) == 1
    notification = Notification.objects.get()
    assert notification.key == f"appeal:{appeal.pk}:redetermination:due-in-14:user:{owner.pk}"
    assert notification.recipient == owner


def test_nothing_is_sent_15_days_before(owner):
    AppealFactory(deadline=DEADLINE, owner=owner)
    assert services.appeal_deadline_reminders_send(today=DEADLINE - timedelta(days=15)) == 0


def test_each_offset_is_sent_once_however_often_the_task_runs(owner):
    AppealFactory(deadline=DEADLINE, owner=owner)
    for days_before in (14, 13, 7, 7, 3, 2, 1, 0):
        services.appeal_deadline_reminders_send(today=DEADLINE - timedelta(days=days_before))
    keys = sorted(n.key.split(":")[3] for n in Notification.objects.all())
    assert keys == ["due-in-1", "due-in-14", "due-in-3", "due-in-7"]
    assert len(mail.outbox) == 4


def test_a_missed_week_catches_up_with_the_closest_reminder_only(owner):
    AppealFactory(deadline=DEADLINE, owner=owner)
    services.appeal_deadline_reminders_send(today=DEADLINE - timedelta(days=2))
    assert [n.key.split(":")[3] for n in Notification.objects.all()] == ["due-in-3"]


def test_a_filed_appeal_gets_no_filing_reminder(owner):
    AppealFactory(deadline=DEADLINE, owner=owner, status="filed", filed_on=date(2026, 11, 1))
    assert services.appeal_deadline_reminders_send(today=DEADLINE - timedelta(days=1)) == 0


def test_an_open_denial_without_an_appeal_is_reminded_of_its_window(owner):
    denial = DenialFactory(appeal_deadline=DEADLINE, owner=owner)
    services.appeal_deadline_reminders_send(today=DEADLINE - timedelta(days=7))
    assert Notification.objects.get().key == f"denial:{denial.pk}:first-level:due-in-7:user:{owner.pk}"


def test_an_unowned_appeal_reminds_every_biller():
    UserFactory(role="billing")
    AppealFactory(deadline=DEADLINE)
    services.appeal_deadline_reminders_send(today=DEADLINE - timedelta(days=1))
    billers = set(User.objects.filter(groups__name="billing").values_list("pk", flat=True))
    assert set(Notification.objects.values_list("recipient", flat=True)) == billers


def test_reminders_carry_no_patient_details(owner):
    appeal = AppealFactory(deadline=DEADLINE, owner=owner)
    services.appeal_deadline_reminders_send(today=DEADLINE - timedelta(days=1))
    patient = appeal.denial.claim.patient
    text = mail.outbox[0].subject + mail.outbox[0].body
    assert patient.last_name not in text
    assert patient.mrn not in text


def test_a_late_decision_is_reminded_once(owner):
    appeal = AppealFactory(status="filed", filed_on=date(2026, 9, 1), decision_due=date(2026, 10, 31), owner=owner)
    services.appeal_late_decision_reminders_send(today=date(2026, 11, 1))
    services.appeal_late_decision_reminders_send(today=date(2026, 11, 2))
    assert Notification.objects.get().key == f"appeal:{appeal.pk}:redetermination:decision-late:user:{owner.pk}"


def test_a_decision_due_today_is_not_late_yet(owner):
    AppealFactory(status="filed", filed_on=date(2026, 9, 1), decision_due=date(2026, 11, 1), owner=owner)
    assert services.appeal_late_decision_reminders_send(today=date(2026, 11, 1)) == 0


def test_the_escalated_level_has_its_own_late_reminder(owner):
    first = AppealFactory(status="filed", filed_on=date(2026, 9, 1), decision_due=date(2026, 10, 31), owner=owner)
    services.appeal_late_decision_reminders_send(today=date(2026, 11, 1))
    AppealFactory(
        denial=first.denial,
        level="reconsideration",
        status="filed",
        filed_on=date(2026, 9, 1),
        decision_due=date(2026, 10, 31),
        owner=owner,
    )
    services.appeal_late_decision_reminders_send(today=date(2026, 11, 1))
    assert Notification.objects.count() == 2


def test_the_daily_tasks_run_the_services():
    assert tasks.send_appeal_deadline_reminders.delay().get() == 0
    assert tasks.send_late_decision_reminders.delay().get() == 0


def test_the_beat_schedule_runs_both_reminders_daily(settings):
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "appeals.tasks.send_appeal_deadline_reminders",
        "appeals.tasks.send_late_decision_reminders",
    } <= tasks_scheduled


def test_the_reminder_offset_chosen_in_the_query_is_the_rule_s(owner):
    appeal = AppealFactory(deadline=DEADLINE, owner=owner)
    for days_before in range(15):
        today = DEADLINE - timedelta(days=days_before)
        in_query = Appeal.objects.annotate(offset=reminders._offset_due("deadline", today)).get(pk=appeal.pk).offset
        assert in_query == deadlines.reminder_offset_due(DEADLINE, today)


def test_a_reminder_at_one_day_is_not_taken_for_the_one_at_fourteen(owner):
    appeal = AppealFactory(deadline=DEADLINE, owner=owner)
    services.appeal_deadline_reminders_send(today=DEADLINE - timedelta(days=1))
    appeal.deadline = DEADLINE + timedelta(days=13)
    appeal.save(update_fields=["deadline"])
    assert services.appeal_deadline_reminders_send(today=DEADLINE - timedelta(days=1)) == 1


def test_a_biller_added_to_the_team_is_not_reminded_of_what_the_team_was_sent():
    UserFactory(role="billing")
    AppealFactory(deadline=DEADLINE)
    services.appeal_deadline_reminders_send(today=DEADLINE - timedelta(days=1))
    UserFactory(role="billing")
    assert services.appeal_deadline_reminders_send(today=DEADLINE - timedelta(days=1)) == 0
