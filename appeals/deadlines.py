"""Appeal deadlines, decision clocks and the amount in controversy: pure rules, dates in, dates out.

Conventions (shared/domain.md, "Conventions the app follows"):
- Medicare counts from the date the notice was *received*: the recorded receipt date, else the
  notice date + 5 calendar days (42 CFR 405.942(a)(2): the notice "is presumed to be received
  5 calendar days following the date of the notice unless there is evidence to the contrary").
- Commercial (ACA) counts from receipt without the 5-day presumption: the notice date when no
  receipt is recorded.
- Medicaid (our choice, documented here): the federal floor for managed-care plans, counted from
  the date *on* the notice, because the regulation measures from that date and has no receipt
  presumption. Internal = the plan appeal, 60 calendar days from the date on the adverse benefit
  determination notice (42 CFR 438.402(c)(2)(ii)); external = the State fair hearing, 120
  calendar days from the date of the plan's notice of resolution (42 CFR 438.408(f)(2)).
  Fee-for-service Medicaid provider appeals are set by each State: enter the State's shorter
  window as a payer profile (`payer_window_days`). Medicare's five levels do not exist for
  Medicaid and are refused.
- Medicare Advantage (Part C) follows 42 CFR 422 subpart M, not Part 405: the plan's
  reconsideration within 65 calendar days from the date of the notice of the organization
  determination (422.582(a), 60 days until 84 FR 15680, applicable 2019-01-01), counted from the
  date on the notice (the 5 receipt days are built into the 65); an upheld reconsideration goes
  to the independent review entity automatically (422.590(a)(2)/(b)(2), 422.592): nothing to
  file; then ALJ (422.602), Appeals Council (422.608) and federal court (422.612). There is no
  MAC redetermination and no ACA external review for an MA plan.
- The result is the last calendar day on which filing is on time; nothing rolls forward over a
  weekend or holiday (none of the cited rules says so).
- A payer profile may shorten any window; the notice's own deadline wins when it is earlier.

Windows and thresholds are data with the date they took effect, so a new year is a new row.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from palliative.errors import DomainError

MEDICARE, MEDICARE_ADV, MEDICAID, COMMERCIAL = "medicare", "medicare_adv", "medicaid", "commercial"
PAYER_TYPES = (MEDICARE, MEDICARE_ADV, MEDICAID, COMMERCIAL)

REDETERMINATION = "redetermination"
RECONSIDERATION = "reconsideration"
PLAN_RECONSIDERATION = "plan_reconsideration"
IRE_REVIEW = "ire_review"
ALJ = "alj"
APPEALS_COUNCIL = "appeals_council"
FEDERAL_COURT = "federal_court"
INTERNAL = "internal"
EXTERNAL = "external"
LEVELS = (
    REDETERMINATION,
    RECONSIDERATION,
    PLAN_RECONSIDERATION,
    IRE_REVIEW,
    ALJ,
    APPEALS_COUNCIL,
    FEDERAL_COURT,
    INTERNAL,
    EXTERNAL,
)

LEVEL_LABELS = {
    REDETERMINATION: "Redetermination (MAC)",
    RECONSIDERATION: "Reconsideration (QIC)",
    PLAN_RECONSIDERATION: "Plan reconsideration (Medicare Advantage)",
    IRE_REVIEW: "Independent review entity (automatic)",
    ALJ: "ALJ hearing (OMHA)",
    APPEALS_COUNCIL: "Appeals Council (DAB)",
    FEDERAL_COURT: "Federal district court",
    INTERNAL: "Internal appeal",
    EXTERNAL: "External review",
}

# The order of levels for each payer type: an upheld decision escalates to the next one.
LADDERS = {
    MEDICARE: (REDETERMINATION, RECONSIDERATION, ALJ, APPEALS_COUNCIL, FEDERAL_COURT),
    MEDICARE_ADV: (PLAN_RECONSIDERATION, IRE_REVIEW, ALJ, APPEALS_COUNCIL, FEDERAL_COURT),
    COMMERCIAL: (INTERNAL, EXTERNAL),
    MEDICAID: (INTERNAL, EXTERNAL),
}

# Medicare presumes a notice is received 5 calendar days after its date (42 CFR 405.942(a)(2)).
MEDICARE_RECEIPT_PRESUMPTION_DAYS = 5

# Levels the payer starts by itself once the previous one is upheld: nothing to file, so the
# "deadline" is the day of the notice that sends the case on (42 CFR 422.590(a)(2), (b)(2)).
AUTOMATIC_LEVELS = frozenset({IRE_REVIEW})

# Reminders before each filing deadline (issue 5: 14, 7, 3 and 1 days before).
REMINDER_OFFSETS = (14, 7, 3, 1)


class DeadlineError(DomainError, ValueError):
    """The inputs do not describe a deadline the rules know (unknown level, bad dates)."""


@dataclass(frozen=True)
class Window:
    payer_type: str
    level: str
    days: int = 0
    months: int = 0
    effective_from: date = date(2005, 5, 1)
    source: str = ""


# Filing windows, newest row per (payer type, level) effective on the notice date wins.
WINDOWS = (
    Window(MEDICARE, REDETERMINATION, days=120, source="42 CFR 405.942(a); 70 FR 11420 (effective 2005-05-01)"),
    Window(MEDICARE, RECONSIDERATION, days=180, source="42 CFR 405.962(a)"),
    Window(MEDICARE, ALJ, days=60, source="42 CFR 405.1014(b)(1)"),
    Window(MEDICARE, APPEALS_COUNCIL, days=60, source="42 CFR 405.1102(a)(1)"),
    Window(MEDICARE, FEDERAL_COURT, days=60, source="42 CFR 405.1130; 405.1136(c)"),
    Window(
        MEDICARE_ADV,
        PLAN_RECONSIDERATION,
        days=60,
        effective_from=date(1999, 1, 1),
        source="42 CFR 422.582(a) (63 FR 35106): 60 days from the date of the notice",
    ),
    Window(
        MEDICARE_ADV,
        PLAN_RECONSIDERATION,
        days=65,
        effective_from=date(2019, 1, 1),
        source="42 CFR 422.582(a) as amended by 84 FR 15680 (applicable 2019-01-01): 65 calendar days from the date of the notice of the organization determination",
    ),
    Window(
        MEDICARE_ADV,
        IRE_REVIEW,
        days=0,
        effective_from=date(1999, 1, 1),
        source="42 CFR 422.590(a)(2), (b)(2); 422.592: the plan forwards an upheld reconsideration to the IRE itself",
    ),
    Window(MEDICARE_ADV, ALJ, days=60, effective_from=date(1999, 1, 1), source="42 CFR 422.602(b)"),
    Window(
        MEDICARE_ADV, APPEALS_COUNCIL, days=60, effective_from=date(1999, 1, 1), source="42 CFR 422.608 (405.1102(a))"
    ),
    Window(MEDICARE_ADV, FEDERAL_COURT, days=60, effective_from=date(1999, 1, 1), source="42 CFR 422.612(b)"),
    Window(
        COMMERCIAL,
        INTERNAL,
        days=180,
        effective_from=date(2010, 9, 23),
        source="45 CFR 147.136(b) with 29 CFR 2560.503-1(h)(3)(i); healthcare.gov internal appeals",
    ),
    Window(
        COMMERCIAL,
        EXTERNAL,
        months=4,
        effective_from=date(2010, 9, 23),
        source="45 CFR 147.136(d); DOL Technical Release 2010-01 (four months, fifth-month rule)",
    ),
    Window(
        MEDICAID,
        INTERNAL,
        days=60,
        effective_from=date(2017, 7, 1),
        source="42 CFR 438.402(c)(2)(ii) (81 FR 27498, contracts from 2017-07-01)",
    ),
    Window(
        MEDICAID,
        EXTERNAL,
        days=120,
        effective_from=date(2017, 7, 1),
        source="42 CFR 438.408(f)(2) (81 FR 27498)",
    ),
)


def _check(payer_type: str, level: str) -> None:
    if payer_type not in PAYER_TYPES:
        raise DeadlineError(f"Unknown payer type {payer_type!r}: use one of {', '.join(PAYER_TYPES)}.")
    if level not in LEVELS:
        raise DeadlineError(f"Unknown appeal level {level!r}: use one of {', '.join(LEVELS)}.")
    if level not in LADDERS[payer_type]:
        raise DeadlineError(f"{LEVEL_LABELS[level]} is not an appeal level for {payer_type} payers.")


def levels_for(payer_type: str) -> tuple[str, ...]:
    if payer_type not in LADDERS:
        raise DeadlineError(f"Unknown payer type {payer_type!r}: use one of {', '.join(PAYER_TYPES)}.")
    return LADDERS[payer_type]


def first_level(payer_type: str) -> str:
    return levels_for(payer_type)[0]


def next_level(payer_type: str, level: str) -> str | None:
    """The level an upheld decision escalates to, or None at the last level."""
    _check(payer_type, level)
    ladder = LADDERS[payer_type]
    position = ladder.index(level)
    return ladder[position + 1] if position + 1 < len(ladder) else None


def window_for(payer_type: str, level: str, on: date) -> Window:
    """The filing window in effect for a notice dated `on`."""
    _check(payer_type, level)
    rows = [w for w in WINDOWS if w.payer_type == payer_type and w.level == level and w.effective_from <= on]
    if not rows:
        raise DeadlineError(f"No {payer_type} {LEVEL_LABELS[level]} window on file for a notice dated {on:%m/%d/%Y}.")
    return max(rows, key=lambda w: w.effective_from)


def receipt_date(payer_type: str, notice_date: date, received_date: date | None = None) -> date:
    """The day the clock starts: Medicare presumes receipt 5 days after the notice date;
    Medicaid and Medicare Advantage count from the date on the notice (42 CFR 438.402(c),
    422.582(a)); commercial uses the recorded receipt, else the notice date."""
    if payer_type not in PAYER_TYPES:
        raise DeadlineError(f"Unknown payer type {payer_type!r}: use one of {', '.join(PAYER_TYPES)}.")
    if received_date is not None and received_date < notice_date:
        raise DeadlineError(
            f"The notice cannot be received ({received_date:%m/%d/%Y}) before its date ({notice_date:%m/%d/%Y})."
        )
    if payer_type in (MEDICAID, MEDICARE_ADV):
        return notice_date
    if received_date is not None:
        return received_date
    if payer_type == MEDICARE:
        return notice_date + timedelta(days=MEDICARE_RECEIPT_PRESUMPTION_DAYS)
    return notice_date


def add_months(start: date, months: int) -> date:
    """The same day `months` later; when that month has no such day, the first day of the
    month after it (DOL Technical Release 2010-01: a notice received October 30 must be
    answered by March 1, since there is no February 30)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    if start.day <= calendar.monthrange(year, month)[1]:
        return date(year, month, start.day)
    return date(year, month + 1, 1)  # December always has a 31st, so month < 12 here


def filing_deadline(
    payer_type: str,
    level: str,
    notice_date: date,
    received_date: date | None = None,
    *,
    notice_deadline: date | None = None,
    payer_window_days: int | None = None,
) -> date:
    """The last calendar day on which an appeal at `level` is filed on time.

    `notice_date` is the date of the notice being appealed (the denial for the first level,
    the previous level's decision after that); `received_date` the recorded receipt, if any.
    `payer_window_days` is the payer profile's own window, used only when it is shorter;
    `notice_deadline` is a date printed on the notice, used only when it is earlier.
    """
    window = window_for(payer_type, level, notice_date)
    if level in AUTOMATIC_LEVELS:
        return notice_date
    start = receipt_date(payer_type, notice_date, received_date)
    deadline = add_months(start, window.months) + timedelta(days=window.days)
    if payer_window_days is not None:
        if payer_window_days <= 0:
            raise DeadlineError("A payer's appeal window must be at least one day.")
        deadline = min(deadline, start + timedelta(days=payer_window_days))
    if notice_deadline is not None:
        if notice_deadline < notice_date:
            raise DeadlineError("The deadline printed on the notice cannot be before the notice's own date.")
        deadline = min(deadline, notice_deadline)
    return deadline


def is_timely(deadline: date, filed_on: date) -> bool:
    return filed_on <= deadline


# --- Decision clocks ----------------------------------------------------------------------

# How long the reviewer has to decide, counted from the day the request is filed.
DECISION_DAYS = {
    (MEDICARE, REDETERMINATION): 60,  # 42 CFR 405.950(a)
    (MEDICARE, RECONSIDERATION): 60,  # 42 CFR 405.970(a)
    (MEDICARE, ALJ): 90,  # 42 CFR 405.1016(a)
    (MEDICARE, APPEALS_COUNCIL): 90,  # 42 CFR 405.1100(c)
    (COMMERCIAL, INTERNAL): 60,  # post-service claim, 29 CFR 2560.503-1(i)(2)(iii)(B)
    (COMMERCIAL, EXTERNAL): 45,  # 45 CFR 147.136(d); healthcare.gov external review
    (MEDICARE_ADV, PLAN_RECONSIDERATION): 60,  # payment request, 42 CFR 422.590(b)(1)
    (MEDICARE_ADV, IRE_REVIEW): 60,  # the IRE keeps the plan's timeframe, 42 CFR 422.592(b)
    (MEDICARE_ADV, ALJ): 90,  # 42 CFR 422.602 with 405.1016(a)
    (MEDICARE_ADV, APPEALS_COUNCIL): 90,  # 42 CFR 422.608 with 405.1100(c)
    (MEDICAID, INTERNAL): 30,  # 42 CFR 438.408(b)(2)
    (MEDICAID, EXTERNAL): 90,  # State fair hearing, 42 CFR 431.244(f)(1)
}
# Expedited (urgent) reviews are decided within 72 hours, and only for care not yet given or
# under way: a pre-service or concurrent-care (urgent care) claim (29 CFR 2560.503-1(m)(1),
# (i)(2)(i); 45 CFR 147.136(b)(3), (d)), Medicaid plans' expedited appeals (42 CFR 438.410,
# 438.408(b)(3)) and MA expedited reconsiderations of a request for a service (42 CFR
# 422.584(a): "an expedited reconsideration ... does not apply to payment requests"). A claim
# denial is post-service: never expedited. Medicare Part B claim appeals have no expedited
# track at all (the QIO reviews of 42 CFR 405.1200 concern ending provider services).
EXPEDITED_DECISION_HOURS = 72
PRE_SERVICE, CONCURRENT, POST_SERVICE = "pre_service", "concurrent", "post_service"
EXPEDITED_LEVELS = {
    COMMERCIAL: (INTERNAL, EXTERNAL),
    MEDICAID: (INTERNAL, EXTERNAL),
    MEDICARE_ADV: (PLAN_RECONSIDERATION, IRE_REVIEW),
}


def expedited_available(payer_type: str, level: str, care: str = POST_SERVICE) -> bool:
    """Whether a 72-hour review exists for `care` (pre_service, concurrent or post_service)."""
    _check(payer_type, level)
    if care not in (PRE_SERVICE, CONCURRENT, POST_SERVICE):
        raise DeadlineError(f"Unknown kind of care {care!r}: use pre_service, concurrent or post_service.")
    return care != POST_SERVICE and level in EXPEDITED_LEVELS.get(payer_type, ())


def decision_due(
    payer_type: str, level: str, filed_on: date, *, expedited: bool = False, care: str = POST_SERVICE
) -> date | None:
    """The day the reviewer's decision is due, or None where no rule sets one (federal court)."""
    _check(payer_type, level)
    if expedited:
        if not expedited_available(payer_type, level, care):
            raise DeadlineError(
                f"{LEVEL_LABELS[level]} has no expedited review for this {payer_type} claim: 72-hour review is only"
                " for care not yet given or still under way, never for a denied claim."
            )
        return filed_on + timedelta(hours=EXPEDITED_DECISION_HOURS)
    days = DECISION_DAYS.get((payer_type, level))
    return None if days is None else filed_on + timedelta(days=days)


# --- Amount in controversy (Medicare ALJ and federal court) -------------------------------


@dataclass(frozen=True)
class Threshold:
    level: str
    effective_from: date
    amount: Decimal
    source: str


# 42 CFR 405.1006(b)-(c): adjusted every calendar year (published in the Federal Register each
# autumn); the threshold of the year the request is filed applies. One row per level and year:
# a year with no row is refused, not guessed from the year before. MA: 42 CFR 422.600(b) and
# 422.612 apply the same figures.
_AIC_NOTICE = "CMS calendar-year AIC adjustment notice (42 CFR 405.1006(b)), CY{year}"
AIC_THRESHOLDS = tuple(
    Threshold(level, date(year, 1, 1), Decimal(amount), source)
    for year, alj, court, source in (
        (2022, "180", "1850", _AIC_NOTICE.format(year=2022)),
        (2023, "180", "1850", _AIC_NOTICE.format(year=2023)),
        (2024, "180", "1850", _AIC_NOTICE.format(year=2024)),
        (2025, "190", "1900", "CMS CY2025 AIC update (shared/domain.md §6.2, NGS levels of appeal)"),
        (2026, "200", "1960", "FR 2025-21879 (CY2026 AIC notice)"),
    )
    for level, amount in ((ALJ, alj), (FEDERAL_COURT, court))
)
AIC_PAYER_TYPES = (MEDICARE, MEDICARE_ADV)


def aic_threshold(level: str, filed_on: date) -> Decimal | None:
    """The amount in controversy a request filed on `filed_on` needs at `level` (None: no minimum)."""
    if level not in LEVELS:
        raise DeadlineError(f"Unknown appeal level {level!r}.")
    rows = [t for t in AIC_THRESHOLDS if t.level == level]
    if not rows:
        return None
    for row in rows:
        if row.effective_from.year == filed_on.year:
            return row.amount
    raise DeadlineError(
        f"No {LEVEL_LABELS[level]} amount-in-controversy threshold on file for {filed_on.year}: add the CY{filed_on.year}"
        " figure from CMS's annual notice (42 CFR 405.1006(b)) before filing."
    )


def amount_in_controversy(*, billed: Decimal, paid: Decimal, patient_responsibility: Decimal = Decimal(0)) -> Decimal:
    """What is still in dispute: the amount charged, less what was paid and less the
    deductible and coinsurance the patient owes (42 CFR 405.1006(d)). Never negative."""
    return max(Decimal(0), billed - paid - patient_responsibility)


def aic_met(payer_type: str, level: str, amount: Decimal, filed_on: date) -> bool:
    """Whether `amount` may go to `level`; only (Original and Advantage) Medicare ALJ and federal
    court have a floor."""
    _check(payer_type, level)
    if payer_type not in AIC_PAYER_TYPES:
        return True
    threshold = aic_threshold(level, filed_on)
    return threshold is None or amount >= threshold


# --- Reminders and worklist highlighting --------------------------------------------------


def reminder_offset_due(deadline: date, today: date) -> int | None:
    """The reminder (days before the deadline) that is due by `today`, or None.

    Only the closest one is returned, so a run after a missed day sends the one that matters
    now rather than every reminder it skipped. None once the deadline has passed.
    """
    if today > deadline:
        return None
    due = [offset for offset in REMINDER_OFFSETS if deadline - timedelta(days=offset) <= today]
    return min(due) if due else None


def urgency(deadline: date | None, today: date) -> str:
    """`overdue` after the deadline, `this_week` within 7 days, `later` otherwise (`none` without one)."""
    if deadline is None:
        return "none"
    if deadline < today:
        return "overdue"
    if deadline <= today + timedelta(days=7):
        return "this_week"
    return "later"
