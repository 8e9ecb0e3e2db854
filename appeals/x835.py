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
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from palliative.errors import DomainError

IMPLEMENTATION_GUIDE = "005010X221A1"
ZERO = Decimal("0")


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
    provider_adjustments: Decimal = ZERO  # PLB total
    claims: list[ClaimPayment] = field(default_factory=list)


# --- Reading ---------------------------------------------------------------------------------


def _validate(text: str) -> None:
    import pyx12.error_handler
    import pyx12.params
    import pyx12.x12n_document

    report = io.StringIO()
    try:
        ok = pyx12.x12n_document.x12n_document(
            param=pyx12.params.params(), src_file=io.StringIO(text), fd_997=None, fd_html=None, fd_json=report
        )
    except Exception as exc:  # pyx12 raises its own errors on files it cannot tokenise
        raise RemittanceFileError([f"ISA (segment 1): this is not an X12 file ({exc})"]) from exc
    if ok:
        return
    problems = _problems_from_report(report.getvalue())
    raise RemittanceFileError(problems or ["ISA (segment 1): this is not an X12 835 file (it must start with ISA)"])


def _problems_from_report(report: str) -> list[str]:
    import json

    try:
        data = json.loads(report) if report.strip() else {}
    except ValueError:
        return []
    problems: list[str] = []

    def add(seg_id: str, where, errors):
        for error in errors:
            problems.append(f"{seg_id} (segment {where}): {error['err_str']}")

    for interchange in data.get("interchanges", []):
        add("ISA/IEA", interchange.get("cur_line"), interchange.get("errors", []))
        for group in interchange.get("groups", []):
            if group.get("vriic") not in (None, IMPLEMENTATION_GUIDE):
                problems.append(f"GS (segment {group.get('cur_line')}): GS08 must be {IMPLEMENTATION_GUIDE}")
            add("GS/GE", group.get("cur_line"), group.get("errors", []))
            for transaction in group.get("transactions", []):
                add("ST/SE", transaction.get("cur_line"), transaction.get("errors", []))
                for segment in transaction.get("segments", []):
                    where = segment.get("cur_line")
                    add(segment["seg_id"], where, segment.get("errors", []))
                    for element in segment.get("elements", []):
                        add(segment["seg_id"], where, element.get("errors", []))
    return problems


def _money(value: str | None) -> Decimal:
    if value in (None, ""):
        return ZERO
    try:
        return Decimal(value)
    except InvalidOperation as exc:  # pyx12 has already checked the type; this is a safety net
        raise RemittanceFileError([f"not a number: {value!r}"]) from exc


def _date(value: str | None) -> date | None:
    return datetime.strptime(value, "%Y%m%d").date() if value else None


def _composite(segment, ref: str) -> list[str]:
    raw = segment.get_value(ref) or ""
    return [part for part in raw.split(":")] if raw else []


def _adjustments(segment) -> list[Adjustment]:
    group = segment.get_value("CAS01")
    found = []
    for i in range(6):
        reason = segment.get_value(f"CAS{2 + 3 * i:02d}")
        if not reason:
            continue
        quantity = segment.get_value(f"CAS{4 + 3 * i:02d}")
        found.append(
            Adjustment(
                group, reason, _money(segment.get_value(f"CAS{3 + 3 * i:02d}")), _money(quantity) if quantity else None
            )
        )
    return found


def parse_835(text: str) -> list[Remittance]:
    """Every payment (ST/SE transaction) in the file; raises RemittanceFileError if invalid."""
    import pyx12.error_handler
    import pyx12.params
    import pyx12.x12context

    text = text.strip()
    if not text.startswith("ISA"):
        raise RemittanceFileError(["ISA (segment 1): this is not an X12 file (it must start with ISA)"])
    logging.getLogger("pyx12").setLevel(logging.CRITICAL)
    _validate(text)

    remittances: list[Remittance] = []
    remittance = claim = service = None
    where: dict[int, str] = {}
    reader = pyx12.x12context.X12ContextReader(
        pyx12.params.params(), pyx12.error_handler.errh_null(), io.StringIO(text)
    )
    for number, node in enumerate(reader.iter_segments(), start=1):
        seg = node.seg_data
        seg_id, path = node.id, node.cur_path
        if seg_id == "ST":
            remittance = Remittance(payer_name="", trace_number="", payer_reference="", payment_amount=ZERO)
            remittances.append(remittance)
            claim = service = None
        elif seg_id == "BPR":
            remittance.payment_amount = _money(seg.get_value("BPR02"))
            remittance.payment_method = seg.get_value("BPR04") or ""
            remittance.payment_date = _date(seg.get_value("BPR16"))
        elif seg_id == "TRN":
            remittance.trace_number = seg.get_value("TRN02")
            remittance.payer_reference = seg.get_value("TRN03") or ""
        elif seg_id == "DTM" and path.endswith("HEADER/DTM"):
            remittance.production_date = _date(seg.get_value("DTM02"))
        elif seg_id == "N1" and "1000A" in path:
            remittance.payer_name = seg.get_value("N102") or ""
        elif seg_id == "REF" and "1000A" in path and seg.get_value("REF01") == "2U":
            remittance.payer_id = seg.get_value("REF02")
        elif seg_id == "N1" and "1000B" in path:
            remittance.payee_name = seg.get_value("N102") or ""
            remittance.payee_npi = seg.get_value("N104") or ""
        elif seg_id == "CLP":
            claim = ClaimPayment(
                patient_control_number=seg.get_value("CLP01"),
                status_code=seg.get_value("CLP02"),
                charge=_money(seg.get_value("CLP03")),
                paid=_money(seg.get_value("CLP04")),
                patient_responsibility=_money(seg.get_value("CLP05")),
                payer_claim_number=seg.get_value("CLP07") or "",
            )
            remittance.claims.append(claim)
            where[id(claim)] = f"CLP*{claim.patient_control_number} (segment {number})"
            service = None
        elif seg_id == "NM1" and path.endswith("2100/NM1[QC]"):
            claim.patient_last_name = seg.get_value("NM103") or ""
            claim.patient_first_name = seg.get_value("NM104") or ""
            claim.member_id = seg.get_value("NM109") or ""
        elif seg_id == "MOA":
            claim.remarks += [seg.get_value(f"MOA{i:02d}") for i in range(3, 8) if seg.get_value(f"MOA{i:02d}")]
        elif seg_id == "DTM" and "2100/DTM" in path and seg.get_value("DTM01") == "232":
            claim.statement_date = _date(seg.get_value("DTM02"))
        elif seg_id == "SVC":
            billed = _composite(seg, "SVC01")
            submitted = _composite(seg, "SVC06")
            service = ServicePayment(
                procedure_code=billed[1] if len(billed) > 1 else "",
                modifiers=[m for m in billed[2:6] if m],
                charge=_money(seg.get_value("SVC02")),
                paid=_money(seg.get_value("SVC03")),
                units=_money(seg.get_value("SVC05")) if seg.get_value("SVC05") else Decimal("1"),
                submitted_code=submitted[1] if len(submitted) > 1 else "",
                submitted_modifiers=[m for m in submitted[2:6] if m],
            )
            claim.services.append(service)
            where[id(service)] = (
                f"SVC*{service.procedure_code} of CLP*{claim.patient_control_number} (segment {number})"
            )
        elif seg_id == "DTM" and "2110" in path and seg.get_value("DTM01") in ("472", "150"):
            service.date_of_service = _date(seg.get_value("DTM02"))
        elif seg_id == "CAS":
            (service.adjustments if "2110" in path else claim.adjustments).extend(_adjustments(seg))
        elif seg_id == "REF" and "2110" in path and seg.get_value("REF01") == "6R":
            service.control_number = seg.get_value("REF02")
        elif seg_id == "AMT" and "2110" in path and seg.get_value("AMT01") == "B6":
            service.allowed = _money(seg.get_value("AMT02"))
        elif seg_id == "LQ" and seg.get_value("LQ01") == "HE":
            service.remarks.append(seg.get_value("LQ02"))
        elif seg_id == "PLB":
            for i in range(3, 15, 2):
                remittance.provider_adjustments += _money(seg.get_value(f"PLB{i + 1:02d}"))
    problems = [problem for r in remittances for problem in balance_problems(r, where)]
    if problems:
        raise RemittanceFileError(problems)
    return remittances


def balance_problems(remittance: Remittance, where: dict | None = None) -> list[str]:
    """The 835 balancing rules (005010X221A1 section 1.10.2): each line, each claim, the payment."""
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
        adjusted = line_adjustments + sum((a.amount for a in claim.adjustments), ZERO)
        if claim.charge - adjusted != claim.paid:
            problems.append(
                f"{label}: charge {claim.charge} less adjustments {adjusted} is {claim.charge - adjusted}, "
                f"not the {claim.paid} paid"
            )
        if claim.services and sum((s.paid for s in claim.services), ZERO) != claim.paid:
            problems.append(f"{label}: the service lines' payments do not add up to the claim payment {claim.paid}")
    total = sum((c.paid for c in remittance.claims), ZERO) - remittance.provider_adjustments
    if total != remittance.payment_amount:
        problems.append(
            f"BPR (payment {remittance.trace_number}): BPR02 is {remittance.payment_amount} but the claims pay {total}"
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
) -> str:
    """A 005010X221A1 file with one payment (ST/SE transaction) per remittance, each balanced."""
    created = created or datetime(2026, 1, 1, 12, 0)
    payments = remittance if isinstance(remittance, list) else [remittance]
    transactions = []
    for number, payment in enumerate(payments, start=1):
        transactions += _transaction(payment, f"{number:04d}", created=created, payee_tax_id=payee_tax_id)
    isa = (
        f"ISA*00*          *00*          *ZZ*{sender_id:<15}*ZZ*{receiver_id:<15}*{created:%y%m%d}*{created:%H%M}*^*00501*"
        f"{control_number:09d}*0*P*:"
    )
    gs = f"GS*HP*{sender_id}*{receiver_id}*{created:%Y%m%d}*{created:%H%M}*{control_number}*X*{IMPLEMENTATION_GUIDE}"
    segments = [isa, gs, *transactions, f"GE*{len(payments)}*{control_number}", f"IEA*1*{control_number:09d}"]
    return "~\n".join(segments) + "~\n"


def _transaction(remittance: Remittance, control: str, *, created: datetime, payee_tax_id: str) -> list[str]:
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
            composite = ":".join(["HC", service.procedure_code, *service.modifiers])
            svc = f"SVC*{composite}*{_amount(service.charge)}*{_amount(service.paid)}**{_amount(service.units)}"
            if service.submitted_code:
                svc += "*" + ":".join(["HC", service.submitted_code, *service.submitted_modifiers])
            body.append(svc)
            if service.date_of_service:
                body.append(f"DTM*472*{service.date_of_service:%Y%m%d}")
            body += _cas_segments(service.adjustments)
            if service.control_number:
                body.append(f"REF*6R*{service.control_number}")
            if service.allowed is not None:
                body.append(f"AMT*B6*{_amount(service.allowed)}")
            body += [f"LQ*HE*{code}" for code in service.remarks]
    body.append(f"SE*{len(body) + 1}*{control}")
    return body
