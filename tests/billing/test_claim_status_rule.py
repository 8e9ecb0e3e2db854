"""billing.rules.claim_status: where a sent claim stands from its money and its denials."""

from decimal import Decimal

import pytest

from billing.rules import (
    DENIAL_APPEALING,
    DENIAL_CLOSED,
    DENIAL_LOST,
    DENIAL_OPEN,
    DENIAL_WON,
    DENIAL_WON_IN_PART,
    DenialFacts,
    LineMoney,
    claim_status,
)

ZERO = Decimal("0")


def line(key, paid="0", adjusted="0"):
    return LineMoney(key=key, paid=Decimal(paid), adjusted=Decimal(adjusted))


def status_of(lines, denials=(), *, paid=None, adjusted="0", status="submitted"):
    claim_paid = sum((one.paid for one in lines), ZERO) if paid is None else Decimal(paid)
    return claim_status(
        status=status, lines=lines, claim_paid=claim_paid, claim_adjusted=Decimal(adjusted), denials=list(denials)
    )


def test_a_claim_paid_in_full_is_paid():
    assert status_of([line(1, paid="68")]) == "paid"


def test_no_denial_means_paid_even_when_the_patient_owes_it_all():
    assert status_of([line(1, adjusted="68")]) == "paid"


def test_a_contractual_write_down_alone_is_paid():
    assert status_of([line(1, paid="50", adjusted="18")]) == "paid"


def test_nothing_posted_and_no_denial_stays_submitted():
    assert status_of([line(1), line(2)]) == "submitted"


def test_a_fully_reversed_payment_goes_back_to_submitted():
    assert status_of([line(1)], [DenialFacts(DENIAL_CLOSED, 1)], status="paid") == "submitted"


def test_every_line_denied_and_nothing_paid_is_denied():
    lines = [line(1, adjusted="68"), line(2, adjusted="20")]
    assert status_of(lines, [DenialFacts(DENIAL_OPEN, 1), DenialFacts(DENIAL_OPEN, 2)]) == "denied"


def test_a_claim_level_denial_with_no_lines_is_denied():
    assert status_of([], [DenialFacts(DENIAL_OPEN, None)], adjusted="68") == "denied"


def test_a_claim_level_denial_with_nothing_paid_denies_every_line():
    lines = [line(1, adjusted="68"), line(2, adjusted="20")]
    assert status_of(lines, [DenialFacts(DENIAL_OPEN, None)]) == "denied"


def test_one_line_denied_and_another_paid_is_partially_paid():
    lines = [line(1, adjusted="68"), line(2, paid="68")]
    assert status_of(lines, [DenialFacts(DENIAL_OPEN, 1)]) == "partially_paid"


def test_one_line_denied_and_another_left_to_the_deductible_is_partially_paid():
    lines = [line(1, adjusted="68"), line(2, adjusted="68")]
    assert status_of(lines, [DenialFacts(DENIAL_OPEN, 1)]) == "partially_paid"


def test_a_denial_under_appeal_makes_the_claim_appealed():
    assert status_of([line(1, adjusted="68")], [DenialFacts(DENIAL_APPEALING, 1)], status="denied") == "appealed"


def test_one_appealed_denial_outweighs_a_paid_line():
    lines = [line(1, adjusted="68"), line(2, paid="68")]
    assert status_of(lines, [DenialFacts(DENIAL_APPEALING, 1)], status="partially_paid") == "appealed"


def test_an_appeal_won_in_full_makes_the_claim_paid():
    assert status_of([line(1, adjusted="68")], [DenialFacts(DENIAL_WON, 1)], status="appealed") == "paid"


def test_an_appeal_won_in_part_makes_the_claim_partially_paid():
    assert status_of([line(1, adjusted="68")], [DenialFacts(DENIAL_WON_IN_PART, 1)], status="appealed") == (
        "partially_paid"
    )


def test_an_appeal_lost_makes_the_claim_denied_again():
    assert status_of([line(1, adjusted="68")], [DenialFacts(DENIAL_LOST, 1)], status="appealed") == "denied"


def test_a_lost_appeal_on_one_line_of_a_partly_paid_claim_is_partially_paid():
    lines = [line(1, adjusted="68"), line(2, paid="68")]
    assert status_of(lines, [DenialFacts(DENIAL_LOST, 1)], status="appealed") == "partially_paid"


def test_a_written_off_denial_no_longer_holds_the_claim_open():
    assert status_of([line(1, adjusted="68")], [DenialFacts(DENIAL_CLOSED, 1)], status="denied") == "paid"


def test_a_reopened_denial_brings_the_claim_back_to_denied():
    assert status_of([line(1, adjusted="68")], [DenialFacts(DENIAL_OPEN, 1)], status="paid") == "denied"


def test_money_paid_on_no_line_of_ours_keeps_a_denied_claim_partially_paid():
    lines = [line(1, adjusted="68")]
    assert status_of(lines, [DenialFacts(DENIAL_OPEN, 1)], paid="20") == "partially_paid"


@pytest.mark.parametrize("status", ["draft", "ready", "replaced", "void"])
def test_a_claim_not_sent_keeps_its_status(status):
    assert status_of([line(1, paid="68")], [DenialFacts(DENIAL_OPEN, 1)], status=status) == status


def test_an_unknown_denial_state_is_refused():
    with pytest.raises(ValueError, match="maybe"):
        status_of([line(1)], [DenialFacts("maybe", 1)])
