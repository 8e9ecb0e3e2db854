"""The home page: each role sees panels of its own work.

A panel is a `pages.HOME_PANEL` entry (palliative/pages.py) rendered by partials/panel.html:
apps register builders with `@dashboards.register(*roles)` (in AppConfig.ready()); a builder
takes the user and returns a Panel, or None when it has nothing to show.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from . import pages
from .models import ACPSession, Encounter, Patient, Role
from .pagination import bounded_count

# Panels of the first role listed come first, as the home page always showed them.
ROLE_ORDER = (Role.FRONT_DESK, Role.PROVIDER, Role.BILLING, Role.ADMIN)


@dataclass
class Panel:
    title: str
    items: list[tuple[str, str]] = field(default_factory=list)  # (text, url)
    count: int | None = None  # a BoundedCount prints "1000+" past the bound
    link: tuple[str, str] | None = None  # (text, url) to the full list
    empty: str = "Nothing here."
    actions: list[tuple[str, str]] = field(default_factory=list)


def register(*roles: str):
    def decorator(builder: Callable) -> Callable:
        def context(user) -> dict | None:
            panel = builder(user)
            return None if panel is None else {"panel": panel}

        pages.register(
            pages.HOME_PANEL,
            template="partials/panel.html",
            roles=roles,
            context=context,
            order=min(ROLE_ORDER.index(role) for role in roles),
        )
        return builder

    return decorator


@register(Role.FRONT_DESK)
def front_desk_start(user) -> Panel:
    # a range on created_at, not created_at__date, so the index on created_at serves it
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    logged_today = Encounter.objects.filter(created_at__gte=start, created_at__lt=start + timedelta(days=1))
    recent = logged_today.select_related("patient").order_by("-created_at", "-id")[:8]
    return Panel(
        title="Logged today",
        items=[(f"{e.patient} — {e.em_code}", reverse("palliative:encounter_detail", args=[e.pk])) for e in recent],
        count=logged_today.count(),
        empty="No encounters logged today yet.",
        actions=[
            ("Find a patient", reverse("palliative:patient_list")),
            ("New patient", reverse("palliative:patient_create")),
        ],
    )


@register(Role.PROVIDER, Role.FRONT_DESK)
def documentation_to_finish(user) -> Panel:
    pending = Encounter.objects.missing_documentation().select_related("patient").order_by("date_of_service")
    if user.has_role(Role.PROVIDER) and hasattr(user, "provider"):
        pending = pending.filter(provider=user.provider)
        title = "My encounters missing documentation"
    else:
        title = "Encounters missing documentation"
    return Panel(
        title=title,
        items=[
            (
                f"{e.patient} — {e.date_of_service:%m/%d/%Y} {e.em_code}",
                reverse("palliative:encounter_detail", args=[e.pk]),
            )
            for e in pending[:10]
        ],
        count=bounded_count(pending),
        empty="All encounters are documented.",
    )


@register(Role.PROVIDER)
def acp_not_billable(user) -> Panel | None:
    if not hasattr(user, "provider"):
        return None
    sessions = (
        ACPSession.objects.filter(provider=user.provider)
        .not_billable()
        .select_related("patient")
        .order_by("-date_of_service")
    )
    return Panel(
        title="My ACP notes that cannot be billed yet",
        items=[
            (
                f"{s.patient} — {s.date_of_service:%m/%d/%Y}, {s.minutes} min",
                reverse("palliative:acp_detail", args=[s.pk]),
            )
            for s in sessions[:10]
        ],
        count=bounded_count(sessions),
        empty="Every ACP note has its required elements.",
    )


@register(Role.ADMIN, Role.BILLING)
def deceased_needing_review(user) -> Panel:
    flagged = Patient.objects.filter(needs_review=True).order_by("-date_of_death")
    return Panel(
        title="Deceased patients with open work to review",
        items=[(f"{p} — died {p.date_of_death:%m/%d/%Y}", p.get_absolute_url()) for p in flagged[:10]],
        count=bounded_count(flagged),
        empty="No deceased patients with open work.",
    )


@register(Role.ADMIN)
def admin_shortcuts(user) -> Panel:
    return Panel(
        title="Practice set-up",
        actions=[
            ("Providers", reverse("palliative:provider_list")),
            ("Payers", reverse("palliative:payer_list")),
            ("Staff logins", reverse("palliative:staff_list")),
        ],
        empty="",
    )
