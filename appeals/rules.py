"""Pure rules for remittance posting and the billing dashboard: plain values in, plain values out.

Deadlines live in appeals/deadlines.py and CARC/RARC meanings in appeals/carc.py.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from billing import rules as billing_rules

from . import carc


@dataclass(frozen=True)
class BilledLine:
    key: int  # the claim line's id
    procedure_code: str
    modifiers: tuple[str, ...]
    date_of_service: date | None
    units: int = 1
    control_number: str = ""  # the 837P REF*6R the line was sent with


def match_service_line(
    *,
    procedure_code: str,
    modifiers: Sequence[str],
    date_of_service: date | None,
    billed: Sequence[BilledLine],
    taken: set[int] | frozenset[int] = frozenset(),
    control_number: str = "",
) -> int | None:
    """The billed line an 835 service line (SVC) pays, or None.

    The line item control number the payer echoes (2110 REF*6R, "required when present on the
    claim", 005010X221A1) names the line outright, so it is used first. Without it, payers often echo modifiers in another order or drop some (the 835 guide lets the payer
    return the code it adjudicated, 005010X221A1 SVC01/SVC06), so the match goes from strict to
    loose, each time on the same code and date of service (when both sides have one), never
    reusing a line already matched in the same claim payment:
    1. the same set of modifiers, in any order;
    2. the payer's modifiers are a subset of the billed ones (some dropped);
    3. the only remaining line with that code.
    """
    if control_number:
        echoed = [line.key for line in billed if line.key not in taken and line.control_number == control_number]
        if echoed:
            return echoed[0]
    code = procedure_code.strip().upper()
    wanted = {m.strip().upper() for m in modifiers if m.strip()}

    def same_day(line: BilledLine) -> bool:
        return date_of_service is None or line.date_of_service is None or line.date_of_service == date_of_service

    pool = [line for line in billed if line.key not in taken and line.procedure_code.upper() == code and same_day(line)]
    for accept in (
        lambda line_mods: line_mods == wanted,
        lambda line_mods: wanted <= line_mods,
    ):
        found = [line for line in pool if accept({m.upper() for m in line.modifiers})]
        if found:
            return found[0].key
    return pool[0].key if len(pool) == 1 else None


def denial_state_for_claim(*, status: str, last_decision: str | None) -> str:
    """How a denial weighs on its claim's status, in billing's terms (billing.rules.claim_status).

    A denial won by a partly overturned appeal (42 CFR 405.954: the decision may be partly
    favourable) still leaves money denied; a corrected or written-off denial no longer bears on
    the claim's money.
    """
    if status == "won" and last_decision == "partially":
        return billing_rules.DENIAL_WON_IN_PART
    return {
        "open": billing_rules.DENIAL_OPEN,
        "appealing": billing_rules.DENIAL_APPEALING,
        "won": billing_rules.DENIAL_WON,
        "lost": billing_rules.DENIAL_LOST,
        "corrected": billing_rules.DENIAL_CLOSED,
        "written_off": billing_rules.DENIAL_CLOSED,
    }[status]


def denial_next_due(
    *,
    status: str,
    appeal_deadline: date | None,
    appeal_status: str | None = None,
    appeal_filing_deadline: date | None = None,
    appeal_decision_due: date | None = None,
) -> date | None:
    """The next date that matters on a denial, the one its worklist sorts by.

    With a current appeal (the latest one not withdrawn): its filing deadline while it is being
    drafted (deadlines.filing_deadline: 120 days for a Medicare redetermination, 42 CFR
    405.942(a)), the date its decision is due once filed (deadlines.decision_due: 60 days, 42 CFR
    405.950(a)). Otherwise an open denial's own first-level deadline (`appeal_deadline`); a denial
    that is closed, or whose appeal was decided, has no date left (None: it sorts last).
    `status` and `appeal_status` are Denial.Status and Appeal.Status values.
    """
    due = {"drafting": appeal_filing_deadline, "filed": appeal_decision_due}.get(appeal_status or "")
    if due is None and status == "open":
        return appeal_deadline
    return due


# A/R age buckets (days since the claim was submitted), the usual 30-day steps.
AGE_BUCKETS = ((0, 30, "0–30"), (31, 60, "31–60"), (61, 90, "61–90"), (91, 120, "91–120"), (121, None, "120+"))


def age_bucket(days: int) -> str:
    for low, high, label in AGE_BUCKETS:
        if days >= low and (high is None or days <= high):
            return label
    return AGE_BUCKETS[0][2]


def percent(part: int | Decimal, whole: int | Decimal) -> float | None:
    """`part` of `whole` as a percentage rounded to one place; None when there is no whole."""
    if not whole:
        return None
    return round(float(part) * 100 / float(whole), 1)


def median(values: Sequence[int | float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def denial_next_step(*, appeal_status: str | None, route: str) -> str:
    """What the biller does next with a denial on the worklist: its current appeal's step first
    (a drafted appeal is filed, a filed one waits for the decision), else the denial's route
    (appeals.carc.ROUTES: a corrected claim instead of an appeal, nothing when it cannot be
    appealed), else an appeal is started."""
    if appeal_status == "drafting":
        return "File appeal"
    if appeal_status == "filed":
        return "Decision due"
    if route == carc.CORRECTED_CLAIM:
        return "Send corrected claim"
    if route == carc.NOT_APPEALABLE:
        return "Not appealable"
    return "Start appeal"
