"""Remittances (835 or paper), the denials they carry, and the appeals that work them.

A remittance is posted once (an 835 payment is identified by the payer and its trace number),
billing posts its money on the claims and lines, and every denied line becomes a `Denial` that
the billing team tracks to its end: appealed (level by level), corrected, or written off. Denials
and appeals move only through `transition_to`; a claim's status and money only through billing
(`billing.services.claim_post_payment` and `claim_settle`).
"""

from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse

from palliative.history import HistoricalRecords
from palliative.models import Payer
from palliative.workflow import Workflow

from . import carc as codes
from . import deadlines, rules, x835

LEVEL_CHOICES = [(level, deadlines.LEVEL_LABELS[level]) for level in deadlines.LEVELS]
CATEGORY_CHOICES = list(codes.CATEGORIES.items())
ROUTE_CHOICES = list(codes.ROUTES.items())
MONEY = {"max_digits": 10, "decimal_places": 2}


class PayerAppealWindow(models.Model):
    """A payer profile's own, shorter window for one appeal level (shared/domain.md: a payer
    profile may shorten any window). A longer one is kept but never extends the rule."""

    payer = models.ForeignKey(Payer, on_delete=models.CASCADE, related_name="appeal_windows")
    level = models.CharField(max_length=20, choices=LEVEL_CHOICES)
    days = models.PositiveIntegerField(help_text="Days from receipt of the notice to file at this level.")
    source = models.CharField(max_length=200, blank=True, help_text="Where the payer says so (contract, manual page).")
    history = HistoricalRecords()

    class Meta:
        ordering = ["payer", "level"]
        constraints = [
            models.UniqueConstraint(fields=["payer", "level"], name="one_window_per_payer_level"),
            models.CheckConstraint(condition=Q(days__gte=1), name="appeal_window_at_least_a_day"),
        ]

    def __str__(self):
        return f"{self.payer}: {self.get_level_display()} {self.days} days"


class Remittance(models.Model):
    """One payment advice from a payer: an 835 transaction or a paper remittance typed in."""

    class Source(models.TextChoices):
        X12_835 = "835", "Electronic remittance (835)"
        PAPER = "paper", "Paper remittance entered by hand"

    source = models.CharField(max_length=5, choices=Source.choices)
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, null=True, blank=True, related_name="remittances")
    payer_name = models.CharField(max_length=120)
    trace_number = models.CharField("check or EFT trace number", max_length=50)
    payer_reference = models.CharField(max_length=50, blank=True, help_text="TRN03: the payer's identifier.")
    payment_amount = models.DecimalField(**MONEY)
    payment_method = models.CharField(max_length=3, blank=True)
    payment_date = models.DateField(null=True, blank=True)
    notice_date = models.DateField(help_text="The date of the remittance notice; appeal deadlines count from it.")
    received_date = models.DateField(null=True, blank=True, help_text="When the notice actually arrived, if known.")
    file_name = models.CharField(max_length=200, blank=True)
    origin = models.CharField(
        max_length=120, blank=True, help_text="For paper: where it came from (mailed EOB, fax, payer portal)."
    )
    content_sha256 = models.CharField(max_length=64, blank=True)
    # PLB rows (005010X221A1 loop "summary"): [{reason, reference, amount}]; BPR02 = claim payments − their sum.
    provider_adjustments = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    posted_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [
            # Importing the same 835 payment twice posts it once.
            models.UniqueConstraint(
                fields=["payer_reference", "trace_number"],
                condition=Q(source="835"),
                name="one_835_payment_per_trace",
            )
        ]

    def __str__(self):
        return f"{self.payer_name} {self.trace_number}"

    def get_absolute_url(self):
        return reverse("appeals:remittance_detail", args=[self.pk])


class RemittanceImport(models.Model):
    """An uploaded 835 file, stored and imported in the background (a Celery task), so no web
    request waits on the X12 checker; its stage is the progress the remittance pages show."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        CHECKING = "checking", "Checking the file"
        POSTING = "posting", "Posting payments"
        DONE = "done", "Imported"
        REFUSED = "refused", "Refused: nothing imported"
        FAILED = "failed", "Failed: nothing imported"

    FINISHED = (Status.DONE, Status.REFUSED, Status.FAILED)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file_name = models.CharField(max_length=200)
    content = models.TextField()
    size = models.PositiveIntegerField(default=0, help_text="Characters in the file.")
    payments = models.PositiveIntegerField(default=0, help_text="ST*835 transactions found.")
    claims = models.PositiveIntegerField(default=0, help_text="CLP claim payments found.")
    summary = models.CharField(max_length=300, blank=True)
    problems = models.JSONField(default=list, blank=True)
    remittances = models.ManyToManyField("Remittance", blank=True, related_name="imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("appeals:remittance_import_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def is_checked(self) -> bool:
        """The file got past the X12 check (posting, or finished after posting)."""
        return self.status in (self.Status.POSTING, self.Status.DONE)

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def problems_shown(self) -> list[str]:
        """The first problems of a refused file (x835.PROBLEMS_SHOWN); `problems_more` counts the rest."""
        return x835.problems_shown(self.problems)[0]

    @property
    def problems_more(self) -> int:
        return x835.problems_shown(self.problems)[1]


class ClaimPayment(models.Model):
    """One claim in a remittance (835 loop 2100, CLP); `claim` is empty when no claim of ours
    carries that patient control number."""

    remittance = models.ForeignKey(Remittance, on_delete=models.CASCADE, related_name="claim_payments")
    claim = models.ForeignKey(
        "billing.Claim", on_delete=models.PROTECT, null=True, blank=True, related_name="remittance_payments"
    )
    patient_control_number = models.CharField(max_length=38)
    status_code = models.CharField(max_length=2, help_text="CLP02: 1 processed as primary, 4 denied, 22 reversal...")
    charge = models.DecimalField(**MONEY)
    paid = models.DecimalField(**MONEY)
    patient_responsibility = models.DecimalField(**MONEY, default=Decimal("0"))
    payer_claim_number = models.CharField(max_length=50, blank=True)
    adjustments = models.JSONField(default=list, blank=True)  # claim-level CAS: [{group, reason, amount}]
    remarks = models.JSONField(default=list, blank=True)  # MOA remark codes
    unmatched_reason = models.CharField(max_length=200, blank=True)
    # The same claim payment (claim, payer claim number, status and amounts) already posted from
    # another remittance: kept for the record and the deposit, never posted twice.
    duplicate_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates")

    class Meta:
        ordering = ["remittance", "id"]

    def __str__(self):
        return f"{self.patient_control_number}: paid {self.paid}"

    @property
    def status_label(self) -> str:
        return codes.claim_status_meaning(self.status_code)


class LinePayment(models.Model):
    """One service line of a claim payment (835 loop 2110, SVC)."""

    claim_payment = models.ForeignKey(ClaimPayment, on_delete=models.CASCADE, related_name="lines")
    claim_line = models.ForeignKey(
        "billing.ClaimLine", on_delete=models.PROTECT, null=True, blank=True, related_name="remittance_lines"
    )
    # SVC01-2 is up to 48 characters (005010X221A1): NDCs (N4), HCPCS, revenue codes...
    procedure_code = models.CharField(max_length=48)
    code_qualifier = models.CharField(max_length=2, blank=True, default="HC", help_text="SVC01-1: HC, N4, ...")
    modifiers = models.JSONField(default=list, blank=True)
    control_number = models.CharField(
        "line item control number", max_length=50, blank=True, help_text="REF*6R: the 837P line's number, echoed."
    )
    date_of_service = models.DateField(null=True, blank=True)
    charge = models.DecimalField(**MONEY)
    paid = models.DecimalField(**MONEY)
    units = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal("1"))
    adjustments = models.JSONField(default=list, blank=True)  # [{group, reason, amount}]
    remarks = models.JSONField(default=list, blank=True)  # LQ*HE remark codes

    class Meta:
        ordering = ["claim_payment", "id"]

    def __str__(self):
        return f"{self.procedure_code}: paid {self.paid}"


class Denial(Workflow):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        APPEALING = "appealing", "Appealing"
        CORRECTED = "corrected", "Corrected claim sent"
        WON = "won", "Won"
        LOST = "lost", "Lost"
        WRITTEN_OFF = "written_off", "Written off"

    S = Status
    # Open denials are appealed, corrected or written off; an appeal ends won or lost, and a
    # lost (or partly won) one can be taken to the next level. A won timely-filing exception
    # closes an open denial directly. Written off can be reopened if money turns up.
    TRANSITIONS = {
        S.OPEN: {S.APPEALING, S.CORRECTED, S.WRITTEN_OFF, S.WON},
        S.APPEALING: {S.WON, S.LOST, S.OPEN},
        S.LOST: {S.APPEALING, S.WRITTEN_OFF},
        S.WON: {S.APPEALING},
        S.CORRECTED: {S.OPEN},
        S.WRITTEN_OFF: {S.OPEN},
    }
    ACTIVE = (S.OPEN, S.APPEALING)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    claim = models.ForeignKey("billing.Claim", on_delete=models.PROTECT, related_name="denials")
    claim_line = models.ForeignKey(
        "billing.ClaimLine", on_delete=models.PROTECT, null=True, blank=True, related_name="denials"
    )
    claim_payment = models.ForeignKey(ClaimPayment, on_delete=models.PROTECT, related_name="denials")
    line_payment = models.OneToOneField(
        LinePayment, on_delete=models.PROTECT, null=True, blank=True, related_name="denial"
    )
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="denials")
    notice_date = models.DateField()
    received_date = models.DateField(null=True, blank=True)
    group_code = models.CharField(max_length=2)
    carc = models.CharField("CARC", max_length=5)
    rarcs = models.JSONField("RARCs", default=list, blank=True)
    amount = models.DecimalField("amount denied", **MONEY)
    category = models.CharField(max_length=20, choices=CATEGORY_CHOICES)
    route = models.CharField(max_length=20, choices=ROUTE_CHOICES)
    appeal_deadline = models.DateField(
        null=True, blank=True, help_text="Last day to file the first-level appeal (none when it cannot be appealed)."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="denials_owned"
    )
    exception_reason = models.CharField(
        max_length=30, blank=True, choices=list(codes.TIMELY_FILING_EXCEPTIONS), help_text="42 CFR 424.44(b)."
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # rules.denial_next_due of the denial and its current appeal, stored so the worklist sorts
    # through an index; kept by the appeals services that move a denial or an appeal
    # (services.denials_next_due_refresh).
    next_due = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["next_due"])

    class Meta:
        ordering = ["appeal_deadline", "id"]
        indexes = [
            models.Index(fields=["status", "appeal_deadline"]),
            # The worklist's sort (ascending puts no date last, as it asks). Only active denials
            # have a date, so the dated start of the index is the open worklist; one status
            # filters through the second.
            models.Index(fields=["next_due", "id"], name="denial_next_due"),
            models.Index(fields=["status", "next_due", "id"], name="denial_status_next_due"),
            models.Index(fields=["payer", "category"]),
            models.Index(fields=["carc"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["claim_payment"], condition=Q(line_payment__isnull=True), name="one_claim_level_denial"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="denial_amount_not_negative"),
        ]

    def __str__(self):
        return f"Denial #{self.pk} {self.group_code}-{self.carc}"

    def get_absolute_url(self):
        return reverse("appeals:denial_detail", args=[self.pk])

    @property
    def code(self) -> str:
        return f"{self.group_code}-{self.carc}"

    @property
    def can_be_appealed(self) -> bool:
        return codes.route_allows_appeal(self.route)

    @property
    def exceptions(self):
        return codes.exceptions_for(self.carc) if self.route == codes.NOT_APPEALABLE else ()

    @property
    def is_not_appealable(self) -> bool:
        return self.route == codes.NOT_APPEALABLE

    @property
    def needs_corrected_claim(self) -> bool:
        return self.route == codes.CORRECTED_CLAIM

    @property
    def needs_new_claim(self) -> bool:
        return self.route == codes.NEW_CLAIM

    @property
    def needs_lmn(self) -> bool:
        return self.route == codes.APPEAL_WITH_LMN

    @property
    def is_medicare(self) -> bool:
        return self.payer is not None and self.payer.payer_type == Payer.PayerType.MEDICARE

    @property
    def is_timely_filing(self) -> bool:
        """CARC 29: the time limit for filing has expired."""
        return codes.normalize(self.carc) == "29"

    @property
    def is_medicare_timely_filing(self) -> bool:
        """CO-29 from Medicare: not an initial determination, so never appealable (42 CFR 405.926(n))."""
        return self.is_medicare and self.is_timely_filing

    @property
    def next_step(self) -> str:
        """The worklist's "next step" words (appeals.rules.denial_next_step), from the current
        appeal's status the worklist annotates as `appeal_status`."""
        return rules.denial_next_step(appeal_status=getattr(self, "appeal_status", None), route=self.route)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_open(self) -> bool:
        """Not worked yet: it can be appealed, corrected or written off."""
        return self.status == self.Status.OPEN

    @property
    def is_lost(self) -> bool:
        return self.status == self.Status.LOST

    @property
    def can_reopen(self) -> bool:
        """Closed outside an appeal (written off, corrected claim sent) and open to reopening."""
        return not self.is_active and self.can_transition_to(self.Status.OPEN)


class Appeal(Workflow):
    class Status(models.TextChoices):
        DRAFTING = "drafting", "Drafting"
        FILED = "filed", "Filed"
        OVERTURNED = "overturned", "Decided: overturned"
        PARTIALLY = "partially", "Decided: partially overturned"
        UPHELD = "upheld", "Decided: upheld"
        WITHDRAWN = "withdrawn", "Withdrawn"

    S = Status
    TRANSITIONS = {
        S.DRAFTING: {S.FILED, S.WITHDRAWN},
        S.FILED: {S.OVERTURNED, S.PARTIALLY, S.UPHELD, S.WITHDRAWN},
        S.OVERTURNED: set(),
        S.PARTIALLY: set(),
        S.UPHELD: set(),
        S.WITHDRAWN: set(),
    }
    DECIDED = (S.OVERTURNED, S.PARTIALLY, S.UPHELD)
    OUTCOMES = DECIDED
    ESCALATABLE = (S.PARTIALLY, S.UPHELD)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFTING)
    denial = models.ForeignKey(Denial, on_delete=models.PROTECT, related_name="appeals")
    level = models.CharField(max_length=20, choices=LEVEL_CHOICES)
    expedited = models.BooleanField(default=False, help_text="Urgent review: the decision is due in 72 hours.")
    previous = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="escalation")
    notice_date = models.DateField(help_text="Date of the notice being appealed (the denial, or the last decision).")
    received_date = models.DateField(null=True, blank=True)
    notice_deadline = models.DateField(
        null=True, blank=True, help_text="A deadline printed on the notice; used when earlier than the rule."
    )
    deadline = models.DateField(help_text="Last day to file on time.")
    filed_on = models.DateField(null=True, blank=True)
    reference = models.CharField("payer's appeal number", max_length=60, blank=True)
    decision_due = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    amount_in_controversy = models.DecimalField(**MONEY, default=Decimal("0"))
    amount_recovered = models.DecimalField(**MONEY, default=Decimal("0"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="appeals_owned"
    )
    # The appeal letter is a letters.Letter (kind "appeal"): drafted here, signed with letters'
    # machinery. A correction is a new version, and the appeal then points at it.
    letter = models.OneToOneField(
        "letters.Letter", on_delete=models.PROTECT, null=True, blank=True, related_name="appeal"
    )
    lmn_request = models.ForeignKey(
        "letters.LMNRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="appeals"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["status", "decision_due"]),
            # the appeals list, latest decision first
            models.Index(fields=["-decided_on", "-id"], name="appeal_latest_decision_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount_recovered__gte=0), name="appeal_recovered_not_negative"),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(filed_on__isnull=False), name="appeal_decided_after_filing"
            ),
        ]

    def __str__(self):
        return f"Appeal #{self.pk} ({self.get_level_display()})"

    def get_absolute_url(self):
        return reverse("appeals:appeal_detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.status in self.DECIDED

    @property
    def next_level(self) -> str | None:
        return deadlines.next_level(self.denial.payer.payer_type, self.level)

    @property
    def can_escalate(self) -> bool:
        return self.status in self.ESCALATABLE and self.next_level is not None and not hasattr(self, "escalation")

    @property
    def is_drafting(self) -> bool:
        """Not filed yet: its letter can still be drafted, corrected and signed."""
        return self.status == self.Status.DRAFTING

    @property
    def won_in_part(self) -> bool:
        return self.status == self.Status.PARTIALLY

    @property
    def is_pending(self) -> bool:
        """Drafting or filed: the appeal still has a date the biller must meet."""
        return self.status in (self.Status.DRAFTING, self.Status.FILED)

    @property
    def next_date(self):
        """The date that matters now: the filing deadline while drafting, then the decision due."""
        return self.deadline if self.status == self.Status.DRAFTING else self.decision_due


class ReasonCode(models.Model):
    """One code of X12's claim adjustment reason code (CARC) or remittance advice remark code
    (RARC) list, as the practice loads it from the list it obtains from X12
    (`manage.py load_reason_codes`). Its description is what a page and a letter say for the
    code while it is active (`appeals.selectors.reason_code_texts`); the category and route of a
    denial stay those of the curated table in appeals/carc.py."""

    class List(models.TextChoices):
        CARC = "carc", "Claim adjustment reason codes (CARC)"
        RARC = "rarc", "Remittance advice remark codes (RARC)"

    code_list = models.CharField("list", max_length=4, choices=List.choices)
    code = models.CharField(max_length=10)
    description = models.TextField()
    start_date = models.DateField()
    last_modified = models.DateField(null=True, blank=True)
    stop_date = models.DateField(null=True, blank=True, help_text="Not to be used from this date; empty: active.")
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["code_list", "code"]
        constraints = [models.UniqueConstraint(fields=["code_list", "code"], name="reason_code_once_per_list")]

    def __str__(self):
        return f"{self.code_list.upper()} {self.code}"


class DashboardSnapshot(models.Model):
    """The billing dashboard's figures as last computed, with when.

    Aggregating every denial, appeal, payment and claim takes seconds at a network's size, so
    appeals.tasks.refresh_dashboard recomputes them every few minutes and the page reads this row
    (and says "as of" when).
    """

    key = models.CharField(max_length=40, unique=True)
    figures = models.JSONField(encoder=DjangoJSONEncoder)
    computed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.key} dashboard as of {self.computed_at:%m/%d/%Y %H:%M}"
