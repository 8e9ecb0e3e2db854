"""ASC X12 005010X222A1 (837P, professional claim) writer.

Loops follow the implementation guide: 1000A submitter, 1000B receiver, 2000A/2010AA billing
provider (the practice, settings.PRACTICE), then per claim 2000B/2010BA subscriber (SBR02 18
when the patient is the policyholder, SBR09 by the payer's kind), 2010BB payer, 2000C/2010CA
patient (PAT01 the relationship) when the patient is not the subscriber, 2300 claim (CLM,
REF*F8 for corrections, HI diagnoses), 2310B rendering provider (NM1*82, PRV*PE taxonomy),
2400 service lines (LX, SV1, DTP*472, REF*6R line item control number).
Claims come in with patient, coverage__payer, rendering_provider and lines loaded.

Text is written in the X12 basic character set (005010X222A1 Appendix B.1.1.2.1): letters are
transliterated (Zoë → ZOE, Nguyễn → NGUYEN) with anyascii, never dropped, since payers match
the patient on name.
"""

import re
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

from anyascii import anyascii
from django.conf import settings

from . import rules

# The clearinghouse the practice sends to; production overrides settings.BILLING_X12.
X12_DEFAULTS = {
    "sender_id": "RIVERBEND",
    "receiver_id": "CLEARINGHOUSE",
    "receiver_name": "CLEARINGHOUSE",
    "contact_name": "BILLING OFFICE",
    "usage": "T",  # ISA15: T test, P production
    "taxonomy": "207RH0002X",  # Internal medicine, hospice and palliative medicine (NUCC)
}

_UNSAFE = re.compile(r"[^A-Z0-9 .,&'/-]")


def _text(value: str, limit: int = 60) -> str:
    """Upper-case basic-character-set text: letters transliterated, the delimiters (* ~ : ^)
    and other characters payers refuse left out."""
    return re.sub(r"\s+", " ", _UNSAFE.sub("", anyascii(value or "").upper())).strip()[:limit]


def line_control_number(claim, line) -> str:
    """The 837P line item control number (2400 REF*6R, up to 50 characters) the payer echoes in
    the 835 (2110 REF*6R), so its payment finds this line: the claim's number and the line's."""
    return f"{claim.patient_control_number}-{line.line_number}"


def _amount(value: Decimal) -> str:
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _split_name(full: str) -> tuple[str, str]:
    """("LAST", "FIRST") from "First Last" or "Last, First"."""
    full = (full or "").strip()
    if "," in full:
        last, first = (part.strip() for part in full.split(",", 1))
    else:
        *first_parts, last = full.split() or [""]
        first = " ".join(first_parts)
    return _text(last, 60), _text(first, 35)


def _config() -> dict:
    return {**X12_DEFAULTS, **getattr(settings, "BILLING_X12", {})}


def write_837p(claims, *, control_number: int, now: datetime) -> str:
    """One interchange with one 837P transaction holding every claim in `claims`."""
    return "".join(iter_837p(claims, control_number=control_number, now=now))


def iter_837p(claims, *, control_number: int, now: datetime) -> Iterator[str]:
    """`write_837p` a segment at a time, so a caller can stream the file: only the claim being
    written is held, whatever the number of claims (`claims` may be an iterator)."""
    cfg = _config()
    practice = settings.PRACTICE
    header = [
        ["BHT", "0019", "00", f"{control_number:09d}", f"{now:%Y%m%d}", f"{now:%H%M}", "CH"],
        ["NM1", "41", "2", _text(practice["name"]), "", "", "", "", "46", cfg["sender_id"]],
        ["PER", "IC", _text(cfg["contact_name"]), "TE", _digits(practice["phone"])],
        ["NM1", "40", "2", _text(cfg["receiver_name"]), "", "", "", "", "46", cfg["receiver_id"]],
        ["HL", "1", "", "20", "1"],
        ["PRV", "BI", "PXC", cfg["taxonomy"]],
        ["NM1", "85", "2", _text(practice["name"]), "", "", "", "", "XX", practice["npi"]],
        ["N3", _text(practice["address"], 55)],
        ["N4", _text(practice["city"], 30), practice["state"], _digits(practice["zip"])],
        ["REF", "EI", _digits(practice["tax_id"])],
    ]
    isa = [
        "ISA",
        "00",
        " " * 10,
        "00",
        " " * 10,
        "ZZ",
        cfg["sender_id"].ljust(15)[:15],
        "ZZ",
        cfg["receiver_id"].ljust(15)[:15],
        f"{now:%y%m%d}",
        f"{now:%H%M}",
        "^",
        "00501",
        f"{control_number:09d}",
        "0",
        cfg["usage"],
        ":",
    ]
    gs = ["GS", "HC", cfg["sender_id"], cfg["receiver_id"], f"{now:%Y%m%d}", f"{now:%H%M}", str(control_number), "X"]
    gs.append("005010X222A1")
    yield _segment(isa)
    yield _segment(gs)
    yield _segment(["ST", "837", "0001", "005010X222A1"])
    count = 1  # SE01 counts the segments from ST to SE
    for segment in header:
        yield _segment(segment)
    count += len(header)
    hl = 1
    for claim in claims:
        segments, hl = _claim_loops(claim, hl)
        count += len(segments)
        yield "".join(_segment(segment) for segment in segments)
    yield _segment(["SE", str(count + 1), "0001"])
    yield _segment(["GE", "1", str(control_number)])
    yield _segment(["IEA", "1", f"{control_number:09d}"])


def _claim_loops(claim, hl: int) -> tuple[list[list[str]], int]:
    """Loops 2000B-2400 of one claim, and the last HL number used."""
    segments: list[list[str]] = []
    add = segments.append
    hl += 1
    subscriber_hl = hl
    patient, coverage = claim.patient, claim.coverage
    payer = coverage.payer
    patient_is_subscriber = coverage.patient_is_subscriber
    add(["HL", str(subscriber_hl), "1", "22", "0" if patient_is_subscriber else "1"])
    add(
        [
            "SBR",
            "P" if coverage.priority == "primary" else "S",
            "18" if patient_is_subscriber else "",
            _text(coverage.group_number, 50),
            "",
            "",
            "",
            "",
            "",
            rules.claim_filing_indicator(payer.payer_type, payer.plan_type),
        ]
    )
    if patient_is_subscriber:
        last, first, middle = (
            _text(patient.last_name),
            _text(patient.first_name, 35),
            _text(patient.middle_name, 25),
        )
    else:
        (last, first), middle = _split_name(coverage.subscriber_name), ""
    add(["NM1", "IL", "1", last, first, middle, "", "", "MI", _text(coverage.member_id, 80)])
    if patient_is_subscriber:
        segments.extend(_address_and_demographics(patient))
    add(["NM1", "PR", "2", _text(payer.name), "", "", "", "", "PI", _text(payer.payer_id, 80)])
    if not patient_is_subscriber:
        hl += 1
        add(["HL", str(hl), str(subscriber_hl), "23", "0"])
        add(["PAT", coverage.relationship])
        add(
            [
                "NM1",
                "QC",
                "1",
                _text(patient.last_name),
                _text(patient.first_name, 35),
                _text(patient.middle_name, 25),
            ]
        )
        segments.extend(_address_and_demographics(patient))
    segments.extend(_claim_segments(claim))
    return segments, hl


def _segment(elements: list[str]) -> str:
    # Trailing empty elements are dropped, as the standard requires.
    while len(elements) > 1 and elements[-1] == "":
        elements = elements[:-1]
    return "*".join(elements) + "~\n"


def _address_and_demographics(patient) -> list[list[str]]:
    segments = [["N3", _text(patient.address_line1, 55)]]
    if patient.address_line2:
        segments[0].append(_text(patient.address_line2, 55))
    segments.append(["N4", _text(patient.city, 30), patient.state.upper(), _digits(patient.zip_code)])
    segments.append(["DMG", "D8", f"{patient.date_of_birth:%Y%m%d}", patient.sex])
    return segments


def _claim_segments(claim) -> list[list[str]]:
    lines = sorted(claim.lines.all(), key=lambda line: line.line_number)
    total = sum((line.charge for line in lines), Decimal("0"))
    segments = [
        [
            "CLM",
            claim.patient_control_number,
            _amount(total),
            "",
            "",
            f"{claim.place_of_service}:B:{claim.frequency_code}",
            "Y",  # provider signature on file
            "A",  # assignment accepted
            "Y",  # benefits assigned
            "Y",  # release of information
        ]
    ]
    if claim.frequency_code != "1" and claim.payer_claim_number:
        segments.append(["REF", "F8", _text(claim.payer_claim_number, 50)])
    codes = [code.replace(".", "") for code in claim.diagnosis_codes[:12]]
    if codes:
        segments.append(["HI", f"ABK:{codes[0]}", *(f"ABF:{code}" for code in codes[1:])])
    provider = claim.rendering_provider
    segments.append(
        ["NM1", "82", "1", _text(provider.last_name), _text(provider.first_name, 35), "", "", "", "XX", provider.npi]
    )
    if provider.taxonomy_code:
        segments.append(["PRV", "PE", "PXC", provider.taxonomy_code])
    for number, line in enumerate(lines, start=1):
        procedure = ":".join(["HC", line.procedure_code, *line.modifiers[:4]])
        pointers = ":".join(str(p) for p in line.diagnosis_pointers[:4])
        segments.append(["LX", str(number)])
        segments.append(["SV1", procedure, _amount(line.charge), "UN", str(line.units), "", "", pointers])
        segments.append(["DTP", "472", "D8", f"{line.date_of_service:%Y%m%d}"])
        segments.append(["REF", "6R", line_control_number(claim, line)])
    return segments
