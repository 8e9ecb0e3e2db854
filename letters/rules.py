"""Letter rules: the elements a payer needs, reminders' due dates, and what an upload may be.

Pure functions over plain values (no ORM). Each rule cites its source; the facts behind them
are gathered in shared/domain.md.

A letter is checked as two plain things: its `facts` (a dict of identifiers frozen when the
letter was drafted: patient, member ID, diagnoses, treatment, provider...) and its `body` (the
text the provider edits, organised under section headings). Each required element says where
it lives: in the facts (a key that must be non-empty) or in the body (a heading that must be
present with real text under it, not the template's placeholder).
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

LMN = "lmn"
APPEAL = "appeal"

# Text the drafting template leaves where the record had nothing to say. A section that still
# holds one is not written yet.
PLACEHOLDER = re.compile(r"\[\[.*?\]\]", re.DOTALL)


@dataclass(frozen=True)
class Element:
    """One thing a payer needs to see in a letter.

    `facts`: keys of the letter's facts that must all be non-empty.
    `heading`: a section heading of the body that must be present and filled in.
    """

    key: str
    label: str
    source: str
    facts: tuple[str, ...] = ()
    heading: str = ""


@dataclass(frozen=True)
class Missing:
    key: str
    label: str
    detail: str
    source: str

    def __str__(self):
        return f"{self.label}: {self.detail}"


_LMN_SOURCE = "shared/domain.md §5 (payer and manufacturer LMN templates)"

# Source: shared/domain.md §5, "Letters of medical necessity": the elements payers and
# manufacturer templates commonly ask for (1-8 and 10). Element 9, the provider's signature and
# the date signed, is what signing adds (letter_sign), so it is not checked before signing.
LMN_ELEMENTS: tuple[Element, ...] = (
    Element(
        "patient",
        "Patient identifiers",
        f"{_LMN_SOURCE}, element 1",
        facts=("patient_name", "date_of_birth", "member_id"),
    ),
    Element("payer", "Recipient insurer", f"{_LMN_SOURCE}, element 1", facts=("payer_name",)),
    Element("diagnosis", "Diagnosis with ICD-10-CM codes", f"{_LMN_SOURCE}, element 3", facts=("diagnoses",)),
    Element(
        "treatment",
        "Requested treatment with CPT/HCPCS code or description",
        f"{_LMN_SOURCE}, element 4",
        facts=("treatment",),
    ),
    Element(
        "service_dates",
        "Date(s) of service or the period requested",
        f"{_LMN_SOURCE}, element 4; payers match the letter to the claim or authorisation by date",
        facts=("service_dates",),
    ),
    Element(
        "treatment_details",
        "Treatment details (frequency, duration, quantity)",
        f"{_LMN_SOURCE}, element 4",
        heading="Requested treatment",
    ),
    Element(
        "clinical_history",
        "Clinical history (symptoms, impact on daily life, findings)",
        f"{_LMN_SOURCE}, element 5",
        heading="Clinical history",
    ),
    Element(
        "alternatives",
        "Alternatives tried and why they failed",
        f"{_LMN_SOURCE}, element 6",
        heading="Alternatives tried",
    ),
    Element(
        "rationale",
        "Why the treatment is necessary and its expected benefit",
        f"{_LMN_SOURCE}, element 7",
        heading="Medical necessity and expected benefit",
    ),
    Element(
        "prescriber",
        "Provider identification (name, credentials, NPI, license number)",
        f"{_LMN_SOURCE}, element 8",
        facts=("provider_name", "provider_credentials", "provider_npi", "provider_license"),
    ),
    Element(
        "attachments",
        "Supporting documents (chart notes, test results)",
        f"{_LMN_SOURCE}, element 10",
        facts=("enclosures",),
    ),
)

_REDETERMINATION_SOURCE = "42 CFR 405.944(b) (request for redetermination)"

# Source: 42 CFR 405.944(b): a written redetermination request must contain the beneficiary's
# name, Medicare number, the item or service and date(s) of service, and the name and
# signature of the party or representative. The signature is what signing adds.
APPEAL_ELEMENTS: tuple[Element, ...] = (
    Element("beneficiary", "Beneficiary name", _REDETERMINATION_SOURCE, facts=("patient_name",)),
    Element("medicare_number", "Medicare number", _REDETERMINATION_SOURCE, facts=("member_id",)),
    Element(
        "service",
        "Item or service and date(s) of service",
        _REDETERMINATION_SOURCE,
        facts=("treatment", "service_dates"),
    ),
    Element("requester", "Requester's name", _REDETERMINATION_SOURCE, facts=("provider_name",)),
)

REQUIRED_ELEMENTS: dict[str, tuple[Element, ...]] = {LMN: LMN_ELEMENTS, APPEAL: APPEAL_ELEMENTS}


def service_dates_label(start: date | None, end: date | None) -> str:
    """'03/02/2026', or '03/02/2026 to 05/31/2026' for a period; '' when no date is known."""
    if start is None:
        return ""
    if end is None or end == start:
        return f"{start:%m/%d/%Y}"
    return f"{start:%m/%d/%Y} to {end:%m/%d/%Y}"


def _empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | dict):
        return len(value) == 0
    return False


def body_sections(body: str, headings: list[str]) -> dict[str, str]:
    """The text under each of `headings` found in `body` (case-insensitive, whole line).

    A heading is a line of its own, optionally ending with a colon. A section runs until the
    next known heading.
    """
    wanted = {h.lower(): h for h in headings}
    sections: dict[str, list[str]] = {}
    current = None
    for line in (body or "").splitlines():
        label = line.strip().rstrip(":").strip().lower()
        if label in wanted:
            current = wanted[label]
            sections.setdefault(current, [])
            continue
        if current is not None:
            sections[current].append(line)
    return {heading: "\n".join(lines).strip() for heading, lines in sections.items()}


def letter_missing_elements(*, facts: dict, body: str, elements: tuple[Element, ...]) -> list[Missing]:
    """The required `elements` that `facts` and `body` do not yet provide, in table order.

    Source: per element (LMN: shared/domain.md §5; appeal: 42 CFR 405.944(b)).
    """
    headings = [e.heading for e in elements if e.heading]
    sections = body_sections(body, headings)
    missing = []
    for element in elements:
        absent = [key for key in element.facts if _empty(facts.get(key))]
        if absent:
            detail = "not on file: " + ", ".join(key.replace("_", " ") for key in absent)
            missing.append(Missing(element.key, element.label, detail, element.source))
            continue
        if element.heading:
            text = sections.get(element.heading)
            if text is None:
                detail = f"the letter has no “{element.heading}” section"
            elif not PLACEHOLDER.sub("", text).strip() or PLACEHOLDER.search(text):
                detail = f"the “{element.heading}” section still needs writing"
            else:
                continue
            missing.append(Missing(element.key, element.label, detail, element.source))
    # A [[…]] outside the sections already reported is unfinished text too (e.g. in the opening).
    reported = {e.heading for e in elements if e.heading and any(m.key == e.key for m in missing)}
    rest = body or ""
    for heading in reported:
        rest = rest.replace(sections.get(heading) or "\0", "")
    if PLACEHOLDER.search(rest):
        missing.append(
            Missing(
                "unfinished",
                "Unfinished text",
                "replace every [[…]] left by the drafting template with your own words",
                "letters/rules.py PLACEHOLDER (the drafting template's marker)",
            )
        )
    return missing


def required_elements(kind: str) -> tuple[Element, ...]:
    return REQUIRED_ELEMENTS[kind]


# --- Reminders ------------------------------------------------------------------------------

# Design choice (shared/domain.md §5 "Turnaround": no federal rule limits how long a practice
# takes; the app sets an internal SLA): remind the provider two days after a letter is ready.
SIGNATURE_REMINDER_DAYS = 2


def signature_reminder_due(*, awaiting_since: date, today: date, days: int = SIGNATURE_REMINDER_DAYS) -> date | None:
    """The day a signature reminder fell due, or None while it is not yet due."""
    due = awaiting_since + timedelta(days=days)
    return due if due <= today else None


def follow_up_due(*, submitted_on: date, today: date, follow_up_days: int) -> date | None:
    """The day staff should chase the payer for an answer, or None while it is not yet due.

    Source: payer profile `letter_follow_up_days` (default 14). ACA plans must answer a prior
    authorization within 15 days and CMS-0057-F payers within 7 days for standard requests
    (shared/domain.md §5 "Turnaround"), so silence after that is worth a call.
    """
    due = submitted_on + timedelta(days=follow_up_days)
    return due if due <= today else None


def request_overdue(*, due_date: date | None, today: date, sent: bool = False) -> bool:
    """True when a request the practice still owns is past its internal due date (the day itself
    is still on time). Once `sent` to the payer, the payer's turnaround applies instead
    (follow_up_due). Design choice: the due date is the practice's own SLA (shared/domain.md §5).
    """
    return not sent and due_date is not None and today > due_date


# --- Uploads --------------------------------------------------------------------------------

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# Source: file signatures ("magic numbers") from each format's specification: PDF 1.7
# (ISO 32000-1 §7.5.2 header "%PDF-"), PNG (RFC 2083 §3.1 signature), JPEG (JFIF SOI marker
# FF D8 followed by a marker FF), TIFF 6.0 §2 (byte order "II" + 42 or "MM" + 42).
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"II*\x00", "image/tiff", "tif"),
    (b"MM\x00*", "image/tiff", "tif"),
)

ALLOWED_UPLOADS = "PDF, PNG, JPEG or TIFF"


def upload_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) recognised from a file's first bytes, or None if not allowed."""
    for signature, content_type, extension in _SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def upload_problem(*, size: int, head: bytes) -> str | None:
    """Why an upload is refused, in words a clerk understands; None when it is acceptable."""
    if size == 0:
        return "The file is empty."
    if size > MAX_UPLOAD_BYTES:
        return f"The file is {size / 1024 / 1024:.1f} MB; the limit is {MAX_UPLOAD_BYTES // 1024 // 1024} MB. Scan it at a lower resolution or split it."
    if upload_type(head) is None:
        return f"Only {ALLOWED_UPLOADS} files can be attached; this file is none of these (whatever its name says)."
    return None


# The "RE:" line is one line of a letter and a 200-character column (Letter.subject); the
# full treatment is in the letter's facts and body, so a long one is cut at a word.
SUBJECT_MAX_LENGTH = 200


def subject_line(text: str, *, limit: int = SUBJECT_MAX_LENGTH) -> str:
    """`text` on one line, cut at a word boundary with an ellipsis when longer than `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:") + "…"
