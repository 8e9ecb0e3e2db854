"""What billing adds to core pages (menu, patient page, home panels), and its open work on a patient."""

from django.urls import reverse

from palliative import billed, dashboards, openwork, pages
from palliative.models import Role
from palliative.pagination import bounded_count

from . import selectors, services
from .models import Claim

BILLERS = (Role.BILLING, Role.ADMIN)

pages.register(pages.NAVIGATION, template="billing/_nav.html", roles=BILLERS, order=10)
pages.register(
    pages.PATIENT_SECTION,
    template="billing/_patient_section.html",
    roles=BILLERS,
    context=lambda user, patient: _patient_claims(patient),
    order=10,
)

PATIENT_CLAIMS_SHOWN = 10


def _patient_claims(patient) -> dict:
    """The patient's latest claims, and whether there are more (then the card links to the
    claims worklist filtered to the patient)."""
    claims = selectors.patient_claims(patient, limit=PATIENT_CLAIMS_SHOWN + 1)
    return {"claims": claims[:PATIENT_CLAIMS_SHOWN], "more_claims": len(claims) > PATIENT_CLAIMS_SHOWN}


@dashboards.register(Role.BILLING, Role.ADMIN)
def claims_held_by_scrubber(user) -> dashboards.Panel:
    held = (
        Claim.objects.filter(status=Claim.Status.DRAFT, scrub_errors__gt=0)
        .select_related("patient")
        .order_by("created_at", "id")
    )
    return dashboards.Panel(
        title="Claims held by scrubber errors",
        items=[
            (f"{claim} — {claim.patient}, {claim.scrub_errors} error(s)", claim.get_absolute_url())
            for claim in held[:8]
        ],
        count=bounded_count(held),
        link=("All held claims", f"{reverse('billing:claim_list')}?status=draft&findings=errors"),
        empty="No claim is held back.",
    )


@dashboards.register(Role.BILLING, Role.ADMIN)
def billing_queue(user) -> dashboards.Panel:
    counts = selectors.claim_status_counts()
    worklist = reverse("billing:claim_list")
    rows = [
        (Claim.Status.DRAFT, "drafts to check"),
        (Claim.Status.READY, "ready to export"),
        (Claim.Status.SUBMITTED, "submitted, awaiting payment"),
        (Claim.Status.DENIED, "denied"),
        (Claim.Status.APPEALED, "appealed"),
    ]
    return dashboards.Panel(
        title="Billing queue",
        items=[(f"{counts[status]} {label}", f"{worklist}?status={status}") for status, label in rows],
        count=counts[Claim.Status.READY],
        actions=[("Encounters to bill", reverse("billing:claim_to_bill")), ("Claims worklist", worklist)],
    )


@openwork.register
def open_claims(patient) -> list[str]:
    claims = Claim.objects.filter(patient=patient, status__in=Claim.OPEN).order_by("id")
    return [f"Claim {claim} is {claim.get_status_display().lower()}" for claim in claims]


def _flag_sent_claims(record, *, note: str, by) -> list[str]:
    return [
        str(services.claim_flag_for_correction(claim=claim, note=note, by=by))
        for claim in selectors.sent_claims_billing(record)
    ]


billed.register(
    sent_claims=lambda record: [str(claim) for claim in selectors.sent_claims_billing(record)],
    flag_for_correction=_flag_sent_claims,
)
