"""ASC X12 835 (005010X221A1) health care claim payment/advice: read and write. Pure: text in,
plain dataclasses out (and back), no database.

Reading validates the whole file with pyx12 against the 005010X221A1 map first, then checks
that the money balances (the guide's balancing rules: a service line's charge less its
adjustments is its payment; a claim's charge less all its adjustments is its payment; the
payment in BPR02 is the sum of the claims' payments less provider-level adjustments). Any
problem refuses the file with the segment and the reason, so nothing of a bad file is posted.

Writing builds a balanced, pyx12-valid 835 from the same dataclasses; it is used for the demo
practice's remittance and for test files.
"""

import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from palliative.errors import DomainError

IMPLEMENTATION_GUIDE = "005010X221A1"
ZERO = Decimal("0")


# A refused file lists at most this many problems; a payer's file with one error in every
# service line would otherwise give the clerk hundreds of lines of the same reason.
PROBLEMS_SHOWN = 10


def problems_shown(problems: list[str], limit: int = PROBLEMS_SHOWN) -> tuple[list[str], int]:
    """The first `limit` problems, and how many more there are."""
    return list(problems[:limit]), max(0, len(problems) - limit)


def problems_text(problems: list[str]) -> str:
    """The problems in one line for the command line: the first ten, then how many more."""
    shown, more = problems_shown(problems)
    return "; ".join(shown) + (f"; and {more} more problem(s) of the file" if more else "")


class RemittanceFileError(DomainError, ValueError):
    """The file is not a valid 835; `problems` lists each as 'SEGMENT (segment n): reason'."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class Adjustment:
    group: str
    reason: str
    amount: Decimal
    quantity: Decimal | None = None


@dataclass
class ServicePayment:
    procedure_code: str
    modifiers: list[str]
    charge: Decimal
    paid: Decimal
    units: Decimal = Decimal("1")
    date_of_service: date | None = None
    adjustments: list[Adjustment] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    # SVC06: what was billed, when the payer paid a different code or modifiers.
    submitted_code: str = ""
    submitted_modifiers: list[str] = field(default_factory=list)
    control_number: str = ""  # REF*6R line item control number, echoed from the 837P
    allowed: Decimal | None = None
    code_qualifier: str = "HC"  # SVC01-1: HC (CPT/HCPCS), N4 (NDC), ...


@dataclass
class ClaimPayment:
    patient_control_number: str
    status_code: str
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal = ZERO
    payer_claim_number: str = ""
    patient_last_name: str = ""
    patient_first_name: str = ""
    member_id: str = ""
    statement_date: date | None = None
    adjustments: list[Adjustment] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # MOA claim-level remark codes
    services: list[ServicePayment] = field(default_factory=list)

    @property
    def is_denied(self) -> bool:
        return self.status_code == "4"

    @property
    def is_reversal(self) -> bool:
        return self.status_code == "22"


@dataclass
class ProviderAdjustment:
    """One PLB adjustment: not tied to a claim (interest L6, overpayment recovery WO, ...).
    A positive amount reduces the payment; a negative one adds to it (005010X221A1 PLB04)."""

    reason: str
    reference: str
    amount: Decimal
    provider_id: str = ""
    fiscal_period_date: date | None = None


@dataclass
class Remittance:
    payer_name: str
    trace_number: str
    payer_reference: str  # TRN03: the payer's identifier ("1" + tax id)
    payment_amount: Decimal
    payment_method: str = "CHK"
    payment_date: date | None = None
    production_date: date | None = None
    payer_id: str = ""  # REF*2U, when the payer sends it
    payee_name: str = ""
    payee_npi: str = ""
    provider_adjustments: list[ProviderAdjustment] = field(default_factory=list)  # PLB rows
    claims: list[ClaimPayment] = field(default_factory=list)

    @property
    def provider_adjustment_total(self) -> Decimal:
        return sum((a.amount for a in self.provider_adjustments), ZERO)


# --- Reading ---------------------------------------------------------------------------------
# The envelope is read, never assumed (X12 005010X221A1 Appendix B.1: the ISA is fixed-length,
# its 4th character is the element separator, ISA11 the repetition separator, ISA16 the
# component separator and the character after ISA16 the segment terminator). A file may carry
# several interchanges, each with its own separators.

VERSION = "00501"
GUIDE_NAMES = {
    "004010X091A1": "the old 4010 remittance (004010X091A1)",
    "004010X091": "the old 4010 remittance (004010X091)",
    "005010X222A1": "a professional claim (837P)",
    "005010X222A2": "a professional claim (837P)",
    "005010X223A2": "an institutional claim (837I)",
    "005010X223A3": "an institutional claim (837I)",
    "005010X224A2": "a dental claim (837D)",
}
TRANSACTION_NAMES = {
    "837": "a claim (837)",
    "270": "an eligibility inquiry (270)",
    "271": "an eligibility answer (271)",
    "276": "a claim status inquiry (276)",
    "277": "a claim status answer (277)",
    "999": "an acknowledgment (999)",
    "997": "an acknowledgment (997)",
}
# ISA element widths (005010X221A1 Appendix B, ISA segment): ids are padded with spaces.
ISA_PADDED = {2: 10, 4: 10, 6: 15, 8: 15}
BYTE_ORDER_MARKS = ("\ufeff", "\u00ef\u00bb\u00bf")


@dataclass(frozen=True)
class Separators:
    element: str
    component: str
    repetition: str
    segment: str


@dataclass
class Segment:
    number: int  # position in the file, counting from 1
    elements: list[str]  # elements[0] is the segment id
    separators: Separators

    @property
    def id(self) -> str:
        return self.elements[0]

    def get(self, index: int) -> str:
        return self.elements[index].strip() if index < len(self.elements) else ""

    def parts(self, index: int) -> list[str]:
        value = self.get(index)
        return value.split(self.separators.component) if value else []

    def where(self) -> str:
        return f"{self.id} (segment {self.number})"


def decode(raw: bytes) -> str:
    """An uploaded file's text: UTF-8 (with or without a byte-order mark) or, failing that, Latin-1."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _strip_bom(text: str) -> str:
    text = text.lstrip(" \t\r\n")
    for mark in BYTE_ORDER_MARKS:
        if text.startswith(mark):
            return text[len(mark) :].lstrip(" \t\r\n")
    return text


def _read_isa(text: str, start: int, number: int) -> tuple[Segment, int]:
    """The ISA at `start` and the position just after its terminator."""
    element = text[start + 3 : start + 4]
    if not element or element.isalnum() or element.isspace():
        raise RemittanceFileError(
            [f"ISA (segment {number}): the interchange header has no element separator after ISA."]
        )
    found, position = 0, start + 3
    while found < 16:
        position = text.find(element, position)
        if position < 0:
            raise RemittanceFileError(
                [
                    f"ISA (segment {number}): the interchange header is cut short: an ISA has 16 elements, this one {found}."
                ]
            )
        found += 1
        position += 1
    component, terminator = text[position : position + 1], text[position + 1 : position + 2]
    if not component or not terminator:
        raise RemittanceFileError([f"ISA (segment {number}): the file ends inside the interchange header."])
    if component.isalnum() or terminator.isalnum() or len({element, component, terminator}) < 3:
        raise RemittanceFileError(
            [
                f"ISA (segment {number}): ISA16 ({component!r}) and the segment terminator ({terminator!r}) must be two "
                f"different punctuation characters, distinct from the element separator ({element!r})."
            ]
        )
    elements = [*text[start:position].split(element)[:16], component]
    repetition = elements[11] if elements[12] >= "00402" and not elements[11].isalnum() else ""
    separators = Separators(element, component, repetition, terminator)
    return Segment(number, elements, separators), position + 2


def read_segments(text: str) -> list[Segment]:
    """Every segment of every interchange, each with the separators its ISA declares."""
    text = _strip_bom(text)
    segments: list[Segment] = []
    position = 0
    while True:
        while position < len(text) and text[position] in " \t\r\n\x00\x1a":
            position += 1
        if position >= len(text):
            break
        number = len(segments) + 1
        if not text.startswith("ISA", position):
            raise RemittanceFileError([_not_an_interchange(text[position:], number)])
        isa, position = _read_isa(text, position, number)
        segments.append(isa)
        separators = isa.separators
        ending = text.find(f"{separators.segment}IEA{separators.element}", position - 1)
        if ending < 0:
            ending = _find_after_whitespace(text, position - 1, separators)
        stop = len(text) if ending < 0 else text.find(separators.segment, ending + 1)
        stop = len(text) if stop < 0 else stop + 1
        for piece in text[position:stop].split(separators.segment):
            piece = piece.strip(" \t\r\n")
            if piece:
                segments.append(Segment(len(segments) + 1, piece.split(separators.element), separators))
        position = stop
    if not segments:
        raise RemittanceFileError(["(segment 1): the file is empty."])
    return segments


def _find_after_whitespace(text: str, start: int, separators: Separators) -> int:
    """The terminator before an IEA that sits on its own line ("~\nIEA*")."""
    pattern = re.compile(re.escape(separators.segment) + r"\s*IEA" + re.escape(separators.element))
    match = pattern.search(text, start)
    return match.start() if match else -1


def _not_an_interchange(text: str, number: int) -> str:
    head = text[:3]
    if head in ("ST*", "GS*", "BPR") or text.startswith(("ST", "GS")):
        seg_id = text.split("*", 1)[0][:3]
        return (
            f"{seg_id} (segment {number}): the file has no interchange header (ISA): it starts with {seg_id}, so its "
            "separators, sender and control number cannot be read. Ask the payer or clearinghouse for the complete "
            "file, from ISA to IEA."
        )
    preview = " ".join(text[:20].split())
    return f"(segment {number}): this is not an X12 file: an 835 starts with ISA, this one with {preview!r}."


def _check_envelope(segments: list[Segment]) -> None:
    """Refuse what is not a 5010 835 before anything else is read (the version is always checked)."""
    problems = []
    transactions = 0
    for segment in segments:
        if segment.id == "ISA" and segment.get(12) != VERSION:
            version = segment.get(12)
            label = " (4010)" if version == "00401" else ""
            problems.append(
                f"{segment.where()}: this interchange is X12 version {version}{label}; only version 5010 835s "
                f"({IMPLEMENTATION_GUIDE}) are accepted. Ask the payer for the 5010 file."
            )
        elif segment.id == "GS":
            kind, guide = segment.get(1), segment.get(8)
            if kind != "HP":
                what = "claims (837)" if kind == "HC" else f"functional group {kind!r}"
                problems.append(f"{segment.where()}: this file holds {what}, not a payment advice (835).")
            elif guide != IMPLEMENTATION_GUIDE:
                what = GUIDE_NAMES.get(guide, f"version {guide!r}")
                problems.append(
                    f"{segment.where()}: GS08 says {what}; only {IMPLEMENTATION_GUIDE} remittances are accepted."
                )
        elif segment.id == "ST":
            transactions += 1
            if segment.get(1) != "835":
                what = TRANSACTION_NAMES.get(segment.get(1), f"a transaction {segment.get(1)!r}")
                problems.append(f"{segment.where()}: this transaction is {what}, not a payment advice (835).")
    if not problems and not transactions:
        problems.append("(segment 1): the file holds no payment: there is no ST*835 transaction in it.")
    if problems:
        raise RemittanceFileError(list(dict.fromkeys(problems)))


def _check_provider_adjustments(segments: list[Segment]) -> None:
    """PLB pairs (005010X221A1 PLB03-PLB14): an adjustment identifier (reason code, then its
    reference, in one composite) and an amount. pyx12 cannot read a malformed pair, so it is
    checked here first."""
    problems = []
    for segment in segments:
        if segment.id != "PLB":
            continue
        if not segment.get(3):
            problems.append(f"{segment.where()}: PLB03 (the first adjustment's reason code) is missing.")
        for pair, index in enumerate(range(3, 15, 2), start=1):
            identifier, amount = segment.get(index), segment.get(index + 1)
            if not identifier and not amount:
                continue
            parts = segment.parts(index)
            if not identifier:
                problems.append(f"{segment.where()}: adjustment {pair} has an amount ({amount}) but no reason code.")
            elif len(parts) > 2:
                problems.append(
                    f"{segment.where()}: adjustment {pair} ({identifier!r}) should be a reason code and a reference "
                    f"separated by {segment.separators.component!r}; it has {len(parts)} parts."
                )
            if identifier and not amount:
                problems.append(f"{segment.where()}: adjustment {pair} ({identifier!r}) has no amount.")
            elif amount and not _is_number(amount):
                problems.append(f"{segment.where()}: adjustment {pair} amount {amount!r} is not a number.")
    if problems:
        raise RemittanceFileError(problems)


def _is_number(value: str) -> bool:
    try:
        Decimal(value)
    except InvalidOperation:
        return False
    return True


def _normalized(segments: list[Segment]) -> str:
    """The file as pyx12 reads it: one segment a line, and an unpadded ISA padded to its fixed
    width (ISA02/04 10 characters, ISA06/08 15), which is all that many payers get wrong."""
    lines = []
    for segment in segments:
        elements = segment.elements
        if segment.id == "ISA":
            elements = [value.ljust(ISA_PADDED[i]) if i in ISA_PADDED else value for i, value in enumerate(elements)]
        lines.append(segment.separators.element.join(elements) + segment.separators.segment)
    return "\n".join(lines) + "\n"


def _validate(segments: list[Segment]) -> None:
    """pyx12 against the 005010X221A1 map, one interchange at a time: pyx12 keeps the first
    ISA's separators for the whole stream, and each interchange may declare its own."""
    interchanges: list[list[Segment]] = []
    for segment in segments:
        if segment.id == "ISA" or not interchanges:
            interchanges.append([])
        interchanges[-1].append(segment)
    problems = []
    for interchange in interchanges:
        problems += _validate_interchange(interchange)
    if problems:
        raise RemittanceFileError(problems)


def _validate_interchange(segments: list[Segment]) -> list[str]:
    import pyx12.error_handler
    import pyx12.params
    import pyx12.x12n_document

    report = io.StringIO()
    offset = segments[0].number - 1
    try:
        ok = pyx12.x12n_document.x12n_document(
            param=pyx12.params.params(),
            src_file=io.StringIO(_normalized(segments)),
            fd_997=None,
            fd_html=None,
            fd_json=report,
        )
    except Exception as exc:  # pyx12 raises its own errors on what it cannot tokenise
        problems = _problems_from_report(report.getvalue(), segments, offset)
        return problems or [f"ISA (segment {offset + 1}): the X12 checker could not read this interchange ({exc})."]
    if ok:
        return []
    problems = _problems_from_report(report.getvalue(), segments, offset)
    return problems or [f"ISA (segment {offset + 1}): the X12 checker refused this interchange without saying why."]


def _plain(error: str) -> str:
    """pyx12's wording, without the map path a biller cannot use."""
    error = error.split("  Started at ")[0].strip()
    if error.startswith("Segment ") and error.endswith("not found."):
        found = error[len("Segment ") : -len(" not found.")]
        return f"{found} is not expected at this point of an 835 (wrong qualifier, or out of place)"
    return error


def _problems_from_report(report: str, segments: list[Segment], offset: int) -> list[str]:
    import json

    try:
        data = json.loads(report) if report.strip() else {}
    except ValueError:
        return []
    problems: list[str] = []
    by_number = {segment.number: segment.id for segment in segments}

    def add(seg_id: str, where, errors):
        where = where + offset if isinstance(where, int) else where
        for error in errors:
            text = _plain(error["err_str"])
            if text.startswith("Mandatory segment"):
                problems.append(f"(before segment {where}): {text}")
            else:
                problems.append(f"{by_number.get(where, seg_id)} (segment {where}): {text}")

    for interchange in data.get("interchanges", []):
        add("ISA/IEA", interchange.get("cur_line"), interchange.get("errors", []))
        for group in interchange.get("groups", []):
            add("GS/GE", group.get("cur_line"), group.get("errors", []))
            for transaction in group.get("transactions", []):
                add("ST/SE", transaction.get("cur_line"), transaction.get("errors", []))
                for segment in transaction.get("segments", []):
                    where = segment.get("cur_line")
                    add(segment["seg_id"], where, segment.get("errors", []))
                    for element in segment.get("elements", []):
                        add(segment["seg_id"], where, element.get("errors", []))
    return list(dict.fromkeys(problems))


def _money(value: str | None) -> Decimal:
    if value in (None, ""):
        return ZERO
    try:
        return Decimal(value)
    except InvalidOperation as exc:  # pyx12 has already checked the type; this is a safety net
        raise RemittanceFileError([f"not a number: {value!r}"]) from exc


def _date(value: str | None) -> date | None:
    return datetime.strptime(value, "%Y%m%d").date() if value else None


def _adjustments(segment: Segment) -> list[Adjustment]:
    group = segment.get(1)
    found = []
    for i in range(6):
        reason = segment.get(2 + 3 * i)
        if not reason:
            continue
        quantity = segment.get(4 + 3 * i)
        found.append(Adjustment(group, reason, _money(segment.get(3 + 3 * i)), _money(quantity) if quantity else None))
    return found


def check_envelope(text: str) -> None:
    """The quick checks, without pyx12: an X12 interchange, 5010, payment advices (835), PLBs
    readable. Raises RemittanceFileError; used before a file is queued for import."""
    segments = read_segments(text)
    _check_envelope(segments)
    _check_provider_adjustments(segments)


def parse_835(text: str) -> list[Remittance]:
    """Every payment (ST/SE transaction) in the file; raises RemittanceFileError if invalid.

    The envelope is read first (separators, version, transaction kind), then pyx12 checks the
    whole file against the 005010X221A1 map, then the money must balance."""
    logging.getLogger("pyx12").setLevel(logging.CRITICAL)
    segments = read_segments(text)
    _check_envelope(segments)
    _check_provider_adjustments(segments)
    _validate(segments)
    remittances, where = _read_payments(segments)
    problems = _claim_problems(remittances, where)
    problems += [problem for r in remittances for problem in balance_problems(r, where)]
    if problems:
        raise RemittanceFileError(problems)
    return remittances


def _read_payments(segments: list[Segment]) -> tuple[list[Remittance], dict[int, str]]:
    remittances: list[Remittance] = []
    remittance = claim = service = None
    where: dict[int, str] = {}
    loop = ""
    for seg in segments:
        seg_id = seg.id
        if seg_id == "ST":
            remittance = Remittance(payer_name="", trace_number="", payer_reference="", payment_amount=ZERO)
            remittances.append(remittance)
            claim = service = None
            loop = "header"
        elif seg_id == "SE":
            loop = ""
        elif remittance is None:
            continue
        elif seg_id == "BPR":
            remittance.payment_amount = _money(seg.get(2))
            remittance.payment_method = seg.get(4)
            remittance.payment_date = _date(seg.get(16))
            where[id(remittance)] = f"BPR (segment {seg.number})"
        elif seg_id == "TRN":
            remittance.trace_number = seg.get(2)
            remittance.payer_reference = seg.get(3)
        elif seg_id == "DTM" and loop == "header" and seg.get(1) == "405":
            remittance.production_date = _date(seg.get(2))
        elif seg_id == "N1" and seg.get(1) == "PR":
            loop = "1000A"
            remittance.payer_name = seg.get(2)
        elif seg_id == "REF" and loop == "1000A" and seg.get(1) == "2U":
            remittance.payer_id = seg.get(2)
        elif seg_id == "N1" and seg.get(1) == "PE":
            loop = "1000B"
            remittance.payee_name = seg.get(2)
            remittance.payee_npi = seg.get(4)
        elif seg_id == "LX":
            loop = "2000"
        elif seg_id == "CLP":
            loop = "2100"
            claim = ClaimPayment(
                patient_control_number=seg.get(1),
                status_code=seg.get(2),
                charge=_money(seg.get(3)),
                paid=_money(seg.get(4)),
                patient_responsibility=_money(seg.get(5)),
                payer_claim_number=seg.get(7),
            )
            remittance.claims.append(claim)
            where[id(claim)] = f"CLP*{claim.patient_control_number} (segment {seg.number})"
            service = None
        elif seg_id == "NM1" and loop == "2100" and seg.get(1) == "QC":
            claim.patient_last_name = seg.get(3)
            claim.patient_first_name = seg.get(4)
            claim.member_id = seg.get(9)
        elif seg_id == "MOA":
            claim.remarks += [seg.get(i) for i in range(3, 8) if seg.get(i)]
        elif seg_id == "DTM" and loop == "2100" and seg.get(1) == "232":
            claim.statement_date = _date(seg.get(2))
        elif seg_id == "SVC":
            loop = "2110"
            billed, submitted = seg.parts(1), seg.parts(6)
            service = ServicePayment(
                procedure_code=billed[1] if len(billed) > 1 else "",
                code_qualifier=billed[0] if billed else "",
                modifiers=[m for m in billed[2:6] if m],
                charge=_money(seg.get(2)),
                paid=_money(seg.get(3)),
                units=_money(seg.get(5)) if seg.get(5) else Decimal("1"),
                submitted_code=submitted[1] if len(submitted) > 1 else "",
                submitted_modifiers=[m for m in submitted[2:6] if m],
            )
            claim.services.append(service)
            where[id(service)] = (
                f"SVC*{service.procedure_code} of CLP*{claim.patient_control_number} (segment {seg.number})"
            )
        elif seg_id == "DTM" and loop == "2110" and seg.get(1) in ("472", "150"):
            service.date_of_service = _date(seg.get(2))
        elif seg_id == "CAS" and loop in ("2100", "2110"):
            (service.adjustments if loop == "2110" else claim.adjustments).extend(_adjustments(seg))
        elif seg_id == "REF" and loop == "2110" and seg.get(1) == "6R":
            service.control_number = seg.get(2)
        elif seg_id == "AMT" and loop == "2110" and seg.get(1) == "B6":
            service.allowed = _money(seg.get(2))
        elif seg_id == "LQ" and loop == "2110" and seg.get(1) == "HE":
            service.remarks.append(seg.get(2))
        elif seg_id == "PLB":
            loop = "footer"
            for index in range(3, 15, 2):
                parts = seg.parts(index)
                if parts:
                    remittance.provider_adjustments.append(
                        ProviderAdjustment(
                            reason=parts[0],
                            reference=parts[1] if len(parts) > 1 else "",
                            amount=_money(seg.get(index + 1)),
                            provider_id=seg.get(1),
                            fiscal_period_date=_date(seg.get(2)),
                        )
                    )
    return remittances, where


def _claim_problems(remittances: list[Remittance], where: dict[int, str]) -> list[str]:
    """A claim payment repeated in one file, or negative money outside a reversal, would post
    money that was never paid (005010X221A1 §1.10.2.8: only a reversal, CLP02 = 22, negates)."""
    problems, seen = [], {}
    for remittance in remittances:
        for claim in remittance.claims:
            label = where.get(id(claim), f"CLP*{claim.patient_control_number}")
            key = (claim.patient_control_number, claim.status_code, claim.charge, claim.paid, claim.payer_claim_number)
            if key in seen:
                problems.append(
                    f"{label}: repeats {seen[key]} (same claim, status, amounts and payer claim number); the same "
                    "claim payment cannot be posted twice, so the file is refused."
                )
            seen.setdefault(key, label)
            if claim.is_reversal:
                continue
            negative = [("the claim payment", claim.paid), ("the claim charge", claim.charge)] + [
                (f"the payment of line {s.procedure_code}", s.paid) for s in claim.services
            ]
            for what, amount in negative:
                if amount < 0:
                    problems.append(
                        f"{label}: {what} is negative ({amount}) but the claim is not a reversal (CLP02 is "
                        f"{claim.status_code}, not 22); negative money is only posted as a reversal."
                    )
    return problems


def balance_problems(remittance: Remittance, where: dict | None = None) -> list[str]:
    """The 835 balancing rules, no stricter and no looser (005010X221A1 §1.10.2.1):
    - service line: SVC02 (charge) − the line's CAS = SVC03 (payment);
    - claim: CLP03 (charge) − all claim- and line-level CAS = CLP04 (payment), and when line
      detail is sent, ΣSVC03 − claim-level CAS = CLP04 (claim-level CAS beside lines is allowed);
    - transaction: ΣCLP04 − ΣPLB = BPR02.
    A reversal (CLP02 = 22) carries negated amounts and balances by the same rules."""
    where = where or {}
    problems = []
    for claim in remittance.claims:
        label = where.get(id(claim), f"CLP*{claim.patient_control_number}")
        line_adjustments = ZERO
        for service in claim.services:
            adjusted = sum((a.amount for a in service.adjustments), ZERO)
            line_adjustments += adjusted
            if service.charge - adjusted != service.paid:
                problems.append(
                    f"{where.get(id(service), 'SVC*' + service.procedure_code)}: charge {service.charge} less "
                    f"adjustments {adjusted} is {service.charge - adjusted}, not the {service.paid} paid"
                )
        claim_level = sum((a.amount for a in claim.adjustments), ZERO)
        adjusted = line_adjustments + claim_level
        if claim.charge - adjusted != claim.paid:
            problems.append(
                f"{label}: charge {claim.charge} less adjustments {adjusted} is {claim.charge - adjusted}, "
                f"not the {claim.paid} paid"
            )
        if claim.services:
            lines_paid = sum((s.paid for s in claim.services), ZERO)
            if lines_paid - claim_level != claim.paid:
                problems.append(
                    f"{label}: the lines pay {lines_paid} less claim-level adjustments {claim_level}, which is "
                    f"{lines_paid - claim_level}, not the claim payment {claim.paid}"
                )
    total = sum((c.paid for c in remittance.claims), ZERO) - remittance.provider_adjustment_total
    if total != remittance.payment_amount:
        label = where.get(id(remittance), "BPR")
        plb = (
            f" after provider adjustments of {remittance.provider_adjustment_total}"
            if remittance.provider_adjustments
            else ""
        )
        problems.append(
            f"{label}: payment {remittance.trace_number} says BPR02 is {remittance.payment_amount} but its claims "
            f"pay {total}{plb}"
        )
    return problems


# --- Writing ---------------------------------------------------------------------------------


def _amount(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _cas_segments(adjustments: list[Adjustment]) -> list[str]:
    segments, by_group = [], {}
    for adjustment in adjustments:
        by_group.setdefault(adjustment.group, []).append(adjustment)
    for group, items in by_group.items():
        for start in range(0, len(items), 6):
            parts = ["CAS", group]
            for a in items[start : start + 6]:
                parts += [a.reason, _amount(a.amount), _amount(a.quantity) if a.quantity is not None else ""]
            segments.append("*".join(parts).rstrip("*"))
    return segments


def build_835(
    remittance: "Remittance | list[Remittance]",
    *,
    sender_id: str = "PAYER",
    receiver_id: str = "PRACTICE",
    control_number: int = 1,
    created: datetime | None = None,
    payee_tax_id: str = "123456789",
    component: str = ":",
) -> str:
    """A 005010X221A1 file with one payment (ST/SE transaction) per remittance, each balanced.
    `component` is the ISA16 separator (UnitedHealthcare and many Medicaid plans send `>`)."""
    created = created or datetime(2026, 1, 1, 12, 0)
    payments = remittance if isinstance(remittance, list) else [remittance]
    transactions = []
    for number, payment in enumerate(payments, start=1):
        transactions += _transaction(
            payment, f"{number:04d}", created=created, payee_tax_id=payee_tax_id, component=component
        )
    isa = (
        f"ISA*00*          *00*          *ZZ*{sender_id:<15}*ZZ*{receiver_id:<15}*{created:%y%m%d}*{created:%H%M}*^*00501*"
        f"{control_number:09d}*0*P*{component}"
    )
    gs = f"GS*HP*{sender_id}*{receiver_id}*{created:%Y%m%d}*{created:%H%M}*{control_number}*X*{IMPLEMENTATION_GUIDE}"
    segments = [isa, gs, *transactions, f"GE*{len(payments)}*{control_number}", f"IEA*1*{control_number:09d}"]
    return "~\n".join(segments) + "~\n"


def _transaction(
    remittance: Remittance, control: str, *, created: datetime, payee_tax_id: str, component: str
) -> list[str]:
    paid_on = remittance.payment_date or created.date()
    method = remittance.payment_method or "CHK"
    if remittance.payment_amount == 0:
        bpr = f"BPR*H*0*C*NON************{paid_on:%Y%m%d}"
    elif method == "ACH":
        bpr = (
            f"BPR*I*{_amount(remittance.payment_amount)}*C*ACH*CCP*01*999999992*DA*123456*1512345678**"
            f"01*999988880*DA*98765*{paid_on:%Y%m%d}"
        )
    else:
        bpr = f"BPR*I*{_amount(remittance.payment_amount)}*C*{method}************{paid_on:%Y%m%d}"
    body = [
        f"ST*835*{control}",
        bpr,
        f"TRN*1*{remittance.trace_number}*{remittance.payer_reference or '1512345678'}",
        f"DTM*405*{(remittance.production_date or paid_on):%Y%m%d}",
        f"N1*PR*{remittance.payer_name.upper()}",
        "N3*PO BOX 1",
        "N4*SPRINGFIELD*IL*62701",
    ]
    if remittance.payer_id:
        body.append(f"REF*2U*{remittance.payer_id}")
    body += [
        "PER*BL*PROVIDER SERVICES*TE*5555550000",
        f"N1*PE*{(remittance.payee_name or 'PALLIATIVE CARE PRACTICE').upper()}*XX*{remittance.payee_npi or '1234567893'}",
        "N3*123 MAIN ST",
        "N4*SPRINGFIELD*IL*62701",
        f"REF*TJ*{payee_tax_id}",
    ]
    for number, claim in enumerate(remittance.claims, start=1):
        body.append(f"LX*{number}")
        body.append(
            f"CLP*{claim.patient_control_number}*{claim.status_code}*{_amount(claim.charge)}*{_amount(claim.paid)}*"
            f"{_amount(claim.patient_responsibility) if claim.patient_responsibility else ''}*MB*"
            f"{claim.payer_claim_number or f'PCN{number:010d}'}*11*1"
        )
        body += _cas_segments(claim.adjustments)
        body.append(
            f"NM1*QC*1*{claim.patient_last_name.upper() or 'PATIENT'}*{claim.patient_first_name.upper()}****MI*"
            f"{claim.member_id or 'UNKNOWN'}"
        )
        if claim.remarks:
            body.append("MOA***" + "*".join(claim.remarks[:5]))
        if claim.statement_date:
            body.append(f"DTM*232*{claim.statement_date:%Y%m%d}")
        for service in claim.services:
            composite = component.join([service.code_qualifier, service.procedure_code, *service.modifiers])
            svc = f"SVC*{composite}*{_amount(service.charge)}*{_amount(service.paid)}**{_amount(service.units)}"
            if service.submitted_code:
                svc += "*" + component.join(
                    [service.code_qualifier, service.submitted_code, *service.submitted_modifiers]
                )
            body.append(svc)
            if service.date_of_service:
                body.append(f"DTM*472*{service.date_of_service:%Y%m%d}")
            body += _cas_segments(service.adjustments)
            if service.control_number:
                body.append(f"REF*6R*{service.control_number}")
            if service.allowed is not None:
                body.append(f"AMT*B6*{_amount(service.allowed)}")
            body += [f"LQ*HE*{code}" for code in service.remarks]
    provider = remittance.payee_npi or "1234567893"
    for start in range(0, len(remittance.provider_adjustments), 6):
        plb = [f"PLB*{provider}*{paid_on.year}1231"]
        for adjustment in remittance.provider_adjustments[start : start + 6]:
            identifier = component.join(filter(None, [adjustment.reason, adjustment.reference]))
            plb.append(f"{identifier}*{_amount(adjustment.amount)}")
        body.append("*".join(plb))
    body.append(f"SE*{len(body) + 1}*{control}")
    return body
