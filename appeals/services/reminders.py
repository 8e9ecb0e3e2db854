"""Deadline and late-decision reminders for the billing team (one notification per key)."""

from datetime import date, timedelta

from django.urls import reverse

from palliative.models import Role, User
from palliative.services import notification_send, notified_about

from .. import deadlines
from ..models import Appeal, Denial


def _recipients(owner: User | None) -> list[User]:
    if owner is not None and owner.is_active:
        return [owner]
    return list(User.objects.filter(is_active=True, groups__name=Role.BILLING).distinct())


def _notify(*, owner: User | None, about, kind: str, key: str, subject: str, body: str, url: str) -> int:
    """Send to the owner (or the whole billing team) once per user; returns how many were sent."""
    recipients = _recipients(owner)
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


def appeal_deadline_reminders_send(*, today: date) -> int:
    """Remind 14, 7, 3 and 1 days before each filing deadline: appeals being drafted, and
    appealable denials with no appeal yet. One notification per record, level and offset
    (the key), so reruns and catch-up after a missed day send each reminder once."""
    sent = 0
    horizon = today + timedelta(days=max(deadlines.REMINDER_OFFSETS))
    drafting = Appeal.objects.filter(
        status=Appeal.Status.DRAFTING, deadline__gte=today, deadline__lte=horizon
    ).select_related("owner")
    for appeal in drafting:
        offset = deadlines.reminder_offset_due(appeal.deadline, today)
        if offset is not None:
            sent += _notify(
                owner=appeal.owner,
                about=appeal,
                kind="appeal_deadline",
                key=f"appeal:{appeal.pk}:{appeal.level}:due-in-{offset}",
                subject=f"Appeal #{appeal.pk} must be filed within {offset} day(s) (by {appeal.deadline:%m/%d/%Y})",
                body=f"Appeal #{appeal.pk} ({appeal.get_level_display()}) is still being drafted.",
                url=reverse("appeals:appeal_detail", args=[appeal.pk]),
            )
    # An open denial has no appeal under way (starting one makes it appealing).
    waiting = Denial.objects.filter(
        status=Denial.Status.OPEN, appeal_deadline__gte=today, appeal_deadline__lte=horizon
    ).select_related("owner")
    for denial in waiting:
        offset = deadlines.reminder_offset_due(denial.appeal_deadline, today)
        if offset is not None:
            sent += _notify(
                owner=denial.owner,
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
    late = (
        Appeal.objects.filter(status=Appeal.Status.FILED, decision_due__lt=today)
        .exclude(notified_about("appeal_decision_late", Appeal))
        .select_related("owner")
    )
    for appeal in late:
        sent += _notify(
            owner=appeal.owner,
            about=appeal,
            kind="appeal_decision_late",
            key=f"appeal:{appeal.pk}:{appeal.level}:decision-late",
            subject=f"Appeal #{appeal.pk}: the payer's decision was due {appeal.decision_due:%m/%d/%Y}",
            body=f"Appeal #{appeal.pk} ({appeal.get_level_display()}) has no decision recorded. Follow up with the payer.",
            url=reverse("appeals:appeal_detail", args=[appeal.pk]),
        )
    return sent
