"""The 835 reader reads the envelope instead of assuming it, and balances by the guide's rules
(005010X221A1 §1.10.2), no stricter and no looser."""

from datetime import date
from decimal import Decimal

import pytest

from appeals import x835
from appeals.x835 import Adjustment, ClaimPayment, ProviderAdjustment, Remittance, RemittanceFileError, ServicePayment


def payment(**changes) -> Remittance:
    remittance = Remittance(
        payer_name="Medicare Part B",
        trace_number="EFT1",
        payer_reference="1512345678",
        payment_amount=Decimal("68"),
        payment_date=date(2026, 11, 20),
        claims=[
            ClaimPayment(
                "RB00000001",
                "1",
                Decimal("85"),
                Decimal("68"),
                payer_claim_number="PCN1",
                services=[
                    ServicePayment(
                        "99497",
                        ["33"],
                        Decimal("85"),
                        Decimal("68"),
                        date_of_service=date(2026, 11, 2),
                        adjustments=[Adjustment("CO", "45", Decimal("17"))],
                        control_number="RB00000001-1",
                    )
                ],
            )
        ],
    )
    for name, value in changes.items():
        setattr(remittance, name, value)
    return remittance


def test_a_component_separator_of_angle_bracket_reads_the_procedure_code_and_modifiers():
    [read] = x835.parse_835(x835.build_835(payment(), component=">"))
    service = read.claims[0].services[0]
    assert (service.code_qualifier, service.procedure_code, service.modifiers) == ("HC", "99497", ["33"])


def test_the_line_control_number_the_payer_echoes_is_read():
    [read] = x835.parse_835(x835.build_835(payment()))
    assert read.claims[0].services[0].control_number == "RB00000001-1"


def test_an_ndc_line_keeps_its_qualifier_and_eleven_digit_code():
    remittance = payment()
    remittance.claims[0].services[0].code_qualifier = "N4"
    remittance.claims[0].services[0].procedure_code = "00409487201"
    remittance.claims[0].services[0].modifiers = []
    [read] = x835.parse_835(x835.build_835(remittance))
    assert (read.claims[0].services[0].code_qualifier, read.claims[0].services[0].procedure_code) == (
        "N4",
        "00409487201",
    )


def test_a_tilde_free_file_with_other_separators_is_read_from_its_isa():
    text = x835.build_835(payment()).replace("*", "|").replace("~", "!")
    [read] = x835.parse_835(text)
    assert read.claims[0].services[0].paid == Decimal("68")


def test_a_byte_order_mark_is_stripped():
    [read] = x835.parse_835("\ufeff" + x835.build_835(payment()))
    assert read.trace_number == "EFT1"


def test_uploaded_bytes_with_a_byte_order_mark_decode_without_it():
    assert x835.decode(b"\xef\xbb\xbfISA*00").startswith("ISA")


def test_an_unpadded_isa_is_read():
    text = x835.build_835(payment(), sender_id="NVMED")
    text = text.replace("*NVMED          *", "*NVMED*", 1).replace("*00*          *00*          *", "*00* *00* *", 1)
    [read] = x835.parse_835(text)
    assert read.payment_amount == Decimal("68")


def another_payment() -> Remittance:
    remittance = payment(trace_number="EFT2")
    remittance.claims[0].patient_control_number = "RB00000002"
    return remittance


def test_two_interchanges_with_their_own_separators_in_one_file_give_both_payments():
    first = x835.build_835(payment(), control_number=1)
    second = x835.build_835(another_payment(), control_number=2, component=">")
    assert [p.trace_number for p in x835.parse_835(first + second)] == ["EFT1", "EFT2"]


def test_two_payments_in_one_interchange_are_both_read():
    text = x835.build_835([payment(), another_payment()])
    assert [p.trace_number for p in x835.parse_835(text)] == ["EFT1", "EFT2"]


def test_a_4010_version_is_refused_whatever_else_the_file_contains():
    text = x835.build_835(payment()).replace("*00501*", "*00401*", 1).replace("005010X221A1", "004010X091A1")
    with pytest.raises(RemittanceFileError, match=r"ISA \(segment 1\): this interchange is X12 version 00401"):
        x835.parse_835(text)


def test_a_gs08_of_another_guide_is_refused_by_name():
    text = x835.build_835(payment()).replace("005010X221A1", "004010X091A1")
    with pytest.raises(RemittanceFileError, match=r"GS \(segment 2\): GS08 says the old 4010 remittance"):
        x835.parse_835(text)


def test_an_837_uploaded_as_an_835_is_refused_as_a_claim_file():
    text = x835.build_835(payment()).replace("GS*HP*", "GS*HC*").replace("ST*835*", "ST*837*")
    with pytest.raises(RemittanceFileError) as error:
        x835.parse_835(text)
    assert error.value.problems == [
        "GS (segment 2): this file holds claims (837), not a payment advice (835).",
        "ST (segment 3): this transaction is a claim (837), not a payment advice (835).",
    ]


def test_a_file_without_isa_says_so_with_its_first_segment():
    text = x835.build_835(payment())
    with pytest.raises(RemittanceFileError, match=r"ST \(segment 1\): the file has no interchange header"):
        x835.parse_835(text[text.index("ST*835") :])


def test_a_cut_short_isa_says_how_many_elements_it_has():
    with pytest.raises(RemittanceFileError, match=r"ISA \(segment 1\): the interchange header is cut short"):
        x835.parse_835("ISA*00*          *00*")


def test_provider_adjustments_are_kept_row_by_row_and_balance_the_payment():
    remittance = payment(
        payment_amount=Decimal("43.5"),
        provider_adjustments=[
            ProviderAdjustment("WO", "PCN0099", Decimal("25")),
            ProviderAdjustment("L6", "INTEREST", Decimal("-0.5")),
        ],
    )
    [read] = x835.parse_835(x835.build_835(remittance, component=">"))
    assert [(a.reason, a.reference, a.amount) for a in read.provider_adjustments] == [
        ("WO", "PCN0099", Decimal("25")),
        ("L6", "INTEREST", Decimal("-0.5")),
    ]
    assert read.payment_amount == read.claims[0].paid - read.provider_adjustment_total


def test_a_payment_that_ignores_its_provider_adjustments_is_refused():
    remittance = payment(provider_adjustments=[ProviderAdjustment("WO", "PCN0099", Decimal("25"))])
    with pytest.raises(
        RemittanceFileError, match=r"BPR02 is 68 but its claims pay 43 after provider adjustments of 25"
    ):
        x835.parse_835(x835.build_835(remittance))


def test_a_malformed_provider_adjustment_names_the_plb_and_what_is_missing():
    text = x835.build_835(payment(provider_adjustments=[ProviderAdjustment("WO", "PCN0099", Decimal("0"))]))
    text = text.replace("*WO:PCN0099*0~", "*WO:PCN0099:5~")
    with pytest.raises(RemittanceFileError, match=r"PLB \(segment \d+\): adjustment 1 \('WO:PCN0099:5'\) should be"):
        x835.parse_835(text)


def _managed_care(line_paid: str) -> Remittance:
    remittance = payment(payment_amount=Decimal("60"))
    claim = remittance.claims[0]
    claim.paid = Decimal("60")
    claim.adjustments = [Adjustment("CO", "131", Decimal("8"))]
    claim.services[0].paid = Decimal(line_paid)
    claim.services[0].adjustments = [Adjustment("CO", "45", Decimal("85") - Decimal(line_paid))]
    return remittance


def test_a_claim_level_adjustment_beside_line_detail_balances_against_the_lines_less_it():
    [read] = x835.parse_835(x835.build_835(_managed_care("68")))
    assert (read.claims[0].paid, read.claims[0].services[0].paid) == (Decimal("60"), Decimal("68"))


def test_lines_that_add_up_to_the_claim_payment_while_a_claim_adjustment_is_also_taken_are_refused():
    with pytest.raises(RemittanceFileError, match=r"the lines pay 60 less claim-level adjustments 8, which is 52"):
        x835.parse_835(x835.build_835(_managed_care("60")))


def _reversal() -> Remittance:
    remittance = payment(payment_amount=Decimal("0"))
    denied = ClaimPayment(
        "RB00000001",
        "22",
        Decimal("-85"),
        Decimal("0"),
        payer_claim_number="PCN1",
        services=[
            ServicePayment(
                "99497", ["33"], Decimal("-85"), Decimal("0"), adjustments=[Adjustment("CO", "50", Decimal("-85"))]
            )
        ],
    )
    corrected = remittance.claims[0]
    corrected.payer_claim_number = "PCN2"
    remittance.claims = [denied, corrected]
    remittance.payment_amount = Decimal("68")
    return remittance


def test_a_reversal_reads_with_its_negated_adjustments():
    [read] = x835.parse_835(x835.build_835(_reversal()))
    reversal = read.claims[0]
    assert (reversal.is_reversal, reversal.charge, reversal.services[0].adjustments[0].amount) == (
        True,
        Decimal("-85"),
        Decimal("-85"),
    )


def test_a_negative_payment_outside_a_reversal_is_refused():
    remittance = payment(payment_amount=Decimal("-68"))
    claim = remittance.claims[0]
    claim.charge, claim.paid = Decimal("-85"), Decimal("-68")
    claim.services[0].charge, claim.services[0].paid = Decimal("-85"), Decimal("-68")
    claim.services[0].adjustments[0].amount = Decimal("-17")
    with pytest.raises(RemittanceFileError, match=r"CLP\*RB00000001 \(segment \d+\): the claim payment is negative"):
        x835.parse_835(x835.build_835(remittance))


def test_a_claim_payment_repeated_in_one_file_is_refused():
    remittance = payment(payment_amount=Decimal("136"))
    remittance.claims = remittance.claims * 2
    with pytest.raises(RemittanceFileError, match=r"CLP\*RB00000001 \(segment \d+\): repeats CLP\*RB00000001"):
        x835.parse_835(x835.build_835(remittance))


def test_a_claim_split_across_two_claim_payments_is_not_a_repeat():
    remittance = payment(payment_amount=Decimal("136"))
    second = x835.ClaimPayment(**{**remittance.claims[0].__dict__, "payer_claim_number": "PCN1B"})
    remittance.claims.append(second)
    assert len(x835.parse_835(x835.build_835(remittance))[0].claims) == 2
