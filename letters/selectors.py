"""Reads for the letters pages and dashboards."""

import difflib
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, QuerySet, prefetch_related_objects

from palliative.db import PlusDays
from palliative.models import Role
from palliative.pagination import bounded_count_each

from .models import Letter, LMNRequest

S = LMNRequest.Status


def lmn_requests() -> QuerySet[LMNRequest]:
    # patients prefetched for the page's rows, not joined: a join would hash every patient
    # before the sort and LIMIT of each section
    return LMNRequest.objects.select_related("payer", "provider").prefetch_related("patient")


def to_sign(provider) -> QuerySet[LMNRequest]:
    return lmn_requests().filter(status=S.IN_REVIEW, provider=provider).order_by("due_date", "id")


def to_draft() -> QuerySet[LMNRequest]:
    return lmn_requests().filter(status__in=LMNRequest.TO_DRAFT).order_by("due_date", "id")


def to_follow_up(*, today: date) -> QuerySet[LMNRequest]:
    """Submitted requests whose payer's follow-up interval has passed, oldest first.

    rules.follow_up_due in SQL (submitted_on + the payer's follow-up days <= today), so the
    database picks the few due requests instead of Python reading every submitted one.
    """
    return follow_up_due(lmn_requests(), today=today).order_by("submitted_on", "id")


def follow_up_due(requests: QuerySet[LMNRequest], *, today: date) -> QuerySet[LMNRequest]:
    """`requests` submitted and unanswered past their payer's follow-up interval, with the day
    it fell due as `follow_up_on` (rules.follow_up_due, in SQL)."""
    due_on = PlusDays(F("submitted_on"), F("payer__letter_follow_up_days"))
    return (
        requests.filter(status=S.SUBMITTED, submitted_on__isnull=False)
        .annotate(follow_up_on=due_on)
        .filter(follow_up_on__lte=today)
    )


# A worklist section shows its most urgent rows; "show all" opens the section on its own, by
# pages. Ten rows a section keep the page the size of one screen and its rendering constant.
SECTION_ROWS = 10


@dataclass
class Section:
    key: str
    title: str
    queryset: QuerySet
    empty: str
    hint: str = ""
    extra: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)
    total: int = 0

    @property
    def capped(self) -> bool:
        return self.total > len(self.rows)


def worklist_sections(user, *, today: date, show: str = "") -> list[Section]:
    """The worklist for `user`'s roles: providers see what to sign; staff what to draft and chase.

    Each section holds its first SECTION_ROWS rows and its total; `show` names the one section
    the view pages through whole (the others are left out then).
    """
    sections = []
    provider = getattr(user, "provider", None) if user.has_role(Role.PROVIDER) else None
    if provider is not None:
        sections.append(Section("to_sign", "Waiting for my signature", to_sign(provider), "Nothing to sign."))
        sections.append(
            Section(
                "my_drafts",
                "My letters being drafted",
                lmn_requests().filter(provider=provider, status=S.DRAFTED).order_by("due_date", "id"),
                "No drafts.",
            )
        )
    if user.has_role(Role.FRONT_DESK, Role.ADMIN):
        sections.append(Section("to_draft", "To draft", to_draft(), "No requests waiting for a draft."))
        sections.append(
            Section(
                "in_progress",
                "Drafted or with the provider",
                lmn_requests().filter(status__in=[S.DRAFTED, S.IN_REVIEW]).order_by("due_date", "id"),
                "None.",
            )
        )
        sections.append(
            Section(
                "to_submit",
                "Signed, to send to the payer",
                lmn_requests().filter(status=S.SIGNED).order_by("due_date", "id"),
                "None.",
            )
        )
    if user.has_role(Role.FRONT_DESK, Role.ADMIN, Role.BILLING):
        sections.append(
            Section("to_follow_up", "To follow up with the payer", to_follow_up(today=today), "No answers overdue.")
        )
        sections.append(
            Section(
                "denied",
                "Denied: consider an appeal",
                lmn_requests().filter(status=S.DENIED).order_by("-response_on", "-id"),
                "No denials.",
            )
        )
    if show:
        return [section for section in sections if section.key == show]
    for section in sections:
        # the sections' patients are read once below, for all of them
        section.rows = list(section.queryset.prefetch_related(None)[:SECTION_ROWS])
        section.total = len(section.rows)
    full = [section for section in sections if len(section.rows) == SECTION_ROWS]
    for section, total in zip(full, bounded_count_each([s.queryset for s in full]), strict=True):
        section.total = total  # the full sections' totals, counted in one query
    prefetch_related_objects([row for section in sections for row in section.rows], "patient")
    return sections


def recently_closed(limit: int = 15) -> QuerySet[LMNRequest]:
    return lmn_requests().filter(status__in=[S.APPROVED, S.WITHDRAWN]).order_by("-id")[:limit]


def patient_requests(patient, limit: int = 20) -> list[LMNRequest]:
    """The patient's LMN requests, for the letters section of the patient page (one query)."""
    return list(LMNRequest.objects.filter(patient=patient).select_related("payer").order_by("-id")[:limit])


def letter_changes_since(*, letter: Letter, digest: str) -> list[str]:
    """What changed in `letter` since the version whose review_digest() is `digest`.

    The earlier version is found in the letter's history (django-simple-history); the changes
    are plain lines for the sign page: the subject, each changed fact, and a line diff of the
    text. When no earlier version matches, says so.
    """
    seen = None
    for record in letter.history.order_by("-history_date", "-history_id"):
        candidate = record.instance
        if candidate.review_digest() == digest:
            seen = candidate
            break
    if seen is None:
        return ["The version you opened is not in the letter's history; read the whole letter again."]
    changes = []
    if seen.subject != letter.subject:
        changes.append(f"Subject: “{seen.subject}” → “{letter.subject}”")
    for key in sorted((set(seen.facts) | set(letter.facts)) - {"letter_date"}):
        if seen.facts.get(key) != letter.facts.get(key):
            changes.append(f"{key.replace('_', ' ').capitalize()}: {seen.facts.get(key)!r} → {letter.facts.get(key)!r}")
    if seen.body != letter.body:
        diff = difflib.unified_diff(seen.body.splitlines(), letter.body.splitlines(), lineterm="", n=0)
        changes.extend(line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---"))
    return changes
