"""Reads that span relations, shaped for the pages."""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Lower, Replace
from django.utils import timezone

from . import billed, icd10, pages, rules
from .db import PlusDays, rows_of_each
from .models import ACPSession, Coverage, Encounter, HospiceElection, Patient, Role
from .pagination import peek_page


def patient_search(query: str, *, today: date | None = None) -> QuerySet[Patient]:
    """Patients found by name, MRN or date of birth as people type them, closest first.

    What counts as a match is rules.patient_query's reading of the text: every name word
    starts a word of the folded name (or the words typed apart start one together: "o brien"),
    every date is the birth date, or the squeezed text is the MRN or its start. Ranked: exact
    MRN, then names whose every typed word is a whole word of the name, then the rest.
    """
    patients = Patient.objects.all()
    if not (query or "").strip():
        return patients
    terms = rules.patient_query(query, today=today or timezone.localdate())
    name = Q()
    if terms.words:
        for word in terms.words:
            name &= Q(search_name__contains=f" {word}")
        if terms.joined:
            name |= Q(search_name__contains=f" {terms.joined}")
    for born in terms.dates_of_birth:
        name &= Q(date_of_birth=born)
    found = Q(pk__in=[])
    if terms.words or terms.dates_of_birth:
        found |= name
    if terms.mrn:
        found |= Q(search_mrn__startswith=terms.mrn)
    ranks = [When(search_mrn=terms.mrn, then=Value(0))]
    if terms.words:
        whole_words = Q()
        for word in terms.words:
            whole_words &= Q(search_name__contains=f" {word} ")
        ranks.append(When(whole_words, then=Value(1)))
    return (
        patients.filter(found)
        .annotate(rank=Case(*ranks, default=Value(2)))
        .order_by("rank", "last_name", "first_name", "id")
    )


def patient_likely_duplicates(
    *, first_name: str, last_name: str, date_of_birth: date | None, member_id: str = "", exclude_pk: int | None = None
) -> list[Patient]:
    """Charts that are probably this patient already: the same date of birth with a name that
    looks alike (rules.names_look_alike), or a coverage with the same member ID."""
    candidates = Q(pk__in=[])
    if date_of_birth:
        candidates |= Q(date_of_birth=date_of_birth)
    member = rules.search_mrn(member_id)
    if member:
        # Cards print member IDs with and without hyphens: compare letters and digits only.
        squeezed = Lower(Replace(Replace("coverages__member_id", Value("-")), Value(" ")))
        candidates |= Q(member_squeezed=member)
    else:
        squeezed = Value("")
    found = (
        Patient.objects.annotate(member_squeezed=squeezed)
        .filter(candidates)
        .exclude(pk=exclude_pk)
        .distinct()
        .prefetch_related("coverages__payer")
    )
    return [
        patient
        for patient in found
        if (
            patient.date_of_birth == date_of_birth
            and rules.names_look_alike(first_name, last_name, patient.first_name, patient.last_name)
        )
        or (member and any(rules.search_mrn(c.member_id) == member for c in patient.coverages.all()))
    ]


@lru_cache(maxsize=1)
def _icd10_billable_titles() -> tuple[tuple[str, str, str], ...]:
    """(code, title, folded title) for every billable code of the default code set
    (palliative/icd10.py, parsed once per process), in code order."""
    return tuple(
        (entry.code, entry.description, f" {rules.search_fold(entry.description)} ")
        for entry in sorted(icd10.bundled().values(), key=lambda entry: entry.code)
        if entry.billable
    )


@lru_cache(maxsize=1)
def _icd10_title_index() -> tuple[tuple[str, ...], str, tuple[int, ...]]:
    """The codes in order, the folded titles in one string (a line each, in code order) and
    where each title starts in it: a typed word is looked for in one pass over the string
    instead of once per title."""
    titles = _icd10_billable_titles()
    offsets, position = [], 0
    for _code, _title, folded in titles:
        offsets.append(position)
        position += len(folded) + 1
    return tuple(code for code, _, _ in titles), "\n".join(folded for _, _, folded in titles), tuple(offsets)


def _icd10_titles_with_every_word(words: list[str]) -> set[int]:
    """The positions of the titles in which each typed word starts a word (as itself or one of
    its alternatives): the only titles icd10_text_rank does not rank None."""
    _codes, blob, offsets = _icd10_title_index()
    found: set[int] | None = None
    for word in words:
        starts = re.compile("|".join(re.escape(f" {alt}") for alt in rules.icd10_search_alternatives(word)))
        titles = {bisect_right(offsets, match.start()) - 1 for match in starts.finditer(blob)}
        found = titles if found is None else found & titles
    return found or set()


ICD10_CODE_START = re.compile(r"^[A-Za-z]\d[\dA-Za-z]?\.?[\dA-Za-z]{0,4}$")


def icd10_suggestions(text: str, limit: int = 20) -> list[tuple[str, str]]:
    """Billable ICD-10-CM codes with their titles for what was typed: the start of a code
    ("C34", "c34.9") or words of the title ("lung ca", "dementia"), best first.

    The one place the code type-ahead asks; it reads rules.ICD10_CODE_SET's tables.
    """
    text = (text or "").strip()
    if not text:
        return []
    titles = _icd10_billable_titles()
    if ICD10_CODE_START.match(text):
        start = rules.icd10_normalize(text)
        codes = _icd10_title_index()[0]
        first = bisect_left(codes, start)
        return [(code, title) for code, title, _ in titles[first : first + limit] if code.startswith(start)]
    words = rules.search_fold(text).split()
    if not words:
        return []
    scored = []
    for position in _icd10_titles_with_every_word(words):
        code, title, folded = titles[position]
        rank = rules.icd10_text_rank(words, folded)
        if rank is not None:
            scored.append((rank, code, title))
    scored.sort()
    return [(code, title) for _score, code, title in scored[:limit]]


# The patient page lists this many visits and ACP sessions, newest first, each list with its
# own pager: a chart of years of visits renders the same page as a new patient's.
CHART_ROWS = 20


def primary_coverage(field_name: str) -> Subquery:
    """`field_name` of the encounter's primary coverage on its date of service (for an
    encounter queryset: OuterRef to its patient and date)."""
    coverage = (
        Coverage.objects.filter(
            patient=OuterRef("patient"),
            priority=Coverage.Priority.PRIMARY,
            effective_from__lte=OuterRef("date_of_service"),
        )
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=OuterRef("date_of_service")))
        .order_by("-effective_from")
    )
    return Subquery(coverage.values(field_name)[:1])


NO_PAYER_WINDOW_DAYS = 36500


def file_by_key() -> PlusDays:
    """The to-bill list's sort key of an encounter: its date of service plus its primary payer's
    filing window in days; no payer on file, a century's window sorts it last. The exact last
    day (Medicare's calendar year, weekend and holiday roll: billing.rules.filing_deadline) is
    computed for the rows shown; the two differ by the few days of that roll, never more."""
    days = Coalesce(primary_coverage("payer__timely_filing_days"), Value(NO_PAYER_WINDOW_DAYS))
    return PlusDays(F("date_of_service"), days)


def patient_detail_context(
    patient: Patient, *, user, all_history: bool = False, visits_page=None, acp_page=None
) -> dict:
    history = None
    if user.has_role(Role.ADMIN):
        history = patient_history(patient, limit=HISTORY_ALL if all_history else HISTORY_ROWS)
    context = {
        "patient": patient,
        "coverages": patient.coverages.select_related("payer"),
        "hospice_elections": patient.hospice_elections.select_related("attending"),
        "encounters": peek_page(patient.encounters.select_related("provider"), visits_page, CHART_ROWS),
        "acp_sessions": peek_page(patient.acp_sessions.select_related("provider"), acp_page, CHART_ROWS),
        "history": history,
        "sections": pages.entries(pages.PATIENT_SECTION, user, patient=patient),
    }
    return context


# The patient page shows the newest changes; "Show all" opens them all, up to HISTORY_ALL.
HISTORY_ROWS = 25
HISTORY_ALL = 1000


@dataclass
class History:
    """The newest recorded changes (rows, newest first) and whether older ones were left out."""

    rows: list
    more: bool

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


def patient_history(patient: Patient, limit: int = HISTORY_ROWS) -> History:
    """The newest `limit` recorded changes to the patient and their clinical records.

    One query finds them across the kinds of record (a UNION ALL of each kind's newest, history
    ids and dates only); then one query for each kind that has any of them reads those versions
    with the version each follows, to name what changed (in memory: simple-history's
    prev_record would query once per row). A patient with no change recorded costs one query.
    """
    sources = [
        (Patient.history.filter(id=patient.pk), "Patient"),
        (Coverage.history.filter(patient_id=patient.pk), "Coverage"),
        (HospiceElection.history.filter(patient_id=patient.pk), "Hospice election"),
        (Encounter.history.filter(patient_id=patient.pk), "Encounter"),
        (ACPSession.history.filter(patient_id=patient.pk), "ACP session"),
    ]
    branches = [
        queryset.order_by("-history_date", "-history_id")
        .annotate(kind=Value(kind))
        .values_list("kind", "history_id", "history_date")[: limit + 1]
        for kind, (queryset, _label) in enumerate(sources)
    ]
    newest = sorted(rows_of_each(branches), key=lambda row: (row[2], row[1]), reverse=True)
    shown = newest[:limit]
    records = {}
    for kind in sorted({kind for kind, _id, _date in shown}):
        queryset = sources[kind][0]
        ids = [history_id for row_kind, history_id, _date in shown if row_kind == kind]
        earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
            history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
        )
        previous = queryset.filter(earlier, id=OuterRef("id")).order_by("-history_date", "-history_id")
        versions = queryset.annotate(previous_id=Subquery(previous.values("history_id")[:1]))
        wanted = Q(history_id__in=ids) | Q(history_id__in=versions.filter(history_id__in=ids).values("previous_id"))
        for record in versions.filter(wanted).select_related("history_user"):
            records[(kind, record.history_id)] = record
    rows = []
    for kind, history_id, _date in shown:
        record = records[(kind, history_id)]
        previous = records.get((kind, record.previous_id))
        changes = []
        if record.history_type == "~" and previous is not None:
            model = sources[kind][0].model.instance_type
            changes = [readable_change(model, change) for change in record.diff_against(previous).changes]
        rows.append({"record": record, "label": sources[kind][1], "changes": changes})
    return History(rows, more=len(newest) > limit)


def _readable_value(field, value) -> str:
    if value is None or value == "" or value == []:
        return "(blank)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%m/%d/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%m/%d/%Y}"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field.is_relation:
        return f"{field.related_model._meta.verbose_name} #{value}"
    return str(value)


def readable_change(model, change) -> str:
    """One audited change as staff read it: "E/M code: 99215 → 99214", "Sex: Female → Male"."""
    field = model._meta.get_field(change.field)
    label = str(field.verbose_name)
    label = label[:1].upper() + label[1:]
    return f"{label}: {_readable_value(field, change.old)} → {_readable_value(field, change.new)}"


# --- Who writes clinical documentation (rules.clinical_fields_writable_by) --------------------


def user_roles(user) -> frozenset[str]:
    """The user's role names; a superuser is an admin (never a provider)."""
    return frozenset({*user.role_names, *([Role.ADMIN] if user.is_superuser else [])})


def changed_fields(before, after, fields) -> dict[str, tuple]:
    """{field: (old, new)} for the fields whose values differ (foreign keys compared by id)."""
    changes = {}
    for field in sorted(fields):
        attname = after._meta.get_field(field).attname
        old, new = getattr(before, attname), getattr(after, attname)
        if old != new:
            changes[field] = (old, new)
    return changes


def documentation_fields(record) -> tuple[frozenset[str], frozenset[str]]:
    """(scheduling, clinical) fields of an Encounter or an ACPSession."""
    if isinstance(record, Encounter):
        return rules.ENCOUNTER_SCHEDULING_FIELDS, rules.ENCOUNTER_CLINICAL_FIELDS
    return rules.ACP_SCHEDULING_FIELDS, rules.ACP_CLINICAL_FIELDS


def is_documented(record) -> bool:
    """Whether any clinical field holds more than a blank record would."""
    _scheduling, clinical = documentation_fields(record)
    return bool(changed_fields(type(record)(), record, clinical))


def documentation_writable_by(record, user) -> frozenset[str]:
    """The fields of a stored visit or ACP session `user` may write (rules.clinical_fields_writable_by)."""
    scheduling, clinical = documentation_fields(record)
    return rules.clinical_fields_writable_by(
        roles=user_roles(user),
        is_rendering_provider=record.provider.user_id == user.pk,
        scheduling=scheduling,
        clinical=clinical,
        documented=is_documented(record),
    )


def may_add_addendum(record, user) -> bool:
    """The rendering provider or an admin writes an addendum (IOM 100-08 ch. 3 §3.3.2.5)."""
    return record.provider.user_id == user.pk or user.has_role(Role.ADMIN)


def documentation_context(record, user) -> dict:
    """What an encounter or ACP page shows of who may change its documentation, and its addenda."""
    writable = documentation_writable_by(record, user)
    sent = billed.sent_claims(record) if writable else []
    return {
        "can_edit": bool(writable) and not sent,
        "can_add_addendum": may_add_addendum(record, user),
        "sent_claims": sent,
        "addenda": record.addenda.select_related("author"),
    }


def encounter_detail_context(encounter: Encounter) -> dict:
    day = encounter.date_of_service
    diagnoses = [(code, rules.icd10_description(code, day)) for code in encounter.diagnosis_codes]
    _errors, warnings = rules.palliative_sequencing_problems(encounter.diagnosis_codes, encounter.setting)
    warnings = [*warnings, *rules.icd10_code_set_warnings(encounter.diagnosis_codes, day)]
    em = rules.em_code_on(encounter.em_code, day)
    return {
        "encounter": encounter,
        "patient": encounter.patient,
        "diagnoses": diagnoses,
        "warnings": warnings,
        "em": em,
        "hospice": encounter.patient.hospice_election_on(encounter.date_of_service),
        "acp_sessions": encounter.acp_sessions.select_related("provider"),
    }


def audit_reads(*, patient: Patient | None = None, user=None):
    """PHI reads (django-auditlog ACCESS entries), newest first, for one patient or one user."""
    from auditlog.models import LogEntry

    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).select_related("actor", "content_type")
    if patient is not None:
        entries = entries.filter(additional_data__patient=patient.pk)
    if user is not None:
        entries = entries.filter(actor=user)
    return entries.order_by("-timestamp", "-id")


def login_lockouts() -> list[dict]:
    """Usernames and addresses django-axes is refusing now (failures at the limit)."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.db.models import Max, Sum
    from django.utils import timezone

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    locked = []
    for field, kind in (("username", "username"), ("ip_address", "address")):
        rows = (
            recent.exclude(**{field: None})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by("-last")
        )
        locked += [
            {"kind": kind, "value": row[field], "failures": row["failures"], "last": row["last"]} for row in rows
        ]
    return locked
