"""Reads for the letters pages and dashboards."""

import difflib
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, IntegerField, QuerySet, Value, prefetch_related_objects

from palliative.db import PlusDays, rows_of_each
from palliative.models import Role
from palliative.pagination import BOUND, BoundedCount, bounded_count_column

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
    return follow_up_due(lmn_requests(), today=today, with_date=False).order_by("submitted_on", "id")


def follow_up_due(requests: QuerySet[LMNRequest], *, today: date, with_date: bool = True) -> QuerySet[LMNRequest]:
    """`requests` submitted and unanswered past their payer's follow-up interval, with the day
    it fell due as `follow_up_on` (rules.follow_up_due, in SQL); `with_date=False` filters on
    that day without selecting it, so the rows have the same columns as other request lists."""
    due_on = PlusDays(F("submitted_on"), F("payer__letter_follow_up_days"))
    submitted = requests.filter(status=S.SUBMITTED, submitted_on__isnull=False)
    dated = submitted.annotate(follow_up_on=due_on) if with_date else submitted.alias(follow_up_on=due_on)
    return dated.filter(follow_up_on__lte=today)


# A worklist section shows its most urgent rows; "show all" opens the section on its own, by
# pages. Ten rows a section keep the page the size of one screen and its rendering constant.
SECTION_ROWS = 10
CLOSED_ROWS = 15


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
    limit: int = SECTION_ROWS
    counted: bool = True

    @property
    def capped(self) -> bool:
        return self.total > len(self.rows)


def worklist_sections(user, *, today: date) -> list[Section]:
    """The worklist's sections for `user`'s roles, unread: providers see what to sign; staff
    what to draft and chase."""
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
    return sections


def worklist_section(user, *, today: date, key: str) -> Section | None:
    """The one section `key` of `user`'s worklist, for "Show all" to page through (unread)."""
    return next((section for section in worklist_sections(user, today=today) if section.key == key), None)


def worklist(user, *, today: date) -> tuple[list[Section], list[LMNRequest]]:
    """`user`'s whole worklist: each section's first SECTION_ROWS rows and bounded total, and
    the recently closed requests. Two queries whatever the sections: one UNION ALL of every
    section's first rows, each carrying its section's count, then the rows' patients (SQLite,
    the demo's database, reads each section on its own: palliative.db.rows_of_each)."""
    sections = worklist_sections(user, today=today)
    closed = Section("closed", "Recently closed", recently_closed(), "", limit=CLOSED_ROWS, counted=False)
    _read_first_rows([*sections, closed])
    return sections, closed.rows


def recently_closed() -> QuerySet[LMNRequest]:
    return lmn_requests().filter(status__in=[S.APPROVED, S.WITHDRAWN]).order_by("-id")


def _read_first_rows(sections: list[Section]) -> None:
    no_count = Value(None, output_field=IntegerField())
    branches = [
        section.queryset.prefetch_related(None).annotate(
            worklist_section=Value(index),
            worklist_total=bounded_count_column(section.queryset) if section.counted else no_count,
        )[: section.limit]
        for index, section in enumerate(sections)
    ]
    rows = rows_of_each(branches)
    for row in rows:
        sections[row.worklist_section].rows.append(row)
    for section in sections:
        # a UNION keeps no order: each section's rows are put back in its own
        section.rows = _in_order(section.rows, section.queryset.query.order_by)
        section.total = BoundedCount(section.rows[0].worklist_total, BOUND) if section.counted and section.rows else 0
    prefetch_related_objects(rows, "patient")


def _in_order(rows: list, ordering) -> list:
    """`rows` sorted as ORDER BY `ordering` sorts them on PostgreSQL (NULLs last ascending,
    first descending)."""
    for name in reversed(ordering):
        attname, descending = name.lstrip("-"), name.startswith("-")
        present = sorted(
            (row for row in rows if getattr(row, attname) is not None),
            key=lambda row, attname=attname: getattr(row, attname),
            reverse=descending,
        )
        missing = [row for row in rows if getattr(row, attname) is None]
        rows = missing + present if descending else present + missing
    return rows


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
