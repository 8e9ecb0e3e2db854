"""Reads for the worklist and the billing dashboard: a fixed number of queries however many rows."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from billing import rules as billing_rules
from billing.models import Claim, ClaimLine
from letters.models import Letter, LMNRequest
from palliative.models import Encounter, Payer

from . import carc, deadlines, rules, x835
from .models import Appeal, ClaimPayment, Denial, LinePayment, PayerAppealWindow, ReasonCode, Remittance

ACP_CODES = ("99497", "99498")


@dataclass(frozen=True)
class CodeTexts:
    """The words for a page's CARCs and RARCs on one date (the date the payer sent them): the
    description loaded from X12's list (ReasonCode) when the code is active on that date, else
    the curated table in appeals/carc.py, else carc.py's "not in the app's code list" text."""

    on: date
    loaded: dict[tuple[str, str], str]

    def carc(self, code: str) -> str:
        return self.loaded.get((ReasonCode.List.CARC, carc.normalize(code))) or carc.carc_for(code, self.on).meaning

    def rarc(self, code: str) -> str:
        return self.loaded.get((ReasonCode.List.RARC, carc.normalize(code))) or carc.rarc_meaning(code)

    def rarcs(self, codes) -> list[tuple[str, str]]:
        return [(code, self.rarc(code)) for code in codes]

    def carc_letter(self, code: str) -> str:
        """For a letter: as carc(), but a code in neither list is a gap for the writer to fill,
        never the raw code (carc.carc_letter_text), and a loaded description is quoted without
        X12's usage notes."""
        loaded = self.loaded.get((ReasonCode.List.CARC, carc.normalize(code)))
        return carc.code_list_letter_text(loaded) if loaded else carc.carc_letter_text(code)

    def adjustment(self, group: str, reason: str) -> str:
        return carc.adjustment_words(group, reason, self.carc(reason))


def reason_code_texts(*, on: date, carcs=(), rarcs=()) -> CodeTexts:
    """The texts of these codes on `on`, the loaded ones read in one query whatever their number
    (a page gathers its codes first)."""
    carcs = {carc.normalize(c) for c in carcs} - {""}
    rarcs = {carc.normalize(r) for r in rarcs} - {""}
    loaded = {}
    if carcs or rarcs:
        rows = (
            ReasonCode.objects.filter(
                Q(code_list=ReasonCode.List.CARC, code__in=carcs) | Q(code_list=ReasonCode.List.RARC, code__in=rarcs),
                start_date__lte=on,
            )
            .filter(Q(stop_date__isnull=True) | Q(stop_date__gt=on))
            .values_list("code_list", "code", "description")
        )
        loaded = {(code_list, code): description for code_list, code, description in rows}
    return CodeTexts(on=on, loaded=loaded)


def denial_code_texts(denial: Denial) -> CodeTexts:
    """The texts of a denial's CARC and RARCs on its notice date."""
    return reason_code_texts(on=denial.notice_date, carcs=[denial.carc], rarcs=denial.rarcs)


def remittance_code_texts(remittance: Remittance, payments) -> CodeTexts:
    """The texts of every CARC and RARC on a remittance's payments and their lines (prefetched),
    on its notice date."""
    carcs, rarcs = set(), set()
    for payment in payments:
        for row in [payment, *payment.lines.all()]:
            carcs.update(a.get("reason", "") for a in row.adjustments)
            rarcs.update(row.remarks)
    return reason_code_texts(on=remittance.notice_date, carcs=carcs, rarcs=rarcs)


def claims_denial_facts(claim_ids) -> dict[int, list[billing_rules.DenialFacts]]:
    """The denials of each claim as billing decides its status from them (registered in
    apps.py), for a batch of claims in one query."""
    last_decision = Appeal.objects.filter(denial=OuterRef("pk"), status__in=Appeal.DECIDED).order_by(
        "-decided_on", "-id"
    )
    rows = Denial.objects.filter(claim_id__in=claim_ids).annotate(
        last_decision=Subquery(last_decision.values("status")[:1])
    )
    facts: dict[int, list[billing_rules.DenialFacts]] = {}
    for row in rows.order_by("id").values("claim_id", "claim_line_id", "status", "last_decision"):
        facts.setdefault(row["claim_id"], []).append(
            billing_rules.DenialFacts(
                state=rules.denial_state_for_claim(status=row["status"], last_decision=row["last_decision"]),
                line=row["claim_line_id"],
            )
        )
    return facts


def worklist(
    *,
    payer=None,
    category: str = "",
    owner: str = "",
    level: str = "",
    carc_code: str = "",
    acp: bool = False,
    scope: str = "open",
):
    """Denials to work, each with its current appeal, sorted by the next date that matters
    (Denial.next_due, stored by the services: rules.denial_next_due), no date last.

    The sort walks an index on (next_due, id) for the active denials (or (status, next_due, id)
    for one status) and stops at the page; the current appeal's columns are subqueries computed
    for the rows of the page only.
    """
    current = Appeal.objects.filter(denial=OuterRef("pk")).exclude(status=Appeal.Status.WITHDRAWN).order_by("-id")
    rows = (
        # prefetched, not joined: PostgreSQL would join every active denial before sorting
        Denial.objects.prefetch_related("claim__patient", "payer", "owner", "claim_line").annotate(
            appeal_id=Subquery(current.values("id")[:1]),
            appeal_level=Subquery(current.values("level")[:1]),
            appeal_status=Subquery(current.values("status")[:1]),
            appeal_deadline_current=Subquery(current.values("deadline")[:1]),
            appeal_decision_due=Subquery(current.values("decision_due")[:1]),
        )
    )
    if scope == "open":
        rows = rows.filter(status__in=Denial.ACTIVE)
    elif scope in Denial.Status.values:
        rows = rows.filter(status=scope)
    if payer:
        rows = rows.filter(payer=payer)
    if category:
        rows = rows.filter(category=category)
    if carc_code:
        rows = rows.filter(carc=carc_code)
    if acp:
        rows = rows.filter(claim_line__procedure_code__in=ACP_CODES)
    if owner == "none":
        rows = rows.filter(owner__isnull=True)
    elif owner:
        rows = rows.filter(owner_id=owner)
    if level == "none":
        rows = rows.filter(appeal_id__isnull=True)
    elif level:
        rows = rows.filter(appeal_level=level)
    return rows.order_by(F("next_due").asc(nulls_last=True), "id")


def appeal_rows(*, level: str = "", outcome: str = "", recovered: bool = False):
    rows = Appeal.objects.select_related("denial__payer", "denial__claim__patient", "owner")
    if level:
        rows = rows.filter(level=level)
    if outcome == "decided":
        rows = rows.filter(status__in=Appeal.DECIDED)
    elif outcome == "won":
        rows = rows.filter(status__in=[Appeal.Status.OVERTURNED, Appeal.Status.PARTIALLY])
    elif outcome in Appeal.Status.values:
        rows = rows.filter(status=outcome)
    if recovered:
        rows = rows.filter(amount_recovered__gt=0)
    return rows.order_by("-decided_on", "-id")


def claims_in_bucket(*, bucket: str, today: date):
    """Open claims whose age since submission falls in the A/R bucket labelled `bucket`."""
    from datetime import timedelta

    rows = Claim.objects.filter(status__in=Claim.RECEIVABLE).select_related("patient", "coverage__payer")
    for low, high, label in rules.AGE_BUCKETS:
        if label == bucket:
            rows = rows.filter(submitted_at__date__lte=today - timedelta(days=low))
            if high is not None:
                rows = rows.filter(submitted_at__date__gte=today - timedelta(days=high))
            return rows.order_by("submitted_at", "id")
    return rows.none()


@dataclass
class Bar:
    label: str
    value: float | int | None
    url: str
    detail: str = ""
    width: float = 0


@dataclass
class Dashboard:
    denial_rate_by_payer: list[Bar] = field(default_factory=list)
    denials_by_category: list[Bar] = field(default_factory=list)
    top_carcs: list[Bar] = field(default_factory=list)
    success_by_level: list[Bar] = field(default_factory=list)
    claims_by_age: list[Bar] = field(default_factory=list)
    amount_recovered: object = 0
    recovered_url: str = ""
    median_days_to_decision: float | None = None
    decided_url: str = ""
    acp_denial_rate: float | None = None
    acp_detail: str = ""
    acp_url: str = ""
    lmn: dict = field(default_factory=dict)


def _scaled(bars: list[Bar], maximum: float | None = None) -> list[Bar]:
    top = maximum or max((b.value or 0 for b in bars), default=0)
    for bar in bars:
        bar.width = round((bar.value or 0) * 100 / top, 1) if top else 0
    return bars


def _list_url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


def dashboard(*, today: date) -> Dashboard:
    board = Dashboard()

    # Denial rate by payer: claims with at least one denial / claims the payer adjudicated.
    adjudicated = (
        ClaimPayment.objects.filter(claim__isnull=False, remittance__payer__isnull=False)
        .values("remittance__payer", "remittance__payer__name")
        .annotate(claims=Count("claim", distinct=True))
    )
    denied = dict(
        Denial.objects.values("payer").annotate(claims=Count("claim", distinct=True)).values_list("payer", "claims")
    )
    board.denial_rate_by_payer = _scaled(
        [
            Bar(
                row["remittance__payer__name"],
                rules.percent(denied.get(row["remittance__payer"], 0), row["claims"]),
                _list_url("appeals:denial_list", payer=row["remittance__payer"], scope="all"),
                f"{denied.get(row['remittance__payer'], 0)} of {row['claims']} claims",
            )
            for row in adjudicated.order_by("remittance__payer__name")
        ],
        100,
    )

    total_denials = Denial.objects.count()
    by_category = dict(Denial.objects.values("category").annotate(n=Count("id")).values_list("category", "n"))
    board.denials_by_category = _scaled(
        [
            Bar(
                label,
                by_category.get(key, 0),
                _list_url("appeals:denial_list", category=key, scope="all"),
                f"{rules.percent(by_category.get(key, 0), total_denials) or 0}% of denials",
            )
            for key, label in carc.CATEGORIES.items()
        ]
    )

    top = list(
        Denial.objects.values("group_code", "carc")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by("-n", "carc")[:8]
    )
    texts = reason_code_texts(on=today, carcs=[row["carc"] for row in top])
    board.top_carcs = _scaled(
        [
            Bar(
                f"{row['group_code']}-{row['carc']}",
                row["n"],
                _list_url("appeals:denial_list", carc=row["carc"], scope="all"),
                f"${row['amount']:,.2f} · {texts.carc(row['carc'])}",
            )
            for row in top
        ]
    )

    decided = (
        Appeal.objects.filter(status__in=Appeal.DECIDED)
        .values("level")
        .annotate(n=Count("id"), won=Count("id", filter=~Q(status=Appeal.Status.UPHELD)))
    )
    decided_by_level = {row["level"]: row for row in decided}
    board.success_by_level = _scaled(
        [
            Bar(
                deadlines.LEVEL_LABELS[level],
                rules.percent(decided_by_level[level]["won"], decided_by_level[level]["n"]),
                _list_url("appeals:appeal_list", level=level, outcome="decided"),
                f"{decided_by_level[level]['won']} won of {decided_by_level[level]['n']} decided",
            )
            for level in deadlines.LEVELS
            if level in decided_by_level
        ],
        100,
    )

    board.amount_recovered = Appeal.objects.aggregate(total=Sum("amount_recovered"))["total"] or 0
    board.recovered_url = _list_url("appeals:appeal_list", recovered="1")
    board.median_days_to_decision = _median_days_to_decision()
    board.decided_url = _list_url("appeals:appeal_list", outcome="decided")

    counts = _claims_by_age(today)
    board.claims_by_age = _scaled(
        [
            Bar(label, count, _list_url("appeals:claim_age_list", bucket=label), f"{count} open claim(s)")
            for label, count in counts.items()
        ]
    )

    acp_lines = LinePayment.objects.filter(claim_line__procedure_code__in=ACP_CODES)
    acp_total = acp_lines.values("claim_line").distinct().count()
    acp_denied = Denial.objects.filter(claim_line__procedure_code__in=ACP_CODES).values("claim_line").distinct().count()
    board.acp_denial_rate = rules.percent(acp_denied, acp_total)
    board.acp_detail = f"{acp_denied} of {acp_total} ACP lines adjudicated"
    board.acp_url = _list_url("appeals:denial_list", acp="1", scope="all")
    board.lmn = lmn_turnaround()
    return board


def _claims_by_age(today: date) -> dict[str, int]:
    """Open claims per rules.AGE_BUCKETS of days since submission, counted in one aggregate."""
    open_claims = Claim.objects.filter(status__in=Claim.RECEIVABLE, submitted_at__isnull=False)
    buckets = {}
    for low, high, label in rules.AGE_BUCKETS:
        condition = Q(submitted_at__date__lte=today - timedelta(days=low))
        if high is not None:
            condition &= Q(submitted_at__date__gte=today - timedelta(days=high))
        buckets[label] = Count("id", filter=condition)
    return open_claims.aggregate(**buckets)


def _median_days_to_decision() -> float | None:
    """rules.median of the days from denial notice to appeal decision, as PostgreSQL's
    percentile_cont(0.5) (the same midpoint-of-two definition), over decided appeals.

    SQLite (bin/start's demo, a few hundred appeals) has no percentile_cont: there the days are
    read and rules.median takes the middle in Python."""
    if connection.vendor != "postgresql":
        decided = Appeal.objects.filter(status__in=Appeal.DECIDED, decided_on__isnull=False)
        return rules.median(
            [
                (decided_on - noticed).days
                for decided_on, noticed in decided.values_list("decided_on", "denial__notice_date")
            ]
        )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a.decided_on - d.notice_date)
            FROM appeals_appeal a JOIN appeals_denial d ON d.id = a.denial_id
            WHERE a.status = ANY(%s) AND a.decided_on IS NOT NULL
            """,
            [list(Appeal.DECIDED)],
        )
        return cursor.fetchone()[0]


def lmn_turnaround() -> dict:
    """Median days from an LMN request to its first signed letter, and from signing to the
    payer's decision: one query, the medians taken by PostgreSQL (percentile_cont(0.5), the
    midpoint of the two middle values, as rules.median), days counted in the practice's time zone.
    SQLite (bin/start's demo) has no percentile_cont: there rules.median takes the middles."""
    if connection.vendor != "postgresql":
        return _lmn_turnaround_in_python()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH signed AS (
                SELECT (r.created_at AT TIME ZONE %(tz)s)::date AS requested,
                       (min(l.signed_at) AT TIME ZONE %(tz)s)::date AS signed,
                       r.response_on AS answered
                FROM letters_lmnrequest r JOIN letters_letter l ON l.lmn_request_id = r.id
                WHERE l.signed_at IS NOT NULL
                GROUP BY r.id
            )
            SELECT count(*),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY signed - requested),
                   count(answered),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY answered - signed) FILTER (WHERE answered IS NOT NULL)
            FROM signed
            """,
            {"tz": settings.TIME_ZONE},
        )
        signed, to_signed, decided, to_decision = cursor.fetchone()
    return {
        "to_signed": to_signed,
        "to_decision": to_decision,
        "detail": f"{signed} signed, {decided} decided",
        "url": reverse("letters:worklist"),
    }


def _lmn_turnaround_in_python() -> dict:
    rows = (
        LMNRequest.objects.annotate(first_signed=Min("letters__signed_at"))
        .filter(first_signed__isnull=False)
        .values_list("created_at", "first_signed", "response_on")
    )
    to_signed, to_decision = [], []
    for created_at, first_signed, answered in rows:
        requested, signed = timezone.localdate(created_at), timezone.localdate(first_signed)
        to_signed.append((signed - requested).days)
        if answered is not None:
            to_decision.append((answered - signed).days)
    return {
        "to_signed": rules.median(to_signed),
        "to_decision": rules.median(to_decision),
        "detail": f"{len(to_signed)} signed, {len(to_decision)} decided",
        "url": reverse("letters:worklist"),
    }


@dataclass
class Reconciliation:
    """The deposit against the postings (005010X221A1 §1.10.2.1.3): BPR02 = ΣCLP04 − ΣPLB."""

    claim_payments: Decimal
    provider_adjustments: Decimal
    deposit: Decimal

    @property
    def expected(self) -> Decimal:
        return self.claim_payments - self.provider_adjustments

    @property
    def balanced(self) -> bool:
        return self.expected == self.deposit


def remittance_reconciliation(remittance: Remittance) -> Reconciliation:
    paid = remittance.claim_payments.aggregate(total=Sum("paid"))["total"] or Decimal("0")
    adjusted = sum((Decimal(row["amount"]) for row in remittance.provider_adjustments), Decimal("0"))
    return Reconciliation(claim_payments=paid, provider_adjustments=adjusted, deposit=remittance.payment_amount)


def credit_balance_claims():
    """Claims the payers paid more than their charge: a credit balance, a refund due to the payer
    (CMS IOM 100-04 ch. 1 §70 / 42 CFR 401.305: an identified overpayment is reported and
    returned within 60 days). Each row carries `charge` and `credit` (paid − charge)."""
    charged = Claim.objects.filter(pk=OuterRef("pk")).annotate(total=Sum("lines__charge")).values("total")[:1]
    return (
        Claim.objects.annotate(charge=Subquery(charged))
        .filter(paid_amount__gt=F("charge"))
        .annotate(credit=F("paid_amount") - F("charge"))
        .select_related("patient", "coverage__payer")
        .order_by("-credit", "pk")
    )


# --- Reads for posting and for appeal letters ---------------------------------------------------


def payer_window_days(payer: Payer, level: str) -> int | None:
    """The payer's own, shorter window for `level`, if its profile has one (PayerAppealWindow)."""
    window = PayerAppealWindow.objects.filter(payer=payer, level=level).first()
    return window.days if window else None


def payer_for_remittance(payment: x835.Remittance) -> Payer | None:
    """The payer of an 835 payment: by its payer id (N1*PR REF*2U), else by its name."""
    if payment.payer_id:
        found = Payer.objects.filter(payer_id=payment.payer_id).first()
        if found:
            return found
    return Payer.objects.filter(name__iexact=payment.payer_name).first()


def appeal_signed_lmn(*, appeal: Appeal) -> Letter | None:
    """The latest signed letter of medical necessity of the appeal's LMN request, if any."""
    if appeal.lmn_request_id is None:
        return None
    return (
        Letter.objects.filter(lmn_request_id=appeal.lmn_request_id, signed_at__isnull=False)
        .order_by("-version")
        .first()
    )


def denial_lines(denial: Denial) -> list[ClaimLine]:
    """The claim lines a denial is about: its own line, or every line for a claim-level denial."""
    if denial.claim_line_id:
        return [denial.claim_line]
    return list(denial.claim.lines.order_by("line_number"))


def denial_encounters(denial: Denial) -> list[Encounter]:
    """The visits behind the denied lines (and the claim's own visit), oldest first."""
    ids = {line.encounter_id for line in denial_lines(denial) if line.encounter_id}
    if denial.claim.encounter_id:
        ids.add(denial.claim.encounter_id)
    return list(Encounter.objects.filter(pk__in=ids).order_by("date_of_service", "id"))


# --- Reads for pages of other apps ------------------------------------------------------------


def patient_open_denials(patient) -> list[Denial]:
    """The patient's open and appealing denials, for the patient page (one query)."""
    return list(
        Denial.objects.filter(claim__patient=patient, status__in=Denial.ACTIVE).order_by("appeal_deadline", "id")
    )


def lmn_appeals(lmn_request) -> list[Appeal]:
    """The appeals that rely on a letter of medical necessity (one query)."""
    return list(Appeal.objects.filter(lmn_request=lmn_request).order_by("id"))
