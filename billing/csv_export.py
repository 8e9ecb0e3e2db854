"""Claims as CSV, one row per service line, for payers' portals and for the practice's books."""

import csv
import io

HEADER = [
    "patient_control_number",
    "frequency_code",
    "payer",
    "payer_id",
    "member_id",
    "patient_last_name",
    "patient_first_name",
    "patient_date_of_birth",
    "rendering_npi",
    "place_of_service",
    "diagnosis_codes",
    "line_number",
    "date_of_service",
    "procedure_code",
    "modifiers",
    "units",
    "charge",
    "diagnosis_pointers",
]


def _safe(value: str) -> str:
    # A cell starting with = + - @ is a formula in spreadsheet programs (CSV injection).
    return f"'{value}" if value[:1] in {"=", "+", "-", "@"} else value


def write_claims_csv(claims) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for claim in claims:
        patient, coverage = claim.patient, claim.coverage
        for line in sorted(claim.lines.all(), key=lambda item: item.line_number):
            row = [
                claim.patient_control_number,
                claim.frequency_code,
                coverage.payer.name if coverage else "",
                coverage.payer.payer_id if coverage else "",
                coverage.member_id if coverage else "",
                patient.last_name,
                patient.first_name,
                patient.date_of_birth.isoformat(),
                claim.rendering_provider.npi,
                claim.place_of_service,
                " ".join(claim.diagnosis_codes),
                line.line_number,
                line.date_of_service.isoformat(),
                line.procedure_code,
                " ".join(line.modifiers),
                line.units,
                f"{line.charge:.2f}",
                " ".join(str(p) for p in line.diagnosis_pointers),
            ]
            writer.writerow([_safe(str(cell)) for cell in row])
    return out.getvalue()
