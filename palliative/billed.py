"""What the practice core asks billing about a visit's claims, without importing billing.

Palliative is the bottom layer: billing imports it, never the other way. Billing registers,
in its AppConfig.ready() (billing/dashboards.py), two callables:

- `sent_claims(record)`: the claims already sent to a payer (submitted or later, not replaced
  or voided) that bill `record`, an Encounter or an ACPSession, as plain labels;
- `flag_for_correction(record, note, by)`: flag those claims for a corrected claim and return
  their labels. Only billing changes a claim (tests/test_claim_ownership.py).

Without billing installed no visit is billed, so both answer with nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Hooks:
    sent_claims: Callable[..., list[str]]
    flag_for_correction: Callable[..., list[str]]


_hooks: list[Hooks] = []


def register(*, sent_claims: Callable[..., list[str]], flag_for_correction: Callable[..., list[str]]) -> Hooks:
    hooks = Hooks(sent_claims=sent_claims, flag_for_correction=flag_for_correction)
    if hooks not in _hooks:
        _hooks.append(hooks)
    return hooks


def sent_claims(record) -> list[str]:
    return [label for hooks in _hooks for label in hooks.sent_claims(record)]


def flag_for_correction(record, *, note: str, by) -> list[str]:
    return [label for hooks in _hooks for label in hooks.flag_for_correction(record, note=note, by=by)]
