"""The Medicare beneficiary identifier format (CMS "Understanding the MBI"; CR 10913) and the
coverage form that enforces it for Original Medicare."""

import pytest

from palliative import rules
from palliative.forms import CoverageForm

from ..factories import CommercialPayerFactory, MedicareAdvantagePayerFactory, PatientFactory, PayerFactory


@pytest.mark.parametrize("mbi", ["1EG4TE5MK73", "1eg4-te5-mk73", "9AA0AA0AA00", "1A00A00AA99"])
def test_well_formed_mbis_pass(mbi):
    assert rules.mbi_problem(mbi) is None


def test_an_mbi_cannot_start_with_zero():
    assert "positions 1, 4, 7, 10 and 11 are digits (the first 1-9)" in rules.mbi_problem("0EG4TE5MK73")


@pytest.mark.parametrize("letter", list("SLOIBZ"))
def test_an_mbi_never_contains_s_l_o_i_b_or_z(letter):
    assert "never contains" in rules.mbi_problem(f"1E{letter}4TE5MK73")


def test_a_ten_character_id_is_not_an_mbi():
    assert "11 letters and digits" in rules.mbi_problem("1EG4TE5MK7")


def test_a_letter_where_a_digit_belongs_is_not_an_mbi():
    assert rules.mbi_problem("1EGATE5MK73") is not None


def test_only_original_medicare_member_ids_must_be_mbis():
    assert rules.member_id_problem("medicare", "XYZ123") is not None
    assert rules.member_id_problem("medicare_adv", "H12345678") is None
    assert rules.member_id_problem("commercial", "XYZ123") is None


def _coverage(payer, member_id):
    return CoverageForm(
        {
            "payer": payer.pk,
            "priority": "primary",
            "relationship": "18",
            "member_id": member_id,
            "effective_from": "2026-01-01",
        },
        patient=PatientFactory(),
    )


@pytest.mark.django_db
def test_the_coverage_form_refuses_a_medicare_id_that_is_not_an_mbi():
    form = _coverage(PayerFactory(), "123456789A")
    assert "is not a Medicare number (MBI)" in form.errors["member_id"][0]


@pytest.mark.django_db
def test_the_coverage_form_stores_an_mbi_without_the_card_dashes():
    form = _coverage(PayerFactory(), "1eg4-te5-mk73")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["member_id"] == "1EG4TE5MK73"


@pytest.mark.django_db
def test_the_coverage_form_accepts_a_plan_id_for_medicare_advantage_and_commercial():
    assert _coverage(MedicareAdvantagePayerFactory(), "H12345678").is_valid()
    assert _coverage(CommercialPayerFactory(), "XYZ123456").is_valid()


def test_negative_acp_minutes_are_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        rules.acp_billing_units(-1)


def test_zero_acp_minutes_earn_nothing():
    assert rules.acp_billing_units(0) == {}
