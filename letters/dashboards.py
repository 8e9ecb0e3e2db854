"""What letters adds to core pages: the menu, the patient page, and home panels (providers see
letters to sign; front desk what to draft and chase)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from palliative import dashboards, pages
from palliative.access import ALL_STAFF
from palliative.models import Role
from palliative.pagination import bounded_count

from . import selectors

pages.register(pages.NAVIGATION, template="letters/_nav.html", roles=ALL_STAFF, order=20)
pages.register(
    pages.PATIENT_SECTION,
    template="letters/_patient_section.html",
    roles=ALL_STAFF,
    context=lambda user, patient: {"lmn_requests": selectors.patient_requests(patient)},
    order=20,
)


def _item(lmn) -> tuple[str, str]:
    return (
        f"#{lmn.pk} {lmn.patient} — {Truncator(lmn.treatment_label).chars(40)}, due {lmn.due_date:%m/%d/%Y}",
        reverse("letters:request_detail", args=[lmn.pk]),
    )


@dashboards.register(Role.PROVIDER)
def letters_to_sign(user) -> dashboards.Panel | None:
    provider = getattr(user, "provider", None)
    if provider is None:
        return None
    waiting = selectors.to_sign(provider)
    return dashboards.Panel(
        title="Letters waiting for my signature",
        items=[_item(lmn) for lmn in waiting[:10]],
        count=bounded_count(waiting),
        link=("All my letters", reverse("letters:worklist")),
        empty="No letters to sign.",
    )


@dashboards.register(Role.FRONT_DESK)
def letters_to_draft(user) -> dashboards.Panel:
    waiting = selectors.to_draft()
    return dashboards.Panel(
        title="Letters of medical necessity to draft",
        items=[_item(lmn) for lmn in waiting[:10]],
        count=bounded_count(waiting),
        link=("Letters worklist", reverse("letters:worklist")),
        empty="No letter requests waiting for a draft.",
    )


@dashboards.register(Role.FRONT_DESK)
def letters_to_follow_up(user) -> dashboards.Panel:
    due = selectors.to_follow_up(today=timezone.localdate())
    return dashboards.Panel(
        title="Letters to follow up with the payer",
        items=[
            (
                f"#{lmn.pk} {lmn.patient} — {lmn.payer}, sent {lmn.submitted_on:%m/%d/%Y}",
                reverse("letters:request_detail", args=[lmn.pk]),
            )
            for lmn in due[:10]
        ],
        count=bounded_count(due),
        link=("Letters worklist", reverse("letters:worklist")),
        empty="No payer answers overdue.",
    )
