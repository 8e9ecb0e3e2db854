"""Letters to payers that a provider signs, and the requests for letters of medical necessity.

`Letter` is the signing machinery: any letter (an LMN, an appeal) with its frozen facts, an
editable body until it is signed, a version chain, a SHA-256 of what was signed and a keyed seal
of it (letters/seals.py) that the database alone cannot forge. It knows
nothing of the workflow that asked for it; `LMNRequest` is one such workflow (the appeals app
is another, pointing at its own letters).
"""

import hashlib
import json
import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from palliative.errors import DomainError
from palliative.history import HistoricalRecords
from palliative.models import Patient, Payer, Provider
from palliative.workflow import Workflow

from . import rules, seals


class LetterLocked(DomainError):
    """A signed letter cannot be changed; a correction is a new version."""


class Letter(models.Model):
    """One letter a provider signs.

    Not a `Workflow` (palliative/workflow.py), on purpose: a letter's stage is the facts of its
    signature, not a status someone chooses. It is a draft until `awaiting_signature_since` is
    set (nothing left missing), signed once `signed_at`, `signed_by` and the SHA-256 are stored
    together (the `letter_signature_complete` constraint; `save()` then refuses any change),
    and superseded when a newer version points at it. A status column would be a second copy
    of those facts that could disagree with them, and would let a letter read "signed" without
    a signature. Its history is kept by simple_history; the workflow that moves around a
    letter (a request for a letter of medical necessity, an appeal) is its owner's: `LMNRequest`
    and `appeals.Appeal`, each on the machine.
    """

    class Kind(models.TextChoices):
        LMN = rules.LMN, "Letter of medical necessity"
        APPEAL = rules.APPEAL, "Appeal letter"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="letters")
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="letters", help_text="The provider who must sign."
    )
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="letters")
    lmn_request = models.ForeignKey(
        "LMNRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    subject = models.CharField(max_length=200, help_text="What the letter is about, shown after “RE:”.")
    # Identifiers frozen when drafted (patient, member ID, diagnoses, treatment, provider...),
    # so a signed letter says what it said even if the chart changes later.
    facts = models.JSONField(default=dict)
    body = models.TextField()
    version = models.PositiveIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    awaiting_signature_since = models.DateField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    content_sha256 = models.CharField("SHA-256 of the signed content", max_length=64, blank=True)
    seal_hmac = models.CharField("HMAC-SHA256 seal of the signed content", max_length=64, blank=True)
    seal_key_id = models.CharField(
        max_length=40, blank=True, help_text="Which LETTER_SEAL_KEYS key made the seal; empty before seals existed."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # the provider home panel "Appeal letters waiting for my signature": a provider's
            # unsigned letters are a handful among the thousands they signed
            models.Index(fields=["provider"], condition=models.Q(signed_at__isnull=True), name="letter_unsigned_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(signed_at__isnull=True, content_sha256="")
                | models.Q(signed_at__isnull=False, signed_by__isnull=False, content_sha256__regex=r"^[0-9a-f]{64}$"),
                name="letter_signature_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(seal_hmac="", seal_key_id="")
                | (models.Q(signed_at__isnull=False, seal_hmac__regex=r"^[0-9a-f]{64}$") & ~models.Q(seal_key_id="")),
                name="letter_seal_complete",
            ),
        ]

    def __str__(self):
        return f"Letter #{self.pk} v{self.version}"

    def save(self, *args, **kwargs):
        # The last line of defence: services refuse first, with a friendlier message.
        if self.pk and Letter.objects.filter(pk=self.pk, signed_at__isnull=False).exists():
            raise LetterLocked(f"Letter #{self.pk} is signed and cannot be changed; make a new version instead.")
        super().save(*args, **kwargs)

    save.alters_data = True

    def get_absolute_url(self):
        return reverse("letters:letter_edit", args=[self.pk])

    def delete(self, *args, **kwargs):
        if Letter.objects.filter(pk=self.pk, signed_at__isnull=False).exists():
            raise LetterLocked(f"Letter #{self.pk} is signed and cannot be deleted.")
        return super().delete(*args, **kwargs)

    delete.alters_data = True

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def elements(self) -> tuple[rules.Element, ...]:
        return rules.required_elements(self.kind)

    @property
    def missing_elements(self) -> list[rules.Missing]:
        return rules.letter_missing_elements(facts=self.facts, body=self.body, elements=self.elements)

    def _content(self) -> dict:
        return {
            "letter": self.pk,
            "kind": self.kind,
            "version": self.version,
            "supersedes": self.supersedes_id,
            "patient": self.patient_id,
            "provider": self.provider_id,
            "payer": self.payer_id,
            "subject": self.subject,
            "facts": self.facts,
            "body": self.body,
        }

    def content_for_hash(self, *, signed_at=None, signed_by=None) -> bytes:
        """The exact content a signature covers, as canonical JSON bytes."""
        signed_at = signed_at or self.signed_at
        signed_by = signed_by or self.signed_by
        content = {
            **self._content(),
            "signed_at": signed_at.isoformat() if signed_at else None,
            "signed_by": signed_by.pk if signed_by else None,
        }
        return _canonical(content)

    def review_digest(self) -> str:
        """SHA-256 of what the provider sees before signing (the date signing adds left out).

        The sign form carries it, so a letter changed after the provider opened it is not
        signed unseen (letters/services.py: letter_sign).
        """
        content = self._content()
        content["facts"] = {key: value for key, value in self.facts.items() if key != "letter_date"}
        return hashlib.sha256(_canonical(content)).hexdigest()

    def seal(self, *, signed_at=None, signed_by=None) -> str:
        """SHA-256 of the content a signature at `signed_at` by `signed_by` covers."""
        return hashlib.sha256(self.content_for_hash(signed_at=signed_at, signed_by=signed_by)).hexdigest()

    def computed_sha256(self) -> str:
        return self.seal()

    @property
    def hash_matches(self) -> bool:
        return self.is_signed and self.computed_sha256() == self.content_sha256

    def seal_signature(self) -> None:
        """Fill content_sha256 and the keyed seal for the current signed_at and signed_by."""
        content = self.content_for_hash()
        self.content_sha256 = hashlib.sha256(content).hexdigest()
        self.seal_key_id, self.seal_hmac = seals.seal(content)

    @property
    def signature_verifies(self) -> bool:
        """Signed, and the content is what was sealed: the keyed seal (or, for letters signed
        before seals, the plain SHA-256) matches. Raises SealKeyMissing for an unknown key."""
        if not self.hash_matches:
            return False
        if not self.seal_key_id:
            return True
        return seals.verifies(self.content_for_hash(), key_id=self.seal_key_id, value=self.seal_hmac)


def _canonical(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


class LMNRequestQuerySet(models.QuerySet):
    def overdue(self, *, today: date):
        """The rows LMNRequest.is_overdue is True for on `today` (rules.request_overdue)."""
        return self.filter(status__in=LMNRequest.BEFORE_SUBMISSION, due_date__lt=today)


class LMNRequest(Workflow):
    """A request for a letter of medical necessity, from the ask to the payer's answer."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        GATHERING_RECORDS = "gathering_records", "Gathering records"
        DRAFTED = "drafted", "Drafted"
        IN_REVIEW = "in_review", "In review"
        SIGNED = "signed", "Signed"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        DENIED = "denied", "Denied"
        WITHDRAWN = "withdrawn", "Withdrawn"

    S = Status
    TRANSITIONS = {
        S.REQUESTED: {S.GATHERING_RECORDS, S.DRAFTED, S.WITHDRAWN},
        S.GATHERING_RECORDS: {S.DRAFTED, S.WITHDRAWN},
        # In review goes back to drafted when the provider sends it back for changes; signed
        # goes back to drafted when a correction (a new version) is needed.
        S.DRAFTED: {S.IN_REVIEW, S.WITHDRAWN},
        S.IN_REVIEW: {S.SIGNED, S.DRAFTED, S.WITHDRAWN},
        S.SIGNED: {S.SUBMITTED, S.DRAFTED, S.WITHDRAWN},
        S.SUBMITTED: {S.APPROVED, S.DENIED, S.WITHDRAWN},
        S.APPROVED: set(),
        S.DENIED: set(),
        S.WITHDRAWN: set(),
    }
    OPEN = (S.REQUESTED, S.GATHERING_RECORDS, S.DRAFTED, S.IN_REVIEW, S.SIGNED, S.SUBMITTED)
    TO_DRAFT = (S.REQUESTED, S.GATHERING_RECORDS)
    # Before submission the practice owns the work, so its own due date applies.
    BEFORE_SUBMISSION = (S.REQUESTED, S.GATHERING_RECORDS, S.DRAFTED, S.IN_REVIEW, S.SIGNED)
    # The clinical details can change until a letter is out for review and signature.
    EDITABLE = (S.REQUESTED, S.GATHERING_RECORDS, S.DRAFTED)
    # The colour of the status badge (Bootstrap classes): outcome green/red, waiting on the
    # provider amber, out of the practice's hands blue, everything else neutral.
    STATUS_BADGE = {
        S.APPROVED: "bg-success",
        S.DENIED: "bg-danger",
        S.WITHDRAWN: "bg-secondary",
        S.IN_REVIEW: "bg-warning text-dark",
        S.SIGNED: "bg-info text-dark",
        S.SUBMITTED: "bg-info text-dark",
    }

    class Requester(models.TextChoices):
        STAFF = "staff", "Practice staff"
        PATIENT = "patient", "The patient"
        FAMILY = "family", "Family or health-care proxy, for the patient"
        PAYER = "payer", "The insurer asked for it"

    class Method(models.TextChoices):
        FAX = "fax", "Fax"
        PORTAL = "portal", "Payer portal"
        MAIL = "mail", "Mail"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="lmn_requests")
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="lmn_requests")
    member_id = models.CharField("member ID", max_length=40)
    group_number = models.CharField(max_length=40, blank=True)
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="lmn_requests", help_text="The provider who will sign."
    )
    procedure_code = models.CharField("CPT/HCPCS code", max_length=5, blank=True)
    treatment = models.CharField(
        "treatment or service", max_length=200, help_text="What the payer questioned, in plain words."
    )
    diagnosis_codes = models.JSONField(default=list)
    # Payers match an LMN to the claim or authorisation by date (letters.rules LMN_ELEMENTS).
    service_from = models.DateField(
        "date of service (or first day of the period)",
        null=True,
        blank=True,
        help_text="The visit date, or when the requested care starts.",
    )
    service_to = models.DateField(
        "last day of the period", null=True, blank=True, help_text="Blank for a single date of service."
    )
    frequency_duration = models.CharField(
        "frequency, duration, quantity", max_length=200, blank=True, help_text="e.g. weekly home visits for 12 weeks"
    )
    clinical_history = models.TextField(
        blank=True, help_text="Symptoms, how long, impact on daily life, relevant findings and test results."
    )
    alternatives_tried = models.TextField(blank=True, help_text="What was tried before and why it failed or stopped.")
    rationale = models.TextField(
        "why it is necessary and the expected benefit",
        blank=True,
        help_text="Why it is necessary rather than convenient; the expected effect on symptoms, function, hospital use.",
    )
    requested_by = models.CharField(max_length=10, choices=Requester.choices, default=Requester.STAFF)
    requester_name = models.CharField(
        max_length=120, blank=True, help_text="Who asked, when not staff (e.g. the patient's daughter)."
    )
    due_date = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The staff member who follows the request up.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_on = models.DateField(null=True, blank=True)
    submission_method = models.CharField(max_length=10, choices=Method.choices, blank=True)
    submission_reference = models.CharField(max_length=60, blank=True)
    response_on = models.DateField("payer's answer dated", null=True, blank=True)
    denial_reason = models.TextField(blank=True)
    closing_note = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = LMNRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = "LMN request"
        indexes = [
            models.Index(fields=["status", "due_date"]),
            # a patient's latest requests (patient page): without it the primary key is walked
            # backwards across every patient's requests
            models.Index(fields=["patient", "-id"], name="lmn_patient_latest_idx"),
            # worklist sections: the open ones by due date (id breaks ties, so the first page is
            # read in index order, not sorted after joining every patient); denied, latest answer
            # first; submitted, oldest first
            models.Index(fields=["status", "due_date", "id"], name="lmn_status_due_idx"),
            models.Index(fields=["status", "-response_on", "-id"], name="lmn_status_answered_idx"),
            models.Index(fields=["status", "submitted_on", "id"], name="lmn_status_submitted_idx"),
            # the two sections of two statuses each (to draft; drafted or with the provider): an
            # IN over the status index above would sort every open request before the LIMIT
            models.Index(
                fields=["due_date", "id"],
                condition=models.Q(status__in=("requested", "gathering_records")),
                name="lmn_to_draft_due_idx",
            ),
            models.Index(
                fields=["due_date", "id"],
                condition=models.Q(status__in=("drafted", "in_review")),
                name="lmn_in_progress_due_idx",
            ),
        ]

    def __str__(self):
        return f"LMN request #{self.pk}"

    def get_absolute_url(self):
        return reverse("letters:request_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_overdue(self) -> bool:
        return rules.request_overdue(
            due_date=self.due_date, today=timezone.localdate(), sent=self.status not in self.BEFORE_SUBMISSION
        )

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def awaiting_signature(self) -> bool:
        """With the provider: the only status from which the letter can be signed."""
        return self.can_transition_to(self.Status.SIGNED)

    @property
    def is_to_draft(self) -> bool:
        return self.status in self.TO_DRAFT

    @property
    def is_denied(self) -> bool:
        return self.status == self.Status.DENIED

    @property
    def status_badge(self) -> str:
        return self.STATUS_BADGE.get(self.status, "bg-light text-dark border")

    @property
    def treatment_label(self) -> str:
        return f"{self.procedure_code} {self.treatment}".strip()

    def current_letter(self):
        """The latest version of this request's letter, or None before drafting."""
        letters = getattr(self, "_prefetched_objects_cache", {}).get("letters")
        if letters is not None:
            return max(letters, key=lambda letter: letter.version, default=None)
        return self.letters.order_by("-version").first()


def _document_path(instance, filename):
    # No patient name or original filename on disk: ids and a random part only.
    return f"letters/request-{instance.lmn_request_id}/{uuid.uuid4().hex}.{instance.extension}"


class SupportingDocument(models.Model):
    """A record attached to an LMN request and enclosed with the letter."""

    class DocType(models.TextChoices):
        MEDICAL_RECORD = "medical_record", "Medical record"
        TEST_RESULT = "test_result", "Test result"
        IMAGING = "imaging", "Imaging report"
        NOTE = "note", "Previous note"
        SPECIALIST = "specialist", "Specialist letter"
        OTHER = "other", "Other"

    lmn_request = models.ForeignKey(LMNRequest, on_delete=models.PROTECT, related_name="documents")
    doc_type = models.CharField("type", max_length=20, choices=DocType.choices)
    document_date = models.DateField("date of the document")
    description = models.CharField(max_length=200, help_text="e.g. “Clinic note”, “CT chest report”")
    file = models.FileField(upload_to=_document_path, max_length=200)
    content_type = models.CharField(max_length=40)
    extension = models.CharField(max_length=4)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["document_date", "id"]

    def __str__(self):
        return f"{self.get_doc_type_display()} {self.document_date:%m/%d/%Y}: {self.description}"

    @property
    def download_name(self) -> str:
        return f"lmn-{self.lmn_request_id}-document-{self.pk}.{self.extension}"
