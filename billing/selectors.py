"""Reads for the billing pages, shaped so list pages cost a fixed number of queries."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Length, Substr

from palliative import rules as core
from palliative.models import ACPSession, Encounter
from palliative.pagination import BoundedCount, bounded_counts
from palliative.selectors import patient_search, primary_coverage

from . import rules
from .models import Claim, ClaimExport, ClaimLine, FeeSchedule
from .scrubber import scrub


def _per_claim(aggregate) -> Subquery:
    """One claim's line aggregate as a correlated subquery: computed for the rows of the page
    only, where a join and GROUP BY would aggregate every claim before the LIMIT."""
    lines = ClaimLine.objects.filter(claim=OuterRef("pk")).order_by().values("claim")
    return Subquery(lines.annotate(value=aggregate).values("value")[:1])


def claim_worklist() -> QuerySet[Claim]:
    return (
        Claim.objects.select_related("patient", "coverage__payer", "rendering_provider")
        .annotate(charge_total=_per_claim(Sum("charge")), first_service=_per_claim(Min("date_of_service")))
        .order_by("-created_at", "-id")
    )


def claim_status_counts() -> dict[str, BoundedCount]:
    """Claims in each status, each counted up to BOUND ("1000+"): one query walking the status
    index, where a GROUP BY would read every claim of the practice's history."""
    return bounded_counts(Claim.objects.all(), "status", Claim.Status.values)


def _corrects_by_reopening(claim: Claim, lines: list[ClaimLine]) -> bool:
    first = min((line.date_of_service for line in lines), default=None)
    payer_type = claim.coverage.payer.payer_type if claim.coverage else None
    profile = rules.payer_profile(payer_type, first) if first else None
    return profile is not None and profile.corrections_by_reopening


def claim_detail_context(claim: Claim) -> dict:
    lines = list(claim.lines.select_related("encounter", "acp_session").order_by("line_number"))
    findings = scrub(claim) if claim.is_unsent else []
    by_line: dict[int | None, list] = {}
    for finding in findings:
        by_line.setdefault(finding.line, []).append(finding)
    return {
        "claim": claim,
        "allowed": claim.allowed_transitions(),
        "patient": claim.patient,
        "lines": [(line, by_line.get(line.line_number, [])) for line in lines],
        "findings": findings,
        "errors": [f for f in findings if f.is_error],
        "warnings": [f for f in findings if not f.is_error],
        "diagnoses": [(code, core.icd10_description(code)) for code in claim.diagnosis_codes],
        "total": sum((line.charge for line in lines), 0),
        "timeline": claim.status_changes.select_related("by"),
        "corrections": claim.corrections.all(),
        "reopenings": claim.reopenings.select_related("created_by"),
        # Medicare Part B fixes an adjudicated claim by a reopening, others by a replacement claim.
        "corrects_by_reopening": _corrects_by_reopening(claim, lines),
        "exports": claim.exports.defer("content"),
    }


def encounters_to_bill() -> QuerySet[Encounter]:
    """Encounters with no active claim, oldest first (they run into the filing limit first)."""
    acp_count = (
        ACPSession.objects.filter(encounter=OuterRef("pk")).order_by().values("encounter").annotate(n=Count("id"))
    )
    return (
        Encounter.objects.exclude(Exists(Claim.objects.filter(encounter=OuterRef("pk"), status__in=Claim.ACTIVE)))
        .select_related("patient", "provider")
        .annotate(acp_count=Subquery(acp_count.values("n")[:1]))
        .order_by("date_of_service", "id")
    )


@dataclass
class ToBill:
    """One to-bill row: the encounter, its primary payer on the date of service and the last day
    that payer accepts the claim (billing/rules.py: filing_deadline)."""

    encounter_id: int
    payer_name: str | None
    file_by: date | None
    urgency: str | None
    encounter: Encounter | None = None


def encounters_to_bill_by_deadline(
    *,
    today: date,
    patient_query: str = "",
    provider_id: int | None = None,
    payer_id: int | None = None,
    setting: str = "",
) -> QuerySet[Encounter]:
    """Encounters with no active claim, soonest filing deadline first (no payer: last).

    The order is the key each encounter stores (palliative.selectors.file_by_key: the date of
    service plus the payer's filing window in days, kept current by the services that change
    what it reads), so a page of the list is one walk of its index however long the list; the
    exact deadline of the rows shown is computed for one page by to_bill_page.
    """
    encounters = encounters_to_bill().annotate(
        payer_pk=primary_coverage("payer_id"),
        payer_name=primary_coverage("payer__name"),
        payer_type=primary_coverage("payer__payer_type"),
        filing_days=primary_coverage("payer__timely_filing_days"),
    )
    if patient_query.strip():
        encounters = encounters.filter(patient__in=patient_search(patient_query, today=today).values("pk"))
    if provider_id:
        encounters = encounters.filter(provider_id=provider_id)
    if payer_id:
        encounters = encounters.filter(payer_pk=payer_id)
    if setting:
        encounters = encounters.filter(setting=setting)
    return encounters.order_by(F("file_by_key").asc(nulls_last=True), "id")


def to_bill_page(encounters, *, today: date) -> list[ToBill]:
    """One page of to-bill encounters as rows with their exact deadline and urgency: one query."""
    rows = []
    for encounter in encounters:
        deadline = rules.filing_deadline(
            payer_type=encounter.payer_type,
            timely_filing_days=encounter.filing_days,
            date_of_service=encounter.date_of_service,
        )
        rows.append(
            ToBill(encounter.pk, encounter.payer_name, deadline, rules.filing_urgency(deadline, today), encounter)
        )
    return rows


PROCEDURE_CODE_START = re.compile(r"^[A-Z]?\d{1,5}[FT]?$")


def procedure_suggestions(text: str, limit: int = 15) -> list[tuple[str, str]]:
    """CPT/HCPCS codes from the app's own tables and fee schedule for the start of a code
    ("9949") or words of its title ("advance care"), codes in order."""
    text = (text or "").strip()
    if not text:
        return []
    titles = rules.procedure_titles()
    for code, description in FeeSchedule.objects.exclude(description="").values_list("code", "description"):
        titles.setdefault(code, description)
    code_start = text.upper()
    words = [] if PROCEDURE_CODE_START.match(code_start) else core.search_fold(text).split()
    found = [
        (code, title)
        for code, title in sorted(titles.items())
        if code.startswith(code_start) or (words and all(f" {w}" in f" {core.search_fold(title)}" for w in words))
    ]
    return found[:limit]


def acp_sessions_to_bill() -> QuerySet[ACPSession]:
    """Billable ACP sessions not on an active claim and not waiting for their visit's claim: given
    without a visit, or added after the visit was billed."""
    # EXISTS per session, walked in date order, so the first page stops early (an IN over every
    # billed visit would be built whole first)
    on_active_claim = ClaimLine.objects.filter(acp_session=OuterRef("pk"), claim__status__in=Claim.ACTIVE)
    visit_claim = Claim.objects.filter(encounter=OuterRef("encounter"), status__in=Claim.ACTIVE).values("pk")[:1]
    return (
        ACPSession.objects.exclude(Exists(on_active_claim))
        .billable_time()
        # a scalar subquery, not EXISTS: under OR, PostgreSQL would hash an EXISTS over every
        # active claim before reading the first session
        .alias(visit_claim=Subquery(visit_claim))
        .filter(Q(encounter__isnull=True) | Q(visit_claim__isnull=False))
        .select_related("patient", "provider")
        .order_by("date_of_service", "id")
    )


def exports_list() -> QuerySet[ClaimExport]:
    return ClaimExport.objects.select_related("created_by").defer("content")


def export_content_chunks(export_id: int, size: int = 64 * 1024) -> Iterator[str]:
    """The stored file of an export in slices of `size` characters, each read from the database
    as it is sent, so a download holds one slice, never the whole file."""
    export = ClaimExport.objects.filter(pk=export_id)
    length = export.annotate(length=Length("content")).values_list("length", flat=True).get()
    for start in range(1, length + 1, size):
        yield export.annotate(part=Substr("content", start, size)).values_list("part", flat=True).get()


def patient_claims(patient, limit: int = 20) -> list[Claim]:
    """The patient's latest claims, for the billing section of the patient page (one query)."""
    return list(Claim.objects.filter(patient=patient).order_by("-created_at", "-id")[:limit])


def sent_claims_billing(record):
    """The sent claims (submitted or later, neither replaced nor void) that bill `record`, an
    Encounter or an ACPSession, on the claim or on one of its lines."""
    # the ids from each index (claim's visit, line's visit, line's ACP) in a UNION, where an OR
    # across the joins made PostgreSQL hash every claim line of the practice
    if isinstance(record, Encounter):
        on_visit_acp = ClaimLine.objects.filter(acp_session__in=ACPSession.objects.filter(encounter=record))
        ids = (
            Claim.objects.filter(encounter=record)
            .order_by()
            .values("pk")
            .union(
                ClaimLine.objects.filter(encounter=record).order_by().values("claim"),
                on_visit_acp.order_by().values("claim"),
            )
        )
    else:
        ids = ClaimLine.objects.filter(acp_session=record).order_by().values("claim")
    return Claim.objects.filter(pk__in=ids, status__in=Claim.SENT).order_by("id")
