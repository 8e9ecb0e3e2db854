"""appeals/services.py: appeal_salutation opens each appeal letter for the level's reviewer."""

import pytest

from appeals import services
from appeals.deadlines import LEVELS


def test_a_redetermination_is_addressed_to_the_mac_redetermination_unit():
    assert (
        services.appeal_salutation(level="redetermination", payer_name="Medicare Part B")
        == "To the Medicare Administrative Contractor, Redetermination Unit:"
    )


def test_a_commercial_internal_appeal_is_addressed_to_the_payers_appeals_department():
    assert (
        services.appeal_salutation(level="internal", payer_name="Blue Prairie Health")
        == "To Blue Prairie Health, Appeals Department:"
    )


@pytest.mark.parametrize("level", LEVELS)
def test_no_level_opens_with_dear_reviewer_or_an_internal_label(level):
    salutation = services.appeal_salutation(level=level, payer_name="Blue Prairie Health")
    assert salutation.startswith("To ")
    assert "Dear" not in salutation
    assert "(" not in salutation
