"""Deadline and late-decision reminders for the billing team (one notification per key).

Each daily run costs what fell due, not the history: the candidates are read through an
index on (status, date) within a bounded window, and records already reminded are left out in
SQL by an anti-join on the notification index (content type, record, kind), so a run after a
large backlog was sent reads only what is new.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Case, IntegerField, OuterRef, Value, When
from django.urls import reverse

from palliative.models import Role, User
from palliative.services import notification_send, notified_about

from .. import deadlines
from ..models import Appeal, Denial

# A filed appeal's decision is reminded once, when it becomes late; a run reaches this far back,
# so up to this many days missed while beat was down are caught up. Older late decisions were
# reminded when they fell due (the denial worklist, sorted by decision due, keeps them on top),
# and are not re-read every day.
LATE_DECISION_CATCH_UP_DAYS = 60


class _Team:
    """The billing team, read once per run (the fallback recipients of unowned records)."""

    def __init__(self):
        self._users = None

    def recipients(self, owner: User | None) -> list[User]:
        if owner is not None and owner.is_active:
            return [owner]
        if self._users is None:
            self._users = list(User.objects.filter(is_active=True, groups__name=Role.BILLING).distinct())
        return self._users


def _notify(*, recipients: list[User], about, kind: str, key: str, subject: str, body: str, url: str) -> int:
    """Send to each recipient once (key per user); returns how many were sent.

    The rows for every recipient commit together, so "a reminder of this key exists about the
    record" means every recipient has one: the daily query skips the record on that, and the
    five-minute catch-up emails any row a crash left unsent.
    """
    with transaction.atomic():
        for user in recipients:
            notification_send(
                recipient=user,
                kind=kind,
                key=f"{key}:user:{user.pk}",
                subject=subject,
                body=body,
                url=url,
                about=about,
            )
    return len(recipients)


def _offset_due(field: str, today: date) -> Case:
    """`deadlines.reminder_offset_due` in SQL for deadlines from `today` on: the closest offset
    whose reminder day has come (deadline - offset <= today)."""
    return Case(
        *[
            When(**{f"{field}__lte": today + timedelta(days=o)}, then=Value(o))
            for o in sorted(deadlines.REMINDER_OFFSETS)
        ],
        output_field=IntegerField(),
    )


def appeal_deadline_reminders_send(*, today: date) -> int:
    """Remind 14, 7, 3 and 1 days before each filing deadline: appeals being drafted, and
    appealable denials with no appeal yet. One notification per record, level and offset
    (the key), so reruns and catch-up after a missed day send each reminder once."""
    sent = 0
    team = _Team()
    horizon = today + timedelta(days=max(deadlines.REMINDER_OFFSETS))
    drafting = (
        Appeal.objects.filter(status=Appeal.Status.DRAFTING, deadline__gte=today, deadline__lte=horizon)
        .annotate(offset=_offset_due("deadline", today))
        .exclude(
            notified_about(
                Appeal,
                "appeal_deadline",
                "appeal:",
                OuterRef("pk"),
                ":",
                OuterRef("level"),
                ":due-in-",
                OuterRef("offset"),
            )
        )
        .select_related("owner")
        .order_by("deadline", "id")
    )
    for appeal in drafting:
        offset = appeal.offset
        sent += _notify(
            recipients=team.recipients(appeal.owner),
            about=appeal,
            kind="appeal_deadline",
            key=f"appeal:{appeal.pk}:{appeal.level}:due-in-{offset}",
            subject=f"Appeal #{appeal.pk} must be filed within {offset} day(s) (by {appeal.deadline:%m/%d/%Y})",
            body=f"Appeal #{appeal.pk} ({appeal.get_level_display()}) is still being drafted.",
            url=reverse("appeals:appeal_detail", args=[appeal.pk]),
        )
    # An open denial has no appeal under way (starting one makes it appealing).
    waiting = (
        Denial.objects.filter(status=Denial.Status.OPEN, appeal_deadline__gte=today, appeal_deadline__lte=horizon)
        .annotate(offset=_offset_due("appeal_deadline", today))
        .exclude(
            notified_about(
                Denial, "appeal_deadline", "denial:", OuterRef("pk"), ":first-level:due-in-", OuterRef("offset")
            )
        )
        .select_related("owner")
        .order_by("appeal_deadline", "id")
    )
    for denial in waiting:
        offset = denial.offset
        sent += _notify(
            recipients=team.recipients(denial.owner),
            about=denial,
            kind="appeal_deadline",
            key=f"denial:{denial.pk}:first-level:due-in-{offset}",
            subject=f"Denial #{denial.pk}: appeal window closes in {offset} day(s) ({denial.appeal_deadline:%m/%d/%Y})",
            body=f"Denial #{denial.pk} ({denial.code}) has no appeal yet.",
            url=reverse("appeals:denial_detail", args=[denial.pk]),
        )
    return sent


def appeal_late_decision_reminders_send(*, today: date) -> int:
    """Tell the owner once when a filed appeal's decision is overdue (key per appeal and level)."""
    sent = 0
    team = _Team()
    late = (
        Appeal.objects.filter(
            status=Appeal.Status.FILED,
            decision_due__lt=today,
            decision_due__gte=today - timedelta(days=LATE_DECISION_CATCH_UP_DAYS),
        )
        .exclude(
            notified_about(
                Appeal, "appeal_decision_late", "appeal:", OuterRef("pk"), ":", OuterRef("level"), ":decision-late"
            )
        )
        .select_related("owner")
        .order_by("decision_due", "id")
    )
    for appeal in late:
        sent += _notify(
            recipients=team.recipients(appeal.owner),
            about=appeal,
            kind="appeal_decision_late",
            key=f"appeal:{appeal.pk}:{appeal.level}:decision-late",
            subject=f"Appeal #{appeal.pk}: the payer's decision was due {appeal.decision_due:%m/%d/%Y}",
            body=f"Appeal #{appeal.pk} ({appeal.get_level_display()}) has no decision recorded. Follow up with the payer.",
            url=reverse("appeals:appeal_detail", args=[appeal.pk]),
        )
    return sent
