"""ASC X12 005010X222A1 (837P, professional claim) writer.

Loops follow the implementation guide: 1000A submitter, 1000B receiver, 2000A/2010AA billing
provider (the practice, settings.PRACTICE), then per claim 2000B/2010BA subscriber, 2010BB
payer, 2000C/2010CA patient when the patient is not the subscriber, 2300 claim (CLM, REF*F8
for corrections, HI diagnoses), 2310B rendering provider, 2400 service lines (LX, SV1, DTP*472).
Claims come in with patient, coverage__payer, rendering_provider and lines loaded.
"""

import re
from datetime import datetime
from decimal import Decimal

from django.conf import settings

# The clearinghouse the practice sends to; production overrides settings.BILLING_X12.
X12_DEFAULTS = {
    "sender_id": "RIVERBEND",
    "receiver_id": "CLEARINGHOUSE",
    "receiver_name": "CLEARINGHOUSE",
    "contact_name": "BILLING OFFICE",
    "usage": "T",  # ISA15: T test, P production
    "taxonomy": "207RH0002X",  # Internal medicine, hospice and palliative medicine (NUCC)
}

# SBR09 claim filing indicator by payer type (X12 code list 1032).
FILING_INDICATOR = {"medicare": "MB", "medicaid": "MC", "commercial": "CI"}

_UNSAFE = re.compile(r"[^A-Z0-9 .,&'/-]")


def _text(value: str, limit: int = 60) -> str:
    """Upper case without the delimiters (* ~ : ^) or other characters payers refuse."""
    return re.sub(r"\s+", " ", _UNSAFE.sub("", (value or "").upper())).strip()[:limit]


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
    cfg = _config()
    practice = settings.PRACTICE
    segments: list[list[str]] = []
    add = segments.append

    add(["BHT", "0019", "00", f"{control_number:09d}", f"{now:%Y%m%d}", f"{now:%H%M}", "CH"])
    add(["NM1", "41", "2", _text(practice["name"]), "", "", "", "", "46", cfg["sender_id"]])
    add(["PER", "IC", _text(cfg["contact_name"]), "TE", _digits(practice["phone"])])
    add(["NM1", "40", "2", _text(cfg["receiver_name"]), "", "", "", "", "46", cfg["receiver_id"]])
    add(["HL", "1", "", "20", "1"])
    add(["PRV", "BI", "PXC", cfg["taxonomy"]])
    add(["NM1", "85", "2", _text(practice["name"]), "", "", "", "", "XX", practice["npi"]])
    add(["N3", _text(practice["address"], 55)])
    add(["N4", _text(practice["city"], 30), practice["state"], _digits(practice["zip"])])
    add(["REF", "EI", _digits(practice["tax_id"])])

    hl = 1
    for claim in claims:
        hl += 1
        subscriber_hl = hl
        patient, coverage = claim.patient, claim.coverage
        payer = coverage.payer
        patient_is_subscriber = not coverage.subscriber_name.strip()
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
                FILING_INDICATOR.get(payer.payer_type, "CI"),
            ]
        )
        if patient_is_subscriber:
            last, first = _text(patient.last_name), _text(patient.first_name, 35)
        else:
            last, first = _split_name(coverage.subscriber_name)
        add(["NM1", "IL", "1", last, first, "", "", "", "MI", _text(coverage.member_id, 80)])
        if patient_is_subscriber:
            segments.extend(_address_and_demographics(patient))
        add(["NM1", "PR", "2", _text(payer.name), "", "", "", "", "PI", _text(payer.payer_id, 80)])
        if not patient_is_subscriber:
            hl += 1
            add(["HL", str(hl), str(subscriber_hl), "23", "0"])
            # PAT01 G8: "other relationship"; the record keeps no finer relationship code.
            add(["PAT", "G8"])
            add(["NM1", "QC", "1", _text(patient.last_name), _text(patient.first_name, 35)])
            segments.extend(_address_and_demographics(patient))
        segments.extend(_claim_segments(claim))

    body = [["ST", "837", "0001", "005010X222A1"], *segments]
    body.append(["SE", str(len(body) + 1), "0001"])
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
    trailer = [["GE", "1", str(control_number)], ["IEA", "1", f"{control_number:09d}"]]
    return "".join(_segment(s) for s in [isa, gs, *body, *trailer])


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
    for number, line in enumerate(lines, start=1):
        procedure = ":".join(["HC", line.procedure_code, *line.modifiers[:4]])
        pointers = ":".join(str(p) for p in line.diagnosis_pointers[:4])
        segments.append(["LX", str(number)])
        segments.append(["SV1", procedure, _amount(line.charge), "UN", str(line.units), "", "", pointers])
        segments.append(["DTP", "472", "D8", f"{line.date_of_service:%Y%m%d}"])
    return segments
