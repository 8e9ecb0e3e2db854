"""Claims and their lines, the fee schedule and export batches.

A claim moves only through `transition_to` along `Claim.TRANSITIONS`. A submitted claim is
never edited: it is corrected by a replacement (frequency code 7) or cancelled by a void (8),
each a new claim pointing at the original (X12 837P CLM05-3; NUCC 1500 item 22).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from palliative.history import HistoricalRecords
from palliative.models import ACPSession, Coverage, Encounter, Patient, Payer, Provider
from palliative.workflow import Workflow


class FeeSchedule(models.Model):
    """The practice's charge for one unit of a code, optionally for one payer type, dated."""

    code = models.CharField("CPT/HCPCS code", max_length=5)
    payer_type = models.CharField(
        max_length=12, choices=Payer.PayerType.choices, blank=True, help_text="Blank: every payer type."
    )
    unit_charge = models.DecimalField(max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    description = models.CharField(max_length=120, blank=True)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "payer_type", "-effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(unit_charge__gte=0), name="fee_not_negative"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="fee_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.code} ${self.unit_charge}"


class Claim(Workflow):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        READY = "ready", "Ready to export"
        SUBMITTED = "submitted", "Submitted"
        PAID = "paid", "Paid"
        PARTIALLY_PAID = "partially_paid", "Partially paid"
        DENIED = "denied", "Denied"
        APPEALED = "appealed", "Appealed"
        REPLACED = "replaced", "Replaced"
        VOID = "void", "Void"

    class Frequency(models.TextChoices):
        ORIGINAL = "1", "Original"
        REPLACEMENT = "7", "Replacement of a prior claim"
        VOID = "8", "Void of a prior claim"

    S = Status
    # Sent to the payer: waiting for its answer or answered (billing.rules.SENT_STATUSES).
    SENT = frozenset({S.SUBMITTED, S.PAID, S.PARTIALLY_PAID, S.DENIED, S.APPEALED})
    # Among the sent statuses the money decides (billing.rules.claim_status, applied only by
    # billing.services.claim_post_payment and claim_settle): a payment, a reversal (835 CLP02
    # 22) or a denial's appeal can take a sent claim to any other sent status. A sent claim is
    # corrected by a replacement or cancelled by a void (not while an appeal is under way); a
    # replaced or voided claim is final.
    TRANSITIONS = {
        S.DRAFT: {S.READY, S.VOID},
        S.READY: {S.DRAFT, S.SUBMITTED, S.VOID},
        S.SUBMITTED: {S.PAID, S.PARTIALLY_PAID, S.DENIED, S.APPEALED, S.REPLACED, S.VOID},
        S.PAID: {S.SUBMITTED, S.PARTIALLY_PAID, S.DENIED, S.APPEALED, S.REPLACED, S.VOID},
        S.PARTIALLY_PAID: {S.SUBMITTED, S.PAID, S.DENIED, S.APPEALED, S.REPLACED, S.VOID},
        S.DENIED: {S.SUBMITTED, S.PAID, S.PARTIALLY_PAID, S.APPEALED, S.REPLACED, S.VOID},
        S.APPEALED: {S.SUBMITTED, S.PAID, S.PARTIALLY_PAID, S.DENIED, S.REPLACED},
        S.REPLACED: set(),
        S.VOID: set(),
    }
    # Sent and not settled: money still due from the payer, counted in accounts receivable.
    RECEIVABLE = frozenset({S.SUBMITTED, S.PARTIALLY_PAID, S.DENIED, S.APPEALED})
    EDITABLE = {S.DRAFT}
    OPEN = {S.DRAFT, S.READY, S.DENIED, S.APPEALED, S.PARTIALLY_PAID}
    # Statuses in which the claim still counts as billed (for duplicate checks).
    ACTIVE = {S.DRAFT, S.READY, S.SUBMITTED, S.PAID, S.PARTIALLY_PAID, S.DENIED, S.APPEALED}

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="claims")
    coverage = models.ForeignKey(Coverage, on_delete=models.PROTECT, null=True, blank=True, related_name="claims")
    rendering_provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="claims")
    encounter = models.ForeignKey(Encounter, on_delete=models.PROTECT, null=True, blank=True, related_name="claims")
    place_of_service = models.CharField(max_length=2)
    frequency_code = models.CharField(max_length=1, choices=Frequency.choices, default=Frequency.ORIGINAL)
    original_claim = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    payer_claim_number = models.CharField(
        "payer claim control number",
        max_length=50,
        blank=True,
        help_text="The payer's number for this claim (from the remittance); a replacement or void quotes it.",
    )
    patient_control_number = models.CharField(max_length=20, unique=True, null=True, blank=True)
    # Ordered: the first is the principal (first-listed) diagnosis; up to 12 on an 837P.
    diagnosis_codes = models.JSONField(default=list)
    # Net of reversals; posted only by billing.services.claim_post_payment.
    paid_amount = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    adjusted_amount = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        help_text="Payer adjustments on no line of ours: claim-level CAS, unmatched service lines.",
    )
    # Set by billing.services.claim_flag_for_correction when the documentation this claim billed
    # was amended after it was sent; cleared when a replacement or void is built.
    correction_flag = models.CharField(max_length=300, blank=True)
    correction_flagged_at = models.DateTimeField(null=True, blank=True)
    # Why the payer returned this claim as unprocessable (RARC MA130 or N517, or a CARC that
    # appeals.carc.denial_route sends to a new claim), in the clerk's words; empty while the payer
    # processed it. Set and cleared only by billing.services.claims_post_payments from the
    # remittance's answer. Such a claim was never adjudicated: it has no appeal rights and is not
    # reopened; it is fixed and sent again as a new claim (IOM 100-04 ch.1 §80.3.2).
    unprocessable_reason = models.CharField(max_length=200, blank=True)
    scrub_errors = models.PositiveIntegerField(default=0)
    scrub_warnings = models.PositiveIntegerField(default=0)
    scrubbed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["patient", "status"]),
            # the claims worklist, newest first, unfiltered
            models.Index(fields=["-created_at", "-id"], name="claim_newest_idx"),
            # the to-bill list asks, per encounter, whether an active claim exists
            models.Index(fields=["encounter", "status"], name="claim_encounter_status_idx"),
            # a patient's latest claims (patient page): without it the newest-first index is
            # walked across every patient's claims
            models.Index(fields=["patient", "-created_at", "-id"], name="claim_patient_newest_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(paid_amount__gte=0), name="claim_paid_not_negative"),
            models.CheckConstraint(
                condition=Q(frequency_code="1") | Q(original_claim__isnull=False),
                name="correction_names_original",
            ),
        ]

    def __str__(self):
        return self.patient_control_number or f"Claim #{self.pk}"

    def get_absolute_url(self):
        return reverse("billing:claim_detail", args=[self.pk])

    @property
    def total_charge(self) -> Decimal:
        return sum((line.charge for line in self.lines.all()), Decimal("0"))

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_sent(self) -> bool:
        """Sent to the payer: it can take a remittance, and is corrected by a replacement."""
        return self.status in self.SENT

    is_correctable = is_sent

    @property
    def is_unprocessable(self) -> bool:
        """The payer returned the claim as unprocessable (see `unprocessable_reason`)."""
        return bool(self.unprocessable_reason)

    @property
    def can_resend_as_new(self) -> bool:
        """Sent, and returned as unprocessable: the only claim billing sends again as a new
        claim (billing.services.claim_resend_as_new)."""
        return self.is_correctable and self.is_unprocessable

    @property
    def first_date_of_service(self):
        dates = [line.date_of_service for line in self.lines.all()]
        return min(dates) if dates else None

    @property
    def is_unsent(self) -> bool:
        """Draft or ready: not yet with the payer, so the scrubber's findings still apply."""
        return self.status in (self.Status.DRAFT, self.Status.READY)

    @property
    def is_correction(self) -> bool:
        """A replacement (frequency 7) or void (8) of an earlier claim: it quotes the payer's
        claim number (X12 005010X222A1 loop 2300 REF*F8)."""
        return self.frequency_code != self.Frequency.ORIGINAL


class ClaimLine(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    line_number = models.PositiveSmallIntegerField()
    procedure_code = models.CharField("CPT/HCPCS", max_length=5)
    modifiers = models.JSONField(default=list, blank=True)  # up to four, in order
    units = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    charge = models.DecimalField(
        "line charge", max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    diagnosis_pointers = models.JSONField(default=list)  # 1-based into claim.diagnosis_codes, up to four
    date_of_service = models.DateField()
    encounter = models.ForeignKey(Encounter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    acp_session = models.ForeignKey(
        ACPSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="claim_lines"
    )
    # Net of reversals; posted only by billing.services.claim_post_payment.
    paid_amount = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal("0"))
    adjusted_amount = models.DecimalField(
        max_digits=9, decimal_places=2, default=Decimal("0"), help_text="Every CAS amount on the line."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "line_number"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "line_number"], name="one_line_number_per_claim"),
            models.CheckConstraint(condition=Q(charge__gte=0), name="line_charge_not_negative"),
            models.CheckConstraint(condition=Q(units__gte=1), name="line_units_positive"),
        ]

    def __str__(self):
        mods = "-".join(self.modifiers)
        return f"{self.procedure_code}{'-' + mods if mods else ''} x{self.units}"


class ClaimExport(models.Model):
    """One file handed to the clearinghouse; its id is the interchange control number."""

    class Kind(models.TextChoices):
        X12_837P = "837p", "X12 837P"
        CSV = "csv", "CSV"

    kind = models.CharField(max_length=4, choices=Kind.choices)
    content = models.TextField()
    claims = models.ManyToManyField(Claim, related_name="exports")
    claim_count = models.PositiveIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} export #{self.pk}"

    @property
    def filename(self) -> str:
        extension = "x12" if self.kind == self.Kind.X12_837P else "csv"
        return f"claims-{self.created_at:%Y%m%d}-{self.pk}.{extension}"


class Reopening(models.Model):
    """A request to Medicare to reopen an adjudicated Part B claim and fix a clerical error
    (wrong code, modifier, date, units, diagnosis) instead of a replacement claim or an appeal.

    Source: 42 CFR 405.980(a)-(b) (a contractor may reopen within one year of the initial
    determination for any reason); IOM 100-04 ch.34 §10-§10.11 (clerical error reopenings, by
    telephone, the contractor's portal or in writing). The answer is tracked: granted (the claim
    is adjusted and a new remittance follows) or refused (then appeal, 42 CFR 405.980(a)(5):
    a refusal to reopen is itself not appealable).
    """

    class Channel(models.TextChoices):
        PHONE = "phone", "Telephone reopening line"
        PORTAL = "portal", "Contractor's web portal"
        WRITTEN = "written", "Written request"

    class Answer(models.TextChoices):
        PENDING = "pending", "Waiting for the answer"
        GRANTED = "granted", "Reopened and adjusted"
        REFUSED = "refused", "Not reopened"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="reopenings")
    requested_on = models.DateField()
    channel = models.CharField(max_length=8, choices=Channel.choices)
    reference = models.CharField("contractor's reference", max_length=60, blank=True)
    what_changed = models.TextField(
        help_text="The clerical error and its correction, e.g. modifier GW added on line 1."
    )
    answer = models.CharField(max_length=8, choices=Answer.choices, default=Answer.PENDING)
    answered_on = models.DateField(null=True, blank=True)
    answer_note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=models.F("requested_on")),
                name="reopening_answer_after_request",
            )
        ]

    def __str__(self):
        return f"Reopening of {self.claim} requested {self.requested_on:%m/%d/%Y}"

    @property
    def is_pending(self) -> bool:
        return self.answer == self.Answer.PENDING
