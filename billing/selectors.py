"""Reads for the billing pages, shaped so list pages cost a fixed number of queries."""

from django.db.models import Count, Min, Q, QuerySet, Sum

from palliative import rules as core
from palliative.models import ACPSession, Encounter

from .models import Claim, ClaimExport
from .scrubber import scrub


def claim_worklist() -> QuerySet[Claim]:
    return (
        Claim.objects.select_related("patient", "coverage__payer", "rendering_provider")
        .annotate(charge_total=Sum("lines__charge"), first_service=Min("lines__date_of_service"))
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
    return (
        Encounter.objects.exclude(claims__status__in=Claim.ACTIVE)
        .select_related("patient", "provider")
        .annotate(acp_count=Count("acp_sessions"))
        .order_by("date_of_service", "id")
    )


def acp_sessions_to_bill() -> QuerySet[ACPSession]:
    """Billable ACP sessions not on an active claim and not waiting for their visit's claim: given
    without a visit, or added after the visit was billed."""
    visit_billed = Encounter.objects.filter(claims__status__in=Claim.ACTIVE).values("pk")
    return (
        ACPSession.objects.exclude(claim_lines__claim__status__in=Claim.ACTIVE)
        .billable_time()
        .filter(Q(encounter__isnull=True) | Q(encounter__in=visit_billed))
        .select_related("patient", "provider")
        .order_by("date_of_service", "id")
    )


def exports_list() -> QuerySet[ClaimExport]:
    return ClaimExport.objects.select_related("created_by").defer("content")


def patient_claims(patient, limit: int = 20) -> list[Claim]:
    """The patient's latest claims, for the billing section of the patient page (one query)."""
    return list(Claim.objects.filter(patient=patient).order_by("-created_at", "-id")[:limit])
