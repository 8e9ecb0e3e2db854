"""Reads that span relations, shaped for the pages."""

import re
from datetime import datetime

from django.db.models import Q, QuerySet

from . import pages, rules
from .models import ACPSession, Coverage, Encounter, HospiceElection, Patient, Role


def patient_search(query: str) -> QuerySet[Patient]:
    """Patients matching a name, an MRN or a date of birth (MM/DD/YYYY or YYYY-MM-DD)."""
    patients = Patient.objects.all()
    query = (query or "").strip()
    if not query:
        return patients
    for fmt in ("%m/%d/%Y", "%Y-%m-%d", "%m-%d-%Y"):
        try:
            return patients.filter(date_of_birth=datetime.strptime(query, fmt).date())
        except ValueError:
            continue
    condition = Q(mrn__iexact=query)
    words = [w for w in re.split(r"[\s,]+", query) if w]
    name = Q()
    for word in words:
        name &= Q(first_name__istartswith=word) | Q(last_name__istartswith=word)
    return patients.filter(condition | name)


def patient_detail_context(patient: Patient, *, user) -> dict:
    encounters = list(patient.encounters.select_related("provider")[:50])
    context = {
        "patient": patient,
        "coverages": patient.coverages.select_related("payer"),
        "hospice_elections": patient.hospice_elections.select_related("attending"),
        "encounters": encounters,
        "acp_sessions": patient.acp_sessions.select_related("provider")[:50],
        "history": patient_history(patient) if user.has_role(Role.ADMIN) else None,
        "sections": pages.entries(pages.PATIENT_SECTION, user, patient=patient),
    }
    return context


def patient_history(patient: Patient, limit: int = 100) -> list:
    """Every recorded change to the patient and their clinical records, newest first.

    One query per kind of record: each change is compared with the previous version of the
    same record in memory (simple-history's prev_record would query once per row).
    """
    rows = []
    sources = [
        (Patient.history.filter(id=patient.pk), "Patient"),
        (Coverage.history.filter(patient_id=patient.pk), "Coverage"),
        (HospiceElection.history.filter(patient_id=patient.pk), "Hospice election"),
        (Encounter.history.filter(patient_id=patient.pk), "Encounter"),
        (ACPSession.history.filter(patient_id=patient.pk), "ACP session"),
    ]
    for queryset, label in sources:
        previous_by_id = {}
        for record in queryset.select_related("history_user").order_by("history_date", "history_id"):
            previous = previous_by_id.get(record.id)
            changes = []
            if record.history_type == "~" and previous is not None:
                delta = record.diff_against(previous)
                changes = [f"{change.field}: {change.old!r} → {change.new!r}" for change in delta.changes]
            previous_by_id[record.id] = record
            rows.append({"record": record, "label": label, "changes": changes})
    rows.sort(key=lambda row: row["record"].history_date, reverse=True)
    return rows[:limit]


def encounter_detail_context(encounter: Encounter) -> dict:
    diagnoses = [(code, rules.icd10_description(code)) for code in encounter.diagnosis_codes]
    _errors, warnings = rules.palliative_sequencing_problems(encounter.diagnosis_codes, encounter.setting)
    em = rules.EM_CODES.get(encounter.em_code)
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
