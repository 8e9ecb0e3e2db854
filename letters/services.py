"""Writes for letters and LMN requests: keyword-only `<entity>_<action>` functions.

The `letter_*` functions are the signing machinery any workflow can use (LMN requests here,
appeals in their own app); the `lmn_*` functions move an LMN request along its workflow.
"""

import hashlib
import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import OuterRef, Value
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from palliative import rules as core_rules
from palliative.db import PlusDays
from palliative.errors import DomainError
from palliative.models import Patient, Payer, Provider, User
from palliative.services import PasswordRefused, notification_send, notification_sent, password_reconfirm

from . import rules, selectors
from .letterhead import diagnosis_facts, letterhead_facts
from .models import Letter, LetterLocked, LMNRequest, SupportingDocument

log = logging.getLogger(__name__)


class LetterError(DomainError):
    """A letter or request cannot do what was asked; the message says why, for the page."""


class SigningRefused(LetterError):
    pass


class LetterChangedSinceReview(SigningRefused):
    """The letter changed after the provider opened it; `changes` says what, for the page."""

    def __init__(self, message: str, *, changes: list[str]):
        super().__init__(message)
        self.changes = changes


# --- Letters (shared machinery) -----------------------------------------------------------------


@transaction.atomic
def letter_draft(
    *,
    kind: str,
    patient: Patient,
    provider: Provider,
    payer: Payer,
    subject: str,
    facts: dict,
    body: str,
    by: User,
    lmn_request: LMNRequest | None = None,
) -> Letter:
    """A new unsigned letter (version 1); a subject too long for one line is shortened."""
    return Letter.objects.create(
        kind=kind,
        patient=patient,
        provider=provider,
        payer=payer,
        subject=rules.subject_line(subject),
        facts=facts,
        body=body,
        created_by=by,
        lmn_request=lmn_request,
    )


def _locked_unsigned(letter: Letter) -> Letter:
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.is_signed:
        raise LetterLocked(
            f"Letter #{letter.pk} was signed on {timezone.localtime(letter.signed_at):%m/%d/%Y} and cannot be changed. "
            "Make a new version to correct it; the new version needs signing again."
        )
    return letter


@transaction.atomic
def letter_update_body(*, letter: Letter, body: str, by: User) -> Letter:
    """Save edits to the text; refused once the letter is signed.

    A letter waiting for signature is its provider's to change: anyone else's edit takes it
    back to draft and tells the provider (letter_changed_in_review).
    """
    letter = _locked_unsigned(letter)
    before = letter.review_digest()
    letter.body = body
    letter.save()
    letter_changed_in_review(letter=letter, before=before, by=by)
    return letter


@transaction.atomic
def letter_update_facts(*, letter: Letter, facts: dict, by: User | None = None) -> Letter:
    """Merge fresh facts (e.g. the enclosures list) into an unsigned letter.

    `by` is who caused the change; a change by anyone but the signing provider while the
    letter waits for signature takes it back to draft (letter_changed_in_review).
    """
    letter = _locked_unsigned(letter)
    before = letter.review_digest()
    letter.facts = {**letter.facts, **facts}
    letter.save()
    if by is not None:
        letter_changed_in_review(letter=letter, before=before, by=by)
    return letter


def letter_changed_in_review(*, letter: Letter, before: str, by: User) -> bool:
    """After an edit: if someone other than the signer changed a letter waiting for signature,
    withdraw the signature request, move its LMN request back to drafted and tell the provider.

    The provider signs what they reviewed; a change they did not make is a new draft for them
    to review (45 CFR 164.312(c)(1), integrity). Returns whether it went back to draft.
    """
    if not letter.awaiting_signature_since or letter.review_digest() == before:
        return False
    provider_user = letter.provider.user
    if by.pk == provider_user.pk:
        return False
    letter.awaiting_signature_since = None
    letter.save()
    request = letter.lmn_request
    if request is not None and request.status == LMNRequest.Status.IN_REVIEW:
        request = LMNRequest.objects.select_for_update().get(pk=request.pk)
        request.transition_to(
            LMNRequest.Status.DRAFTED, by=by, note=f"Letter #{letter.pk} changed by {by} while in review."
        )
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    notification_send(
        recipient=provider_user,
        kind="letter_changed",
        key=f"letter:{letter.pk}:changed:{stamp}",
        subject=f"Letter #{letter.pk} was changed while waiting for your signature",
        body=f"{by} changed letter #{letter.pk} after it was sent to you for signature. It is back in draft: "
        "review the new text before it is sent for signature again.",
        url=reverse("letters:letter_edit", args=[letter.pk]),
        about=letter,
    )
    log.info("letter %s: changed in review by user %s, back to draft", letter.pk, by.pk)
    return True


@transaction.atomic
def letter_request_signature(*, letter: Letter, on: date) -> Letter:
    """Mark the letter ready for its provider's signature (starts the reminder clock)."""
    letter = _locked_unsigned(letter)
    missing = letter.missing_elements
    if missing:
        raise LetterError(_missing_message(missing))
    letter.awaiting_signature_since = on
    letter.save()
    return letter


@transaction.atomic
def letter_withdraw_signature_request(*, letter: Letter) -> Letter:
    letter = _locked_unsigned(letter)
    letter.awaiting_signature_since = None
    letter.save()
    return letter


def _missing_message(missing: list[rules.Missing]) -> str:
    return "The letter is missing: " + "; ".join(str(m) for m in missing) + "."


def _refuse_unsignable(letter: Letter, user: User) -> None:
    if letter.is_signed:
        raise SigningRefused(f"Letter #{letter.pk} is already signed.")
    if Letter.objects.filter(supersedes=letter).exists():
        raise SigningRefused(f"Letter #{letter.pk} has been replaced by a newer version; sign that one.")
    if letter.provider.user_id != user.pk or not user.is_active:
        raise SigningRefused(f"Only {letter.provider} can sign this letter.")


def letter_signer_confirm(*, letter: Letter, user: User, password: str, request=None) -> None:
    """Refuse a signature before anything is locked: the letter is already signed or
    superseded, the user is not the provider named on it, or the password is not accepted.

    Runs outside any transaction of the signing, so that with the `request` a wrong password
    stays counted as a failed login by django-axes although the signing is refused, and a
    locked login cannot sign (palliative.services.password_reconfirm)."""
    _refuse_unsignable(letter, user)
    try:
        password_reconfirm(user=user, password=password, request=request)
    except PasswordRefused as error:
        log.info("letter %s: signing refused, password not accepted (user %s)", letter.pk, user.pk)
        raise SigningRefused(str(error)) from error


def letter_sign(*, letter: Letter, user: User, password: str, reviewed: str, request=None) -> Letter:
    """Sign the letter as its named provider, after they re-enter their password.

    `reviewed` is the letter's review_digest() as the provider saw it on the page; a letter
    changed since is not signed, and the error lists what changed. Stores who signed, when,
    the SHA-256 of the exact signed content and its HMAC seal under a key the database does
    not hold (letters/seals.py). Refused when the user is not the provider named on the
    letter, the password is wrong (with the `request`, counted as a failed login; a locked
    login cannot sign), the letter is already signed or superseded, changed since it was
    reviewed, or a required element is missing.
    """
    letter_signer_confirm(letter=letter, user=user, password=password, request=request)
    return _letter_seal(letter=letter, user=user, reviewed=reviewed)


@transaction.atomic
def _letter_seal(*, letter: Letter, user: User, reviewed: str) -> Letter:
    letter = Letter.objects.select_for_update().select_related("provider").get(pk=letter.pk)
    _refuse_unsignable(letter, user)  # again under the lock: another request may have signed it
    if reviewed != letter.review_digest():
        from .selectors import letter_changes_since

        changes = letter_changes_since(letter=letter, digest=reviewed)
        raise LetterChangedSinceReview(
            "The letter changed after you opened it, so it was not signed. Read the changes, then sign again.",
            changes=changes,
        )
    missing = letter.missing_elements
    if missing:
        raise SigningRefused(_missing_message(missing))
    signed_at = timezone.now()
    letter.facts = {**letter.facts, "letter_date": timezone.localdate(signed_at).isoformat()}
    letter.signed_at = signed_at
    letter.signed_by = user
    letter.seal_signature()
    letter.save()
    log.info("letter %s signed by user %s", letter.pk, user.pk)
    return letter


@transaction.atomic
def letter_new_version(*, letter: Letter, by: User) -> Letter:
    """A correction: an unsigned copy that supersedes `letter` and needs signing again."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if Letter.objects.filter(supersedes=letter).exists():
        raise LetterError(f"Letter #{letter.pk} already has a newer version.")
    if not letter.is_signed:
        raise LetterError(f"Letter #{letter.pk} is not signed yet: edit it instead of making a new version.")
    facts = {key: value for key, value in letter.facts.items() if key != "letter_date"}
    return Letter.objects.create(
        kind=letter.kind,
        patient_id=letter.patient_id,
        provider_id=letter.provider_id,
        payer_id=letter.payer_id,
        lmn_request_id=letter.lmn_request_id,
        subject=letter.subject,
        facts=facts,
        body=letter.body,
        version=letter.version + 1,
        supersedes=letter,
        created_by=by,
    )


def letter_render_pdf(*, letter: Letter) -> bytes:
    """The letter as a PDF on the practice letterhead (WeasyPrint).

    Unsigned letters render with a DRAFT mark and no signature block.
    """
    from weasyprint import HTML

    html = render_to_string(
        "letters/letter_pdf.html",
        {
            "letter": letter,
            "practice": settings.PRACTICE,
            "facts": letter.facts,
            "paragraphs": _body_blocks(letter),
            "letter_date": _letter_date(letter),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _letter_date(letter: Letter) -> date:
    if letter.facts.get("letter_date"):
        return date.fromisoformat(letter.facts["letter_date"])
    return timezone.localdate()


def _body_blocks(letter: Letter) -> list[tuple[str, str]]:
    """The body as ("heading" | "para", text) blocks for the PDF template."""
    headings = {e.heading.lower() for e in letter.elements if e.heading}
    blocks: list[tuple[str, str]] = []
    para: list[str] = []
    for line in letter.body.splitlines():
        stripped = line.strip()
        if stripped.rstrip(":").strip().lower() in headings or _looks_like_heading(stripped):
            if para:
                blocks.append(("para", "\n".join(para)))
                para = []
            blocks.append(("heading", stripped.rstrip(":").strip()))
        elif not stripped:
            if para:
                blocks.append(("para", "\n".join(para)))
                para = []
        else:
            para.append(stripped)
    if para:
        blocks.append(("para", "\n".join(para)))
    return blocks


def _looks_like_heading(line: str) -> bool:
    return line.endswith(":") and len(line) <= 60 and line.count(" ") <= 6 and not line.startswith("Dear ")


class LetterTampered(LetterError):
    pass


def letter_verified_pdf(*, letter: Letter) -> bytes:
    """The signed letter's PDF, only after checking its content still matches its seal."""
    if letter.is_signed and not letter.signature_verifies:
        log.error("letter %s: content does not match its signature seal; PDF withheld", letter.pk)
        raise LetterTampered(
            f"Letter #{letter.pk} does not match the content that was signed. It has not been served; "
            "tell the practice administrator."
        )
    return letter_render_pdf(letter=letter)


# --- LMN requests -----------------------------------------------------------------------------


@transaction.atomic
def lmn_request_create(
    *,
    patient: Patient,
    provider: Provider,
    treatment: str,
    procedure_code: str = "",
    diagnosis_codes: list[str],
    due_date: date,
    requested_by: str,
    requester_name: str = "",
    by: User,
    today: date | None = None,
    **clinical,
) -> LMNRequest:
    """Open a request; the payer and member ID come from the patient's primary coverage today."""
    today = today or timezone.localdate()
    procedure_code = (procedure_code or "").strip().upper()
    if procedure_code and not core_rules.procedure_code_format_ok(procedure_code):
        raise LetterError(f"“{procedure_code}” is not a CPT or HCPCS code (like 99350 or G0556).")
    if not treatment.strip():
        raise LetterError("Describe the treatment or service the payer questioned.")
    coverage = patient.coverage_on(today)
    if coverage is None:
        raise LetterError("The patient has no primary coverage on file today: add their insurance first.")
    request = LMNRequest.objects.create(
        patient=patient,
        provider=provider,
        payer=coverage.payer,
        member_id=coverage.member_id,
        group_number=coverage.group_number,
        treatment=treatment.strip(),
        procedure_code=procedure_code,
        diagnosis_codes=diagnosis_codes,
        due_date=due_date,
        requested_by=requested_by,
        requester_name=requester_name,
        created_by=by,
        **clinical,
    )
    request.record_created(by=by)
    return request


def _locked(request: LMNRequest) -> LMNRequest:
    return LMNRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def lmn_request_update(*, lmn_request: LMNRequest, by: User, **fields) -> LMNRequest:
    """Edit the request's clinical details while no letter is signed for it."""
    request = _locked(lmn_request)
    if not request.is_editable:
        raise LetterError(f"A request that is {request.get_status_display().lower()} can no longer be edited.")
    for name, value in fields.items():
        setattr(request, name, value)
    request.save()
    letter = request.letters.order_by("-version").first()
    if letter is not None and not letter.is_signed:
        # The identifiers follow the record; the text stays as the provider wrote it.
        letter_update_facts(letter=letter, facts=lmn_letter_facts(lmn_request=request))
    return request


@transaction.atomic
def lmn_start_gathering(*, lmn_request: LMNRequest, by: User) -> LMNRequest:
    request = _locked(lmn_request)
    request.transition_to(LMNRequest.Status.GATHERING_RECORDS, by=by)
    return request


def _enclosures(request: LMNRequest) -> list[str]:
    return [str(doc) for doc in request.documents.all()]


def lmn_letter_facts(*, lmn_request: LMNRequest) -> dict:
    """The identifiers an LMN carries, read from the request, the chart and the provider.

    Any letter may also carry "attention" (the recipient's department) and "service_dates".
    """
    request = lmn_request
    return {
        **letterhead_facts(
            patient=request.patient,
            provider=request.provider,
            payer=request.payer,
            member_id=request.member_id,
            group_number=request.group_number,
        ),
        "diagnoses": diagnosis_facts(request.diagnosis_codes),
        "procedure_code": request.procedure_code,
        "treatment": request.treatment_label,
        "service_dates": rules.service_dates_label(request.service_from, request.service_to),
        "enclosures": _enclosures(request),
    }


def _placeholder(text: str) -> str:
    return f"[[{text}]]"


def lmn_letter_body(*, lmn_request: LMNRequest, facts: dict) -> str:
    """The first draft: the template filled from the record, placeholders where it is silent."""
    request = lmn_request
    latest_note = (
        request.patient.encounters.filter(provider=request.provider)
        .exclude(medical_necessity_note="")
        .order_by("-date_of_service")
        .first()
    )
    history = request.clinical_history.strip()
    if not history and latest_note:
        history = latest_note.medical_necessity_note
    diagnoses = "; ".join(f"{code} {description}".strip() for code, description in facts["diagnoses"])
    return render_to_string(
        "letters/lmn_body.txt",
        {
            "request": request,
            "facts": facts,
            "diagnoses": diagnoses or _placeholder("List the diagnoses with their ICD-10-CM codes"),
            "details": request.frequency_duration or _placeholder("Frequency, duration and quantity requested"),
            "history": history
            or _placeholder("Symptoms, how long, their impact on daily life, relevant findings and test results"),
            "alternatives": request.alternatives_tried.strip()
            or _placeholder("Treatments already tried, their outcome and why they were stopped"),
            "rationale": request.rationale.strip()
            or _placeholder("Why this is necessary rather than convenient, and the benefit expected"),
        },
    ).strip()


@transaction.atomic
def lmn_draft(*, lmn_request: LMNRequest, by: User) -> Letter:
    """Write the first draft of the letter from the record and move the request to drafted."""
    request = _locked(lmn_request)
    if request.letters.exists():
        raise LetterError("This request already has a letter: edit it, or make a new version of a signed one.")
    facts = lmn_letter_facts(lmn_request=request)
    letter = letter_draft(
        kind=rules.LMN,
        patient=request.patient,
        provider=request.provider,
        payer=request.payer,
        subject=f"Letter of medical necessity: {request.treatment_label}",
        facts=facts,
        body=lmn_letter_body(lmn_request=request, facts=facts),
        by=by,
        lmn_request=request,
    )
    request.transition_to(LMNRequest.Status.DRAFTED, by=by, note=f"Letter #{letter.pk} drafted from the record.")
    return letter


def _current_letter(request: LMNRequest) -> Letter:
    letter = request.letters.order_by("-version").first()
    if letter is None:
        raise LetterError("Draft the letter first.")
    return letter


@transaction.atomic
def lmn_send_for_review(*, lmn_request: LMNRequest, by: User, today: date | None = None) -> LMNRequest:
    """Hand the letter to its provider to sign; refused while an element is missing."""
    request = _locked(lmn_request)
    letter = _current_letter(request)
    letter_update_facts(letter=letter, facts={"enclosures": _enclosures(request)})
    letter_request_signature(letter=letter, on=today or timezone.localdate())
    request.transition_to(LMNRequest.Status.IN_REVIEW, by=by)
    return request


@transaction.atomic
def lmn_return_to_draft(*, lmn_request: LMNRequest, by: User, note: str = "") -> LMNRequest:
    request = _locked(lmn_request)
    if request.status != LMNRequest.Status.IN_REVIEW:
        raise LetterError("Only a letter in review can be sent back for changes.")
    letter_withdraw_signature_request(letter=_current_letter(request))
    request.transition_to(LMNRequest.Status.DRAFTED, by=by, note=note)
    return request


def lmn_sign(*, lmn_request: LMNRequest, user: User, password: str, reviewed: str, http_request=None) -> Letter:
    """The provider signs the request's letter; the request becomes signed. The signer and
    their password are confirmed first, outside the transaction (letter_signer_confirm)."""
    if lmn_request.status == LMNRequest.Status.IN_REVIEW:
        letter_signer_confirm(letter=_current_letter(lmn_request), user=user, password=password, request=http_request)
    return _lmn_seal(lmn_request=lmn_request, user=user, password=password, reviewed=reviewed)


@transaction.atomic
def _lmn_seal(*, lmn_request: LMNRequest, user: User, password: str, reviewed: str) -> Letter:
    request = _locked(lmn_request)
    if request.status != LMNRequest.Status.IN_REVIEW:
        raise SigningRefused(
            f"The letter can be signed once it is sent for review; this request is {request.get_status_display().lower()}."
        )
    letter = letter_sign(letter=_current_letter(request), user=user, password=password, reviewed=reviewed)
    request.transition_to(
        LMNRequest.Status.SIGNED,
        by=user,
        note=f"Letter #{letter.pk} v{letter.version} signed (SHA-256 recorded, sealed with key {letter.seal_key_id}).",
    )
    return letter


@transaction.atomic
def lmn_new_version(*, lmn_request: LMNRequest, by: User, note: str = "") -> Letter:
    """Correct a signed letter: a new unsigned version, and the request goes back to drafted."""
    request = _locked(lmn_request)
    if request.status != LMNRequest.Status.SIGNED:
        raise LetterError("A new version can be made of a signed letter that has not been submitted yet.")
    letter = letter_new_version(letter=_current_letter(request), by=by)
    request.transition_to(
        LMNRequest.Status.DRAFTED, by=by, note=note or f"Correction: letter #{letter.pk} v{letter.version}."
    )
    return letter


@transaction.atomic
def lmn_submit(*, lmn_request: LMNRequest, submitted_on: date, method: str, reference: str, by: User) -> LMNRequest:
    request = _locked(lmn_request)
    if request.status == LMNRequest.Status.SUBMITTED:
        raise LetterError(f"This request was already submitted on {request.submitted_on:%m/%d/%Y}.")
    if request.status == LMNRequest.Status.SIGNED and not _current_letter(request).signature_verifies:
        raise LetterError("The signed letter does not match its signature seal; it cannot be submitted.")
    request.submitted_on = submitted_on
    request.submission_method = method
    request.submission_reference = reference
    request.transition_to(
        LMNRequest.Status.SUBMITTED, by=by, note=f"Sent by {request.get_submission_method_display().lower()}."
    )
    return request


@transaction.atomic
def lmn_record_response(
    *, lmn_request: LMNRequest, approved: bool, response_on: date, denial_reason: str = "", by: User
) -> LMNRequest:
    """The payer's answer. A denial needs its reason: the appeal starts from it."""
    request = _locked(lmn_request)
    if request.response_on:
        raise LetterError(f"The payer's answer was already recorded ({request.get_status_display().lower()}).")
    if not approved and not denial_reason.strip():
        raise LetterError("Record the reason the payer gave for the denial; the appeal starts from it.")
    if request.submitted_on and response_on < request.submitted_on:
        raise LetterError(
            f"The answer cannot be dated before the letter was submitted ({request.submitted_on:%m/%d/%Y})."
        )
    request.response_on = response_on
    request.denial_reason = "" if approved else denial_reason.strip()
    new = LMNRequest.Status.APPROVED if approved else LMNRequest.Status.DENIED
    request.transition_to(new, by=by, note=request.denial_reason)
    return request


@transaction.atomic
def lmn_withdraw(*, lmn_request: LMNRequest, reason: str, by: User) -> LMNRequest:
    request = _locked(lmn_request)
    if request.status == LMNRequest.Status.WITHDRAWN:
        raise LetterError("This request is already withdrawn.")
    if not reason.strip():
        raise LetterError("Say why the request is withdrawn.")
    request.closing_note = reason.strip()
    letter = request.letters.order_by("-version").first()
    if letter is not None and not letter.is_signed and letter.awaiting_signature_since:
        letter_withdraw_signature_request(letter=letter)
    request.transition_to(LMNRequest.Status.WITHDRAWN, by=by, note=request.closing_note)
    return request


@transaction.atomic
def document_attach(
    *,
    lmn_request: LMNRequest,
    uploaded,
    doc_type: str,
    document_date: date,
    description: str,
    by: User,
) -> SupportingDocument:
    """Store an upload under MEDIA_ROOT/letters/ after checking its size and real type."""
    if not lmn_request.is_open:
        raise LetterError(f"Documents cannot be added to a request that is {lmn_request.get_status_display().lower()}.")
    head = uploaded.read(16)
    uploaded.seek(0)
    problem = rules.upload_problem(size=uploaded.size, head=head)
    if problem:
        raise LetterError(problem)
    content_type, extension = rules.upload_type(head)
    data = uploaded.read()
    document = SupportingDocument(
        lmn_request=lmn_request,
        doc_type=doc_type,
        document_date=document_date,
        description=description,
        content_type=content_type,
        extension=extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=by,
    )
    document.file.save("upload", ContentFile(data), save=False)
    document.save()
    _refresh_enclosures(lmn_request, by=by)
    return document


def _refresh_enclosures(request: LMNRequest, *, by: User) -> None:
    letter = request.letters.order_by("-version").first()
    if letter is not None and not letter.is_signed:
        letter_update_facts(letter=letter, facts={"enclosures": _enclosures(request)}, by=by)


# --- Reminders --------------------------------------------------------------------------------


def letter_signature_reminders_send(*, today: date) -> int:
    """Remind each provider of letters waiting for their signature past the reminder interval.

    Keyed `letter:<id>:unsigned:<due date>`, so however often this runs, one reminder per letter
    per wait; a later day still finds everything due up to `today`.
    """
    sent = 0
    due_on = PlusDays(OuterRef("awaiting_signature_since"), Value(rules.SIGNATURE_REMINDER_DAYS))
    waiting = (
        Letter.objects.filter(
            signed_at__isnull=True,
            superseded_by__isnull=True,
            awaiting_signature_since__lte=today - timedelta(days=rules.SIGNATURE_REMINDER_DAYS),
        )
        .exclude(notification_sent("letter:", OuterRef("pk"), ":unsigned:", due_on))
        .select_related("provider__user")
    )
    for letter in waiting:
        due = rules.signature_reminder_due(awaiting_since=letter.awaiting_signature_since, today=today)
        url = reverse("letters:letter_edit", args=[letter.pk])
        notification_send(
            recipient=letter.provider.user,
            kind="letter_unsigned",
            key=f"letter:{letter.pk}:unsigned:{due.isoformat()}",
            subject=f"Letter #{letter.pk} is waiting for your signature",
            body=f"Letter #{letter.pk} has been ready to sign since {letter.awaiting_signature_since:%m/%d/%Y}.",
            url=url,
            about=letter,
        )
        sent += 1
    return sent


def lmn_follow_up_reminders_send(*, today: date) -> int:
    """Remind staff of letters submitted without an answer after the payer's follow-up interval."""
    sent = 0
    submitted = (
        selectors.follow_up_due(LMNRequest.objects.all(), today=today)
        .exclude(notification_sent("lmn:", OuterRef("pk"), ":follow-up:", OuterRef("follow_up_on")))
        .select_related("payer", "created_by")
    )
    for request in submitted:
        due = request.follow_up_on
        notification_send(
            recipient=request.created_by,
            kind="lmn_follow_up",
            key=f"lmn:{request.pk}:follow-up:{due.isoformat()}",
            subject=f"LMN request #{request.pk}: no answer from the payer yet",
            body=f"LMN request #{request.pk} was submitted on {request.submitted_on:%m/%d/%Y}; call the payer for its status.",
            url=request.get_absolute_url(),
            about=request,
        )
        sent += 1
    return sent


def lmn_overdue_reminders_send(*, today: date) -> int:
    """Remind staff of requests past their due date that have not been submitted."""
    sent = 0
    overdue = (
        LMNRequest.objects.overdue(today=today)
        .exclude(notification_sent("lmn:", OuterRef("pk"), ":overdue:", OuterRef("due_date")))
        .select_related("created_by")
    )
    for request in overdue:
        notification_send(
            recipient=request.created_by,
            kind="lmn_overdue",
            key=f"lmn:{request.pk}:overdue:{request.due_date.isoformat()}",
            subject=f"LMN request #{request.pk} is past its due date",
            body=f"LMN request #{request.pk} was due on {request.due_date:%m/%d/%Y} and is still "
            f"{request.get_status_display().lower()}.",
            url=request.get_absolute_url(),
            about=request,
        )
        sent += 1
    return sent


def letter_reminders_send(*, today: date) -> dict[str, int]:
    return {
        "unsigned": letter_signature_reminders_send(today=today),
        "follow_up": lmn_follow_up_reminders_send(today=today),
        "overdue": lmn_overdue_reminders_send(today=today),
    }
