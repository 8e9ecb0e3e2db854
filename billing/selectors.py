"""Reads for the billing pages, shaped so list pages cost a fixed number of queries."""

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Subquery, Sum

from palliative import rules as core
from palliative.models import ACPSession, Encounter

from .models import Claim, ClaimExport, ClaimLine
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


def claim_status_counts() -> dict[str, int]:
    rows = Claim.objects.values("status").annotate(n=Count("id"))
    counts = {row["status"]: row["n"] for row in rows}
    return {value: counts.get(value, 0) for value in Claim.Status.values}


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


def acp_sessions_to_bill() -> QuerySet[ACPSession]:
    """Billable ACP sessions not on an active claim and not waiting for their visit's claim: given
    without a visit, or added after the visit was billed."""
    # EXISTS per session, walked in date order, so the first page stops early (an IN over every
    # billed visit would be built whole first)
    on_active_claim = ClaimLine.objects.filter(acp_session=OuterRef("pk"), claim__status__in=Claim.ACTIVE)
    visit_billed = Claim.objects.filter(encounter=OuterRef("encounter"), status__in=Claim.ACTIVE)
    return (
        ACPSession.objects.exclude(Exists(on_active_claim))
        .billable_time()
        .filter(Q(encounter__isnull=True) | Exists(visit_billed))
        .select_related("patient", "provider")
        .order_by("date_of_service", "id")
    )


def exports_list() -> QuerySet[ClaimExport]:
    return ClaimExport.objects.select_related("created_by").defer("content")


def patient_claims(patient, limit: int = 20) -> list[Claim]:
    """The patient's latest claims, for the billing section of the patient page (one query)."""
    return list(Claim.objects.filter(patient=patient).order_by("-created_at", "-id")[:limit])
