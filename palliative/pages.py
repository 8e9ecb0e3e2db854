"""One way for an app to add to a page it does not own: navigation, the patient page, the
home page, the page of a denied LMN request.

An app registers entries in its AppConfig.ready() (each app's dashboards.py):

    pages.register(
        pages.PATIENT_SECTION,
        template="billing/_patient_section.html",
        roles=(Role.BILLING, Role.ADMIN),
        context=lambda user, patient: {"claims": selectors.patient_claims(patient)},
    )

An entry is a template, a context builder fed by a selector (called by the page's view, with
the user and the page's objects; it may return None to show nothing) and the roles that see
it. The owning view asks `pages.entries(slot, user, **objects)` and its template renders them
with `{% render_entry entry %}`, so core templates never name another app and template tags
never query: every query runs in a view, where the page's query count is measured.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

NAVIGATION = "navigation"  # an item of the top menu; no context
PATIENT_SECTION = "patient_section"  # a card on the patient page; context(user, patient=...)
HOME_PANEL = "home_panel"  # a panel on the home page; context(user)
DENIED_LMN_ACTION = "denied_lmn_action"  # links on a denied LMN request; context(user, lmn_request=...)


@dataclass(frozen=True)
class Entry:
    slot: str
    template: str
    roles: frozenset[str]
    context: Callable[..., dict | None] | None = None
    order: int = 100


@dataclass(frozen=True)
class Rendered:
    """An entry ready for its template: `{% render_entry entry %}` adds `context` to the page's."""

    template: str
    context: dict = field(default_factory=dict)


_entries: dict[str, list[Entry]] = {}


def register(
    slot: str,
    *,
    template: str,
    roles: Iterable[str],
    context: Callable[..., dict | None] | None = None,
    order: int = 100,
) -> Entry:
    entry = Entry(slot=slot, template=template, roles=frozenset(roles), context=context, order=order)
    entries = _entries.setdefault(slot, [])
    if entry not in entries:
        entries.append(entry)
        entries.sort(key=lambda e: e.order)
    return entry


def unregister(entry: Entry) -> None:
    _entries.get(entry.slot, []).remove(entry)


def entries(slot: str, user, **objects) -> list[Rendered]:
    """The slot's entries `user` may see, each with its context built (in registration order)."""
    shown = []
    for entry in _entries.get(slot, []):
        if not user.has_role(*entry.roles):
            continue
        context = entry.context(user, **objects) if entry.context else {}
        if context is not None:
            shown.append(Rendered(template=entry.template, context=context))
    return shown
