"""An 835 is posted in bulk: a few queries whatever the number of claims, and the same rows as
posting claim by claim (the expected rows below were recorded with the claim-by-claim import)."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appeals import services, x835
from appeals.models import ClaimPayment, Denial, LinePayment
from billing.models import Claim, ClaimLine
from palliative.models import StatusChange

from ..factories import PayerFactory
from .factories import submitted_claim

pytestmark = pytest.mark.django_db

DOS = date(2026, 10, 14)
D = Decimal


def service(code, mods, charge, paid, *adjustments, remarks=()):
    return x835.ServicePayment(
        code,
        list(mods),
        D(charge),
        D(paid),
        date_of_service=DOS,
        adjustments=[x835.Adjustment(group, reason, D(amount)) for group, reason, amount in adjustments],
        remarks=list(remarks),
    )


def clp(pcn, status, services_, *, claim_adjustments=(), number="PCN1"):
    charge = sum((s.charge for s in services_), D(0))
    paid = sum((s.paid for s in services_), D(0))
    adjustments = [x835.Adjustment(g, r, D(a)) for g, r, a in claim_adjustments]
    paid -= sum((a.amount for a in adjustments), D(0))
    return x835.ClaimPayment(
        pcn, status, charge, paid, payer_claim_number=number, adjustments=adjustments, services=services_
    )


def negate(service_):
    return x835.ServicePayment(
        service_.procedure_code,
        service_.modifiers,
        -service_.charge,
        -service_.paid,
        date_of_service=service_.date_of_service,
        adjustments=[x835.Adjustment(a.group, a.reason, -a.amount) for a in service_.adjustments],
    )


def file_of(payer, claims, trace="BULK1"):
    remittance = x835.Remittance(
        payer_name=payer.name,
        trace_number=trace,
        payer_reference="1512345678",
        payment_amount=sum((c.paid for c in claims), D(0)),
        payment_date=date(2026, 11, 20),
        payer_id=payer.payer_id,
        claims=claims,
    )
    return x835.build_835(remittance)


def import_queries(size, denial=("CO", "50", "190"), remarks=()):
    payer = PayerFactory(payer_id="12502")
    payments = []
    for n in range(size):
        pcn = f"Q{size:03d}{n:05d}"
        submitted_claim(pcn, [("99215", ["25"], "190"), ("99497", [], "85")], payer=payer)
        denied = n % 3 == 0
        payments.append(
            clp(
                pcn,
                "1",
                [
                    service(
                        "99215",
                        ["25"],
                        "190",
                        "0" if denied else "150",
                        denial if denied else ("CO", "45", "40"),
                        remarks=remarks if denied else (),
                    ),
                    service("99497", [], "85", "68", ("CO", "45", "17")),
                ],
            )
        )
    text = file_of(payer, payments, trace=f"Q{size}")
    parsed = x835.parse_835(text)
    ContentType.objects.clear_cache()  # each measure reads the content types itself
    with CaptureQueriesContext(connection) as queries:
        summary = services.remittance_import_835(text=text, file_name="q.x12", parsed=parsed)
    assert summary.matched == size
    return len(queries)


def test_importing_fifty_claims_takes_as_many_queries_as_five():
    assert import_queries(50) == import_queries(5)


def test_importing_fifty_claims_returned_as_unprocessable_takes_as_many_queries_as_five():
    # Billing records each claim returned as unprocessable (MA130) in the same bulk update.
    unprocessable = {"denial": ("CO", "16", "190"), "remarks": ["MA130", "M51"]}
    assert import_queries(50, **unprocessable) == import_queries(5, **unprocessable)
    assert Claim.objects.exclude(unprocessable_reason="").count() == 2 + 17


def mixed_file():
    """Paid, contractual write-down, line and claim denials, an unknown and a draft claim, a
    payment sent twice, a reversal and its correction in one file, and a replacement that pays
    what its original's line was denied earlier in the same file; then a second file that
    repeats a payment."""
    payer = PayerFactory(payer_id="12502", name="Medicare Part B")
    for pcn, lines in {
        "MX01": [("99497", ["33"], "85")],
        "MX02": [("99215", ["25"], "190"), ("99497", [], "85")],
        "MX03": [("99215", [], "190")],
        "MX04": [("99214", [], "150")],
        "MX05": [("99214", [], "150"), ("99497", [], "85")],
        "MX06": [("99215", [], "190")],
        "MX07": [("99497", [], "85")],
        "MX08": [("99215", [], "190")],
    }.items():
        submitted_claim(pcn, lines, payer=payer)
    Claim.objects.filter(patient_control_number="MX07").update(status=Claim.Status.DRAFT)
    original = Claim.objects.get(patient_control_number="MX08")
    replacement = submitted_claim("MX09", [("99215", [], "190")], payer=payer)
    Claim.objects.filter(pk=replacement.pk).update(frequency_code="7", original_claim=original)
    paid_05 = [
        service("99214", [], "150", "110", ("CO", "45", "40")),
        service("99497", [], "85", "68", ("CO", "45", "17")),
    ]
    corrected_05 = [
        service("99214", [], "150", "120", ("CO", "45", "30")),
        service("99497", [], "85", "68", ("CO", "45", "17")),
    ]
    payments = [
        clp("MX01", "1", [service("99497", ["33"], "85", "68", ("CO", "45", "17"))], number="N01"),
        clp(
            "MX02",
            "2",
            [
                service("99215", ["25"], "190", "0", ("CO", "50", "190"), remarks=["N115"]),
                service("99497", [], "85", "68", ("CO", "45", "17")),
            ],
            number="N02",
        ),
        clp(
            "MX03", "4", [service("99215", [], "190", "0", ("CO", "16", "190"), remarks=["MA130", "M51"])], number="N03"
        ),
        clp("MX04", "1", [service("99214", [], "150", "150")], claim_adjustments=[("CO", "29", "150")], number="N04"),
        clp("MX05", "1", paid_05, number="N05"),
        clp("MX05", "22", [negate(s) for s in paid_05], number="N05"),
        clp("MX05", "1", corrected_05, number="N05"),
        clp("MX06", "1", [service("99215", [], "190", "150", ("CO", "45", "40"))], number="N06"),
        clp("ZZ99", "1", [service("99213", [], "100", "80", ("CO", "45", "20"))], number="N99"),
        clp("MX07", "1", [service("99497", [], "85", "68", ("CO", "45", "17"))], number="N07"),
        clp("MX08", "4", [service("99215", [], "190", "0", ("CO", "50", "190"))], number="N08"),
        clp("MX09", "1", [service("99215", [], "190", "150", ("CO", "45", "40"))], number="N09"),
    ]
    # The payer sends MX06's payment again under another trace: kept as a duplicate, not posted.
    again = [clp("MX06", "1", [service("99215", [], "190", "150", ("CO", "45", "40"))], number="N06")]
    return file_of(payer, payments), file_of(payer, again, trace="BULK2")


def rows():
    pcn = dict(Claim.objects.values_list("pk", "patient_control_number"))
    claim_ids = list(pcn)
    denial_ids = list(Denial.objects.values_list("pk", flat=True))
    return {
        "claims": sorted(
            Claim.objects.values_list(
                "patient_control_number", "status", "paid_amount", "adjusted_amount", "payer_claim_number"
            )
        ),
        "lines": sorted(
            (pcn[claim], number, paid, adjusted)
            for claim, number, paid, adjusted in ClaimLine.objects.values_list(
                "claim_id", "line_number", "paid_amount", "adjusted_amount"
            )
        ),
        "claim_payments": [
            (
                row.patient_control_number,
                row.status_code,
                row.paid,
                row.claim_id is not None,
                bool(row.duplicate_of_id),
                row.unmatched_reason[:40],
            )
            for row in ClaimPayment.objects.order_by("id")
        ],
        "line_payments": [
            (
                row.claim_payment.patient_control_number,
                row.procedure_code,
                row.paid,
                row.claim_line.line_number if row.claim_line else None,
            )
            for row in LinePayment.objects.select_related("claim_payment", "claim_line").order_by("id")
        ],
        "denials": sorted(
            (
                pcn[row.claim_id],
                row.claim_line.line_number if row.claim_line else None,
                row.code,
                row.status,
                row.amount,
                row.category,
                str(row.appeal_deadline),
            )
            for row in Denial.objects.select_related("claim_line")
        ),
        "claim_timeline": sorted(
            (pcn[row.object_id], row.from_status, row.to_status, row.note)
            for row in StatusChange.objects.filter(content_type__model="claim", object_id__in=claim_ids)
        ),
        "denial_timeline": sorted(
            (row.from_status, row.to_status, row.note)
            for row in StatusChange.objects.filter(content_type__model="denial", object_id__in=denial_ids)
        ),
        "claim_history": Claim.history.count(),
        "line_history": ClaimLine.history.count(),
    }


def test_a_mixed_file_leaves_the_same_rows_as_posting_claim_by_claim():
    first, second = mixed_file()
    before = {"claim_history": Claim.history.count(), "line_history": ClaimLine.history.count()}
    summary = services.remittance_import_835(text=first, file_name="mixed.x12")
    again = services.remittance_import_835(text=second, file_name="again.x12")
    after = rows()
    after["claim_history"] -= before["claim_history"]
    after["line_history"] -= before["line_history"]
    assert (summary.line(), again.line()) == EXPECTED_SUMMARY
    assert after == EXPECTED_ROWS


# Recorded with the claim-by-claim import (commit fa8c5fe) on this test's data.
EXPECTED_SUMMARY = (
    "mixed.x12: matched 10, paid 6, denied 4, unmatched 2, reversed 1",
    "again.x12: matched 0, paid 0, denied 0, unmatched 0 (duplicates not posted again: 1)",
)
EXPECTED_ROWS = {
    "claim_history": 20,
    "claim_payments": [
        ("MX01", "1", Decimal("68.00"), True, False, ""),
        ("MX02", "2", Decimal("68.00"), True, False, ""),
        ("MX03", "4", Decimal("0.00"), True, False, ""),
        ("MX04", "1", Decimal("0.00"), True, False, ""),
        ("MX05", "1", Decimal("178.00"), True, False, ""),
        ("MX05", "22", Decimal("-178.00"), True, False, ""),
        ("MX05", "1", Decimal("188.00"), True, False, ""),
        ("MX06", "1", Decimal("150.00"), True, False, ""),
        ("ZZ99", "1", Decimal("80.00"), False, False, "No claim of ours carries this patient co"),
        ("MX07", "1", Decimal("68.00"), False, False, "Claim MX07 is draft, so it cannot take a"),
        ("MX08", "4", Decimal("0.00"), True, False, ""),
        ("MX09", "1", Decimal("150.00"), True, False, ""),
        ("MX06", "1", Decimal("150.00"), False, True, "Already posted from remittance BULK1: th"),
    ],
    "claim_timeline": [
        ("MX01", "submitted", "paid", "Remittance BULK1 posted."),
        ("MX02", "submitted", "partially_paid", "Remittance BULK1 posted."),
        ("MX03", "submitted", "denied", "Remittance BULK1 posted."),
        ("MX04", "submitted", "denied", "Remittance BULK1 posted."),
        ("MX05", "paid", "submitted", "Remittance BULK1 reversal."),
        ("MX05", "submitted", "paid", "Remittance BULK1 posted."),
        ("MX05", "submitted", "paid", "Remittance BULK1 posted."),
        ("MX06", "submitted", "paid", "Remittance BULK1 posted."),
        ("MX08", "submitted", "denied", "Remittance BULK1 posted."),
        ("MX09", "submitted", "paid", "Remittance BULK1 posted."),
    ],
    "claims": [
        ("MX01", "paid", Decimal("68.00"), Decimal("17.00"), "N01"),
        ("MX02", "partially_paid", Decimal("68.00"), Decimal("207.00"), "N02"),
        ("MX03", "denied", Decimal("0.00"), Decimal("190.00"), "N03"),
        ("MX04", "denied", Decimal("0.00"), Decimal("150.00"), "N04"),
        ("MX05", "paid", Decimal("188.00"), Decimal("47.00"), "N05"),
        ("MX06", "paid", Decimal("150.00"), Decimal("40.00"), "N06"),
        ("MX07", "draft", Decimal("0.00"), Decimal("0.00"), ""),
        ("MX08", "denied", Decimal("0.00"), Decimal("190.00"), "N08"),
        ("MX09", "paid", Decimal("150.00"), Decimal("40.00"), "N09"),
    ],
    "denial_timeline": [
        ("", "open", "From remittance BULK1."),
        ("", "open", "From remittance BULK1."),
        ("", "open", "From remittance BULK1."),
        ("", "open", "From remittance BULK1."),
        ("open", "won", "Paid $150 on remittance BULK1."),
    ],
    "denials": [
        ("MX02", 1, "CO-50", "open", Decimal("190.00"), "medical_necessity", "2027-03-25"),
        ("MX03", 1, "CO-16", "open", Decimal("190.00"), "missing_information", "None"),
        ("MX04", None, "CO-29", "open", Decimal("150.00"), "timely_filing", "None"),
        ("MX08", 1, "CO-50", "won", Decimal("190.00"), "medical_necessity", "2027-03-25"),
    ],
    "line_history": 14,
    "line_payments": [
        ("MX01", "99497", Decimal("68.00"), 1),
        ("MX02", "99215", Decimal("0.00"), 1),
        ("MX02", "99497", Decimal("68.00"), 2),
        ("MX03", "99215", Decimal("0.00"), 1),
        ("MX04", "99214", Decimal("150.00"), 1),
        ("MX05", "99214", Decimal("110.00"), 1),
        ("MX05", "99497", Decimal("68.00"), 2),
        ("MX05", "99214", Decimal("-110.00"), 1),
        ("MX05", "99497", Decimal("-68.00"), 2),
        ("MX05", "99214", Decimal("120.00"), 1),
        ("MX05", "99497", Decimal("68.00"), 2),
        ("MX06", "99215", Decimal("150.00"), 1),
        ("MX08", "99215", Decimal("0.00"), 1),
        ("MX09", "99215", Decimal("150.00"), 1),
    ],
    "lines": [
        ("MX01", 1, Decimal("68.00"), Decimal("17.00")),
        ("MX02", 1, Decimal("0.00"), Decimal("190.00")),
        ("MX02", 2, Decimal("68.00"), Decimal("17.00")),
        ("MX03", 1, Decimal("0.00"), Decimal("190.00")),
        ("MX04", 1, Decimal("150.00"), Decimal("0.00")),
        ("MX05", 1, Decimal("120.00"), Decimal("30.00")),
        ("MX05", 2, Decimal("68.00"), Decimal("17.00")),
        ("MX06", 1, Decimal("150.00"), Decimal("40.00")),
        ("MX07", 1, Decimal("0.00"), Decimal("0.00")),
        ("MX08", 1, Decimal("0.00"), Decimal("190.00")),
        ("MX09", 1, Decimal("150.00"), Decimal("40.00")),
    ],
}
