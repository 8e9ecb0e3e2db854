"""Real 835s other projects collected from payers (tests/appeals/x12/real/README.md says what
each must do): the valid ones import with their claims unmatched, the others are refused whole
with the segment and the real reason."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from appeals import services, x835
from appeals.models import ClaimPayment, Denial, LinePayment, Remittance
from appeals.x835 import RemittanceFileError

REAL = Path(__file__).parent / "x12" / "real"

VALID = {
    "835/e835-emedny_sample.txt": 3,
    "835/pyx12-835_mult_loops.txt": 1,
    "835-repaired/fixed-lfh-cob-contractural-adjustment.835": 1,
    "835-repaired/fixed-lfh-managed-care.835": 2,
    "835-repaired/fixed-lfh-medicare-part-a.835": 2,
    "835-repaired/fixed-lfh-secondary-payment.835": 2,
    "835-repaired/isapad-affect-nevada_medicaid.txt": 3,
    "835-repaired/state-e835-united_healthcare_legacy_sample.txt": 2,
}

NO_ISA = r"ST \(segment 1\): the file has no interchange header \(ISA\)"
VERSION_4010 = r"ISA \(segment 1\): this interchange is X12 version 00401 \(4010\); only version 5010"
BPR16_MISSING = r"BPR \(segment 4\): Mandatory data element \"Check Issue or EFT Effective Date\" \(BPR16\) is missing"
SVC_QUALIFIER = r"SVC \(segment 24\): SVC\*XX>99999 is not expected at this point of an 835"
INVALID = {
    "835/affect-exhaustive_sample.txt": NO_ISA,
    "835/affect-nevada_medicaid.txt": r"IEA \(segment 67\): IEA id=100000301 does not match ISA id=100000300",
    "835/affect-sample_835.txt": r"PLB \(segment 162\): adjustment 1 \('resnCode>adjID>5'\) has no amount",
    "835/affect-sample_835_with_interests.txt": r"SE \(segment 57\): SE count of 46 for SE02=1002 is wrong",
    "835/e835-blue_cross_nc_sample.txt": NO_ISA,
    "835/e835-united_healthcare_legacy_sample.txt": r"N4 \(segment 16\): \(NP\) is not a valid code",
    "835/lfh-cob-contractural-adjustment.835": BPR16_MISSING,
    "835/lfh-managed-care.835": r"BPR \(segment 4\): .*\(BPR16\) contains an invalid date \(20002316\)",
    "835/lfh-medicare-part-a.835": r"\(before segment 11\): Mandatory segment \"Payer Technical Contact Information\"",
    "835/lfh-secondary-payment.835": BPR16_MISSING,
    "835/lfh-tertiary-payment.835": BPR16_MISSING,
    "835/oop-835_WithMultipleInterchanges.txt": SVC_QUALIFIER,
    "835/oop-Example1.txt": VERSION_4010,
    "835/oop-ExampleFromNth.txt": SVC_QUALIFIER,
    "835/pyx12-835_simple-4010.txt": VERSION_4010,
    "835/tigershark-835-example.txt": VERSION_4010,
    "835-repaired/bprfix-pyx12-835_simple-4010.txt": VERSION_4010,
    "835-repaired/fixed-lfh-tertiary-payment.835": r"SVC \(segment 21\): .*\(SVC06-02\) is missing",
    "835-repaired/nobom-oop-835_WithMultipleInterchanges.txt": SVC_QUALIFIER,
    "835-repaired/nobom-oop-Example1.txt": VERSION_4010,
    "835-repaired/nobom-oop-ExampleFromNth.txt": SVC_QUALIFIER,
}


def read(name: str) -> str:
    return x835.decode((REAL / name).read_bytes())


def test_every_real_835_is_listed_here_once():
    on_disk = {str(p.relative_to(REAL)) for p in REAL.glob("835*/*")}
    assert on_disk == set(VALID) | set(INVALID)


@pytest.mark.parametrize("name", sorted(VALID))
def test_a_valid_real_835_reads_every_claim(name):
    assert sum(len(payment.claims) for payment in x835.parse_835(read(name))) == VALID[name]


@pytest.mark.parametrize("name", sorted(INVALID))
def test_an_invalid_real_835_is_refused_with_its_segment_and_reason(name):
    with pytest.raises(RemittanceFileError) as error:
        x835.parse_835(read(name))
    assert re.search(INVALID[name], str(error.value)), str(error.value)


@pytest.mark.parametrize("name", sorted(INVALID))
def test_no_refusal_speaks_of_python_internals(name):
    with pytest.raises(RemittanceFileError) as error:
        x835.parse_835(read(name))
    message = str(error.value)
    assert "index out of range" not in message
    assert "must start with ISA" not in message


@pytest.mark.parametrize("stem", ["oop-835_WithMultipleInterchanges.txt", "oop-Example1.txt", "oop-ExampleFromNth.txt"])
def test_a_byte_order_mark_is_stripped_so_the_file_is_judged_on_its_content(stem):
    assert (REAL / "835" / stem).read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(RemittanceFileError) as with_bom:
        x835.parse_835(read(f"835/{stem}"))
    with pytest.raises(RemittanceFileError) as without_bom:
        x835.parse_835(read(f"835-repaired/nobom-{stem}"))
    assert with_bom.value.problems[0] == without_bom.value.problems[0]


def test_a_byte_order_mark_read_as_latin_1_is_stripped_too():
    text = "\u00ef\u00bb\u00bf" + read("835-repaired/state-e835-united_healthcare_legacy_sample.txt")
    assert len(x835.parse_835(text)[0].claims) == 2


def test_an_unpadded_isa_is_read_and_the_file_judged_on_its_real_fault():
    text = read("835/affect-nevada_medicaid.txt").replace("IEA*1*100000301", "IEA*1*100000300")
    assert [len(p.claims) for p in x835.parse_835(text)] == [1, 2, 0]


def test_the_united_healthcare_file_reads_procedure_codes_through_its_angle_bracket_separator():
    [payment] = x835.parse_835(read("835-repaired/state-e835-united_healthcare_legacy_sample.txt"))
    codes = [service.procedure_code for claim in payment.claims for service in claim.services]
    assert codes == ["B4152", "B4152", "B4154", "B4034", "B4154"]


def test_the_guides_managed_care_example_balances_with_claim_level_adjustments_beside_lines():
    [payment] = x835.parse_835(read("835-repaired/fixed-lfh-managed-care.835"))
    claim = payment.claims[0]
    assert (claim.paid, claim.services[0].paid, sum(a.amount for a in claim.adjustments)) == (
        Decimal("450"),
        Decimal("500"),
        Decimal("50"),
    )


def test_the_medicare_part_a_example_keeps_its_provider_adjustment_row():
    [payment] = x835.parse_835(read("835-repaired/fixed-lfh-medicare-part-a.835"))
    [row] = payment.provider_adjustments
    assert (row.reason, row.reference, row.amount, row.provider_id) == ("CV", "CP", Decimal("-1.27"), "6543210903")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(VALID))
def test_a_valid_real_835_imports_with_its_claims_unmatched(name):
    summary = services.remittance_import_835(text=read(name), file_name=name)
    assert (summary.matched, summary.unmatched) == (0, VALID[name])
    assert ClaimPayment.objects.filter(claim__isnull=True).count() == VALID[name]
    assert ClaimPayment.objects.count() == VALID[name]
    assert Denial.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(INVALID))
def test_an_invalid_real_835_writes_nothing(name):
    with pytest.raises(RemittanceFileError):
        services.remittance_import_835(text=read(name), file_name=name)
    assert (Remittance.objects.count(), ClaimPayment.objects.count(), LinePayment.objects.count()) == (0, 0, 0)


@pytest.mark.django_db
def test_a_database_refusal_is_not_reported_as_already_imported(monkeypatch):
    from django.db import IntegrityError

    def refuse(*args, **kwargs):
        raise IntegrityError("check constraint")

    monkeypatch.setattr(services.remittances, "_post", refuse)
    with pytest.raises(services.AppealError, match="a database check refused it"):
        services.remittance_import_835(text=read("835/e835-emedny_sample.txt"), file_name="x.835")
    assert Remittance.objects.count() == 0
