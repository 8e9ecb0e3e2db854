"""Who read which patient's record, when, from where: django-auditlog's access log.

HIPAA's audit-controls standard (45 CFR 164.312(b)) asks for a record of activity in systems
that hold ePHI; changes are kept by django-simple-history, and reads are kept here as
django-auditlog `LogEntry` rows with action ACCESS: the actor and remote address come from
the auditlog middleware (`AuditMiddleware` below), the record read is the entry's object, and
`additional_data` holds the patient (`patient`) and the kind of read (`read`), so an admin
can list one patient's reads or one user's (palliative/views.py: audit pages). The table is
out of reach of edits: the admin is read-only and a PostgreSQL trigger refuses UPDATE and
DELETE of audit rows (palliative migration `auditlog_rows_are_append_only`).

`READS` is the one list of pages that show PHI: a page that reads a chart, a document, a
letter, a claim or an export is added there, and `tests/palliative/test_audit_reads.py`
walks it.
"""

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from auditlog.cid import set_cid
from auditlog.context import set_actor, set_extra_data
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class Read:
    model: str
    read: str
    patients: Callable[[object], Iterable[int]]


def _own(obj) -> list[int]:
    return [obj.patient_id]


READS: dict[str, Read] = {
    "palliative:patient_detail": Read("palliative.Patient", "chart", lambda p: [p.pk]),
    "palliative:encounter_detail": Read("palliative.Encounter", "encounter", _own),
    "palliative:acp_detail": Read("palliative.ACPSession", "acp_session", _own),
    "letters:request_detail": Read("letters.LMNRequest", "lmn_request", _own),
    "letters:letter_edit": Read("letters.Letter", "letter", _own),
    "letters:letter_pdf": Read("letters.Letter", "letter_pdf", _own),
    "letters:document_download": Read("letters.SupportingDocument", "document", lambda d: [d.lmn_request.patient_id]),
    "billing:claim_detail": Read("billing.Claim", "claim", _own),
    "billing:claim_fhir": Read("billing.Claim", "fhir_export", _own),
    "billing:export_download": Read("billing.ClaimExport", "claims_export", lambda e: []),
    "appeals:denial_detail": Read("appeals.Denial", "denial", lambda d: [d.claim.patient_id]),
    "appeals:appeal_detail": Read("appeals.Appeal", "appeal", lambda a: [a.denial.claim.patient_id]),
}
SEARCH = "palliative:patient_list"


def record_read(*, instance, read: str, patient_id: int | None, **extra) -> LogEntry:
    """One ACCESS entry for `instance`; actor and address come from the request's context."""
    return LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        additional_data={"read": read, "patient": patient_id, **extra},
    )


def record_export(*, export, by=None) -> None:
    """An 837P or CSV file read out: one entry per claim it holds, so each patient's page lists it."""
    read = f"{export.kind}_export"
    with set_actor(by) if by is not None else contextlib.nullcontext():
        for claim in export.claims.only("id", "patient_id"):
            record_read(instance=claim, read=read, patient_id=claim.patient_id, export=export.pk)


def record_search(*, query: str, shown) -> None:
    """A search or a browse of the patient list: one entry per patient shown on the page (the
    view's own page of patients, not the search run again), written in one INSERT (the list's
    cost must not grow with its length)."""
    from auditlog.cid import get_cid
    from auditlog.context import auditlog_value

    from .models import Patient

    context = auditlog_value.get({})
    actor = context.get("actor")
    content_type = ContentType.objects.get_for_model(Patient)
    LogEntry.objects.bulk_create(
        LogEntry(
            content_type=content_type,
            object_pk=str(patient.pk),
            object_id=patient.pk,
            object_repr=str(patient),
            action=LogEntry.Action.ACCESS,
            additional_data={"read": "search", "patient": patient.pk, "query": query},
            actor=actor,
            actor_email=getattr(actor, "email", None),
            remote_addr=context.get("remote_addr"),
            cid=get_cid(),
        )
        for patient in shown
    )


def record_page(request, response) -> None:
    match = request.resolver_match
    if match is None or response.status_code != 200:
        return
    if match.view_name == SEARCH:
        from .views import SEARCH_SESSION_KEY

        # the view leaves the patients it showed on the request (palliative.views.patient_list)
        record_search(query=request.session.get(SEARCH_SESSION_KEY, ""), shown=request.patients_shown)
        return
    spec = READS.get(match.view_name)
    if spec is None:
        return
    instance = apps.get_model(spec.model).objects.get(pk=match.kwargs["pk"])
    if spec.model == "billing.ClaimExport":
        record_export(export=instance)
        return
    for patient_id in spec.patients(instance) or [None]:
        record_read(instance=instance, read=spec.read, patient_id=patient_id)


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's actor and address for every write and read, and the reads in READS.

    X-Forwarded-For names the client only behind our own proxy (BEHIND_TLS_PROXY); anywhere
    else a client could write any address into it, so REMOTE_ADDR is used.
    """

    @staticmethod
    def _get_remote_addr(request):
        if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
            return AuditlogMiddleware._get_remote_addr(request)
        return request.META.get("REMOTE_ADDR")

    def __call__(self, request):
        set_cid(request)
        with set_extra_data(context_data=self.get_extra_data(request)):
            response = self.get_response(request)
            record_page(request, response)
        return response
