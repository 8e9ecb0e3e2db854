"""What appeals adds to pages it does not own (menu, patient page, home panels, a denied LMN
request), and its open work on a patient."""

from django.urls import reverse
from django.utils import timezone

from palliative import dashboards, openwork, pages
from palliative.models import Role
from palliative.pagination import bounded_count

from . import selectors
from .models import Appeal, Denial

BILLERS = (Role.BILLING, Role.ADMIN)

pages.register(pages.NAVIGATION, template="appeals/_nav.html", roles=BILLERS, order=30)
pages.register(
    pages.PATIENT_SECTION,
    template="appeals/_patient_section.html",
    roles=BILLERS,
    context=lambda user, patient: {"denials": selectors.patient_open_denials(patient)},
    order=30,
)


def _lmn_appeals(user, lmn_request) -> dict | None:
    appeals = selectors.lmn_appeals(lmn_request)
    return {"appeals": appeals} if appeals else None


# On a denied LMN request's page: the appeals that rely on it (opened by those who see appeals).
pages.register(
    pages.DENIED_LMN_ACTION,
    template="appeals/_lmn_appeals.html",
    roles=(Role.BILLING, Role.ADMIN, Role.PROVIDER),
    context=_lmn_appeals,
)


@dashboards.register(Role.BILLING, Role.ADMIN)
def denials_due(user) -> dashboards.Panel:
    today = timezone.localdate()
    rows = selectors.worklist()
    due = list(rows[:8])
    return dashboards.Panel(
        title="Denials and appeals by deadline",
        items=[
            (
                f"{'OVERDUE ' if d.next_due and d.next_due < today else ''}{d.next_due:%m/%d/%Y} · #{d.pk} {d.code} · {d.claim}"
                if d.next_due
                else f"#{d.pk} {d.code} · {d.claim} ({d.get_route_display().lower()})",
                reverse("appeals:denial_detail", args=[d.pk]),
            )
            for d in due
        ],
        count=bounded_count(rows, in_order=True),
        link=("Denial worklist", reverse("appeals:denial_list")),
        empty="No open denials.",
        actions=[
            ("Import an 835", reverse("appeals:remittance_upload")),
            ("Billing dashboard", reverse("appeals:dashboard")),
        ],
    )


@openwork.register
def open_denials(patient) -> list[str]:
    items = [
        f"Denial #{pk} is {status.replace('_', ' ')}"
        for pk, status in Denial.objects.filter(claim__patient=patient, status__in=Denial.ACTIVE).values_list(
            "id", "status"
        )
    ]
    items += [
        f"Appeal #{pk} is {status}"
        for pk, status in Appeal.objects.filter(
            denial__claim__patient=patient, status__in=[Appeal.Status.DRAFTING, Appeal.Status.FILED]
        ).values_list("id", "status")
    ]
    return items


@dashboards.register(Role.PROVIDER)
def appeal_letters_to_sign(user) -> dashboards.Panel | None:
    provider = getattr(user, "provider", None)
    if provider is None:
        return None
    waiting = (
        Appeal.objects.filter(status=Appeal.Status.DRAFTING, letter__provider=provider, letter__signed_at__isnull=True)
        .select_related("denial__claim__patient")
        .order_by("deadline")
    )
    return dashboards.Panel(
        title="Appeal letters waiting for my signature",
        items=[
            (
                f"{a.denial.claim.patient} — {a.get_level_display()}, file by {a.deadline:%m/%d/%Y}",
                reverse("appeals:appeal_detail", args=[a.pk]),
            )
            for a in waiting[:10]
        ],
        count=bounded_count(waiting),
        empty="No appeal letters to sign.",
    )
