"""Reading and writing 835 remittances (005010X221A1), checked with pyx12."""

import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import pyx12.params
import pyx12.x12n_document

from appeals import x835
from appeals.x835 import Adjustment, ClaimPayment, Remittance, RemittanceFileError, ServicePayment

FILES = Path(__file__).parent / "x12"
MEDICARE = (FILES / "835-medicare-denials.x12").read_text()
COMMERCIAL = (FILES / "835-commercial-denials.x12").read_text()
SAMPLE = FILES / "835-one-payment.x12"


def pyx12_accepts(text: str) -> bool:
    return pyx12.x12n_document.x12n_document(
        param=pyx12.params.params(), src_file=io.StringIO(text), fd_997=None, fd_html=None, fd_json=io.StringIO()
    )


@pytest.mark.parametrize("name", sorted(p.name for p in FILES.glob("*.x12")))
def test_every_test_file_follows_the_835_guide(name):
    assert pyx12_accepts((FILES / name).read_text())


def test_the_medicare_file_carries_one_payment_with_eight_claims():
    [remittance] = x835.parse_835(MEDICARE)
    assert remittance.trace_number == "EFT20261120"
    assert len(remittance.claims) == 8


def test_payment_header_is_read():
    [remittance] = x835.parse_835(MEDICARE)
    assert (remittance.payer_name, remittance.payer_id, remittance.payment_date) == (
        "MEDICARE PART B",
        "12502",
        date(2026, 11, 20),
    )


def test_payment_amount_is_the_sum_of_claim_payments():
    [remittance] = x835.parse_835(MEDICARE)
    assert remittance.payment_amount == sum(c.paid for c in remittance.claims)


def test_a_denied_line_keeps_its_group_reason_and_remark():
    [remittance] = x835.parse_835(MEDICARE)
    line = remittance.claims[1].services[0]
    assert (line.procedure_code, line.paid, line.adjustments[0].group, line.adjustments[0].reason, line.remarks) == (
        "99215",
        Decimal("0"),
        "CO",
        "50",
        ["N115"],
    )


def test_claim_level_remarks_come_from_moa():
    [remittance] = x835.parse_835(MEDICARE)
    assert remittance.claims[2].remarks == ["MA130"]


def test_modifiers_are_read_in_the_payers_order():
    [remittance] = x835.parse_835(MEDICARE)
    assert remittance.claims[4].services[0].modifiers == ["33", "GV"]


def test_a_line_with_two_adjustment_groups_keeps_both():
    [remittance] = x835.parse_835(MEDICARE)
    groups = [(a.group, a.reason) for a in remittance.claims[1].services[1].adjustments]
    assert groups == [("CO", "45"), ("PR", "2")]


def test_the_shared_sample_reads():
    [remittance] = x835.parse_835(SAMPLE.read_text())
    assert remittance.claims[0].patient_control_number == "PC0001"


def test_a_file_that_is_not_x12_is_refused():
    with pytest.raises(RemittanceFileError, match="not an X12 file"):
        x835.parse_835("Dear billing office, please find our remittance attached.")


def test_an_invalid_date_is_refused_with_its_segment():
    broken = MEDICARE.replace("DTM*472*20261014~\nCAS*CO*16", "DTM*472*20261340~\nCAS*CO*16")
    with pytest.raises(RemittanceFileError) as error:
        x835.parse_835(broken)
    assert "DTM" in str(error.value)
    assert "20261340" in str(error.value)


def test_an_invalid_claim_status_is_refused_with_its_segment():
    broken = MEDICARE.replace("CLP*RB00000104*4", "CLP*RB00000104*Q")
    with pytest.raises(RemittanceFileError, match=r"CLP \(segment \d+\): \(Q\) is not a valid code"):
        x835.parse_835(broken)


def test_a_missing_trailer_is_refused():
    truncated = MEDICARE[: MEDICARE.index("SE*")]
    with pytest.raises(RemittanceFileError, match="missing"):
        x835.parse_835(truncated)


def test_a_line_that_does_not_balance_is_refused_with_the_line_and_amounts():
    broken = MEDICARE.replace("SVC*HC:99215:25*190*120**1", "SVC*HC:99215:25*190*110**1")
    with pytest.raises(RemittanceFileError, match=r"SVC\*99215 of CLP\*RB00000107 \(segment \d+\): charge 190"):
        x835.parse_835(broken)


def test_a_payment_that_does_not_match_its_claims_is_refused():
    broken = MEDICARE.replace("BPR*I*390.4*", "BPR*I*400*")
    with pytest.raises(RemittanceFileError, match="BPR02 is 400"):
        x835.parse_835(broken)


def test_a_file_for_another_guide_is_refused():
    broken = MEDICARE.replace("005010X221A1", "005010X222A1")
    with pytest.raises(RemittanceFileError):
        x835.parse_835(broken)


def _remittance():
    return Remittance(
        payer_name="Medicare Part B",
        trace_number="T1",
        payer_reference="1512345678",
        payment_amount=Decimal("68"),
        payment_date=date(2026, 11, 20),
        claims=[
            ClaimPayment(
                "RB00000001",
                "1",
                Decimal("160"),
                Decimal("68"),
                member_id="1EG4TE5MK73",
                services=[
                    ServicePayment(
                        "99497",
                        ["33", "GV"],
                        Decimal("85"),
                        Decimal("68"),
                        date_of_service=date(2026, 11, 2),
                        adjustments=[Adjustment("CO", "45", Decimal("17"))],
                    ),
                    ServicePayment(
                        "99498",
                        [],
                        Decimal("75"),
                        Decimal("0"),
                        date_of_service=date(2026, 11, 2),
                        adjustments=[Adjustment("CO", "97", Decimal("75"))],
                        remarks=["N19"],
                    ),
                ],
            )
        ],
    )


def test_a_written_835_passes_pyx12():
    assert pyx12_accepts(x835.build_835(_remittance(), created=datetime(2026, 11, 20, 8, 0)))


def test_a_written_835_reads_back_the_same_claims():
    [read] = x835.parse_835(x835.build_835(_remittance()))
    assert [(s.procedure_code, s.modifiers, s.paid) for s in read.claims[0].services] == [
        ("99497", ["33", "GV"], Decimal("68")),
        ("99498", [], Decimal("0")),
    ]


def test_a_written_zero_payment_835_passes_pyx12():
    remittance = _remittance()
    remittance.payment_amount = Decimal("0")
    remittance.claims[0].paid = Decimal("0")
    remittance.claims[0].status_code = "4"
    remittance.claims[0].services = remittance.claims[0].services[1:]
    remittance.claims[0].charge = Decimal("75")
    assert pyx12_accepts(x835.build_835(remittance))
