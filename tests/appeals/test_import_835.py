"""Posting an 835: matching by CLM01, payments on claims and lines, denials, idempotence, all or nothing."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from appeals import services
from appeals.models import ClaimPayment, Denial, Remittance
from appeals.x835 import RemittanceFileError
from billing.models import Claim
from palliative.models import StatusChange

from .factories import commercial_file_claims, medicare_file_claims

FILES = Path(__file__).parent / "x12"
MEDICARE = (FILES / "835-medicare-denials.x12").read_text()
COMMERCIAL = (FILES / "835-commercial-denials.x12").read_text()

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims():
    return medicare_file_claims()


def imported(claims, text=MEDICARE):
    return services.remittance_import_835(text=text, file_name="era.x12", by=None)


def test_the_summary_counts_matched_paid_denied_and_unmatched_claims(claims):
    summary = imported(claims)
    assert summary.line() == "era.x12: matched 7, paid 4, denied 4, unmatched 1"


def test_a_fully_paid_claim_becomes_paid_with_its_payment_on_the_line(claims):
    imported(claims)
    claim = Claim.objects.get(pk=claims["RB00000101"].pk)
    assert (claim.status, claim.paid_amount, claim.lines.get().paid_amount) == ("paid", Decimal("68"), Decimal("68"))


def test_the_claim_moves_through_billings_transitions(claims):
    imported(claims)
    change = StatusChange.objects.filter(object_id=claims["RB00000101"].pk, to_status="paid").get()
    assert change.from_status == "submitted"


def test_the_payer_claim_number_is_kept_on_the_claim(claims):
    imported(claims)
    assert Claim.objects.get(pk=claims["RB00000101"].pk).payer_claim_number == "26318000101"


def test_a_medical_necessity_denial_is_created_for_the_denied_line(claims):
    imported(claims)
    denial = Denial.objects.get(claim=claims["RB00000102"])
    assert (denial.code, denial.rarcs, denial.amount, denial.category, denial.route) == (
        "CO-50",
        ["N115"],
        Decimal("190"),
        "medical_necessity",
        "appeal_with_lmn",
    )


def test_the_denial_points_at_the_billed_line(claims):
    imported(claims)
    denial = Denial.objects.get(claim=claims["RB00000102"])
    assert denial.claim_line.procedure_code == "99215"


def test_a_claim_with_one_line_denied_and_one_paid_is_partially_paid(claims):
    imported(claims)
    assert Claim.objects.get(pk=claims["RB00000102"].pk).status == "partially_paid"


def test_co16_with_ma130_asks_for_a_corrected_claim(claims):
    imported(claims)
    denial = Denial.objects.get(claim=claims["RB00000103"])
    assert (denial.category, denial.route, sorted(denial.rarcs)) == (
        "missing_information",
        "corrected_claim",
        ["M51", "MA130"],
    )


def test_a_fully_denied_claim_is_denied(claims):
    imported(claims)
    assert Claim.objects.get(pk=claims["RB00000103"].pk).status == "denied"


def test_co29_with_n211_is_not_appealable_and_has_no_deadline(claims):
    imported(claims)
    denial = Denial.objects.get(claim=claims["RB00000104"])
    assert (denial.category, denial.route, denial.appeal_deadline) == ("timely_filing", "not_appealable", None)


def test_an_appealable_denial_gets_the_first_level_deadline(claims):
    imported(claims)
    denial = Denial.objects.get(claim=claims["RB00000102"])
    # Notice 11/18/2026 (DTM*405) + 5 days presumed receipt + 120 days.
    assert denial.appeal_deadline.isoformat() == "2027-03-23"


def test_reordered_modifiers_still_match_the_billed_line(claims):
    imported(claims)
    line = claims["RB00000105"].lines.get(procedure_code="99497")
    line.refresh_from_db()
    assert line.paid_amount == Decimal("68")


def test_a_bundled_add_on_is_a_coding_denial(claims):
    imported(claims)
    denial = Denial.objects.get(claim=claims["RB00000105"])
    assert (denial.code, denial.category, denial.claim_line.procedure_code) == ("CO-97", "coding_bundling", "99498")


def test_a_dropped_modifier_still_matches_the_billed_line(claims):
    imported(claims)
    line = claims["RB00000107"].lines.get()
    line.refresh_from_db()
    assert line.paid_amount == Decimal("120")


def test_a_deductible_is_not_a_denial_and_the_claim_is_paid(claims):
    imported(claims)
    assert not Denial.objects.filter(claim=claims["RB00000106"]).exists()
    assert Claim.objects.get(pk=claims["RB00000106"].pk).status == "paid"


def test_an_unknown_control_number_is_kept_as_unmatched_with_the_reason(claims):
    imported(claims)
    payment = ClaimPayment.objects.get(patient_control_number="ZZ99999999")
    assert payment.claim is None
    assert "No claim of ours" in payment.unmatched_reason


def test_importing_the_same_file_twice_changes_nothing(claims):
    imported(claims)
    before = (Remittance.objects.count(), Denial.objects.count(), StatusChange.objects.count())
    again = imported(claims)
    assert (Remittance.objects.count(), Denial.objects.count(), StatusChange.objects.count()) == before
    assert again.line() == "era.x12: matched 0, paid 0, denied 0, unmatched 0 (already imported: 1 payment(s) skipped)"


def test_importing_twice_does_not_pay_twice(claims):
    imported(claims)
    imported(claims)
    assert Claim.objects.get(pk=claims["RB00000101"].pk).paid_amount == Decimal("68")


def test_a_malformed_file_writes_nothing(claims):
    broken = MEDICARE.replace("CLP*RB00000104*4", "CLP*RB00000104*Q")
    with pytest.raises(RemittanceFileError, match="CLP"):
        imported(claims, broken)
    assert not Remittance.objects.exists()
    assert Claim.objects.get(pk=claims["RB00000101"].pk).paid_amount == 0


def test_a_claim_not_yet_sent_is_unmatched_rather_than_paid(claims):
    Claim.objects.filter(pk=claims["RB00000101"].pk).update(status="draft")
    imported(claims)
    payment = ClaimPayment.objects.get(patient_control_number="RB00000101")
    assert payment.claim is None
    assert "draft" in payment.unmatched_reason


def test_commercial_denials_get_180_days_from_the_notice_date():
    claims = commercial_file_claims()
    services.remittance_import_835(text=COMMERCIAL, file_name="aetna.x12")
    denial = Denial.objects.get(claim=claims["RB00000201"])
    assert (denial.category, denial.appeal_deadline.isoformat()) == ("authorization", "2027-05-18")


def test_commercial_duplicate_and_modifier_denials_are_categorised():
    claims = commercial_file_claims()
    services.remittance_import_835(text=COMMERCIAL, file_name="aetna.x12")
    assert Denial.objects.get(claim=claims["RB00000202"]).category == "duplicate"
    assert Denial.objects.get(claim=claims["RB00000203"]).category == "coding_bundling"


@pytest.fixture
def poster(db):
    from ..factories import UserFactory

    return UserFactory(username="poster")


def test_the_command_prints_one_summary_line_per_file(claims, tmp_path, poster):
    first = tmp_path / "medicare.x12"
    first.write_text(MEDICARE)
    out = StringIO()
    call_command("import_835", str(first), "--user", "poster", stdout=out)
    assert out.getvalue().strip() == f"{first}: matched 7, paid 4, denied 4, unmatched 1"


def test_the_command_refuses_a_malformed_file_with_the_segment_and_reason(claims, tmp_path, poster):
    bad = tmp_path / "bad.x12"
    bad.write_text(MEDICARE.replace("DTM*472*20261014~\nCAS*CO*16", "DTM*472*20261340~\nCAS*CO*16"))
    with pytest.raises(CommandError, match=r"DTM \(segment \d+\).*20261340"):
        call_command("import_835", str(bad), "--user", "poster", stdout=StringIO())
    assert not Remittance.objects.exists()


def test_the_command_reports_a_missing_file(tmp_path, poster):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_835", str(tmp_path / "nope.x12"), "--user", "poster", stdout=StringIO())
