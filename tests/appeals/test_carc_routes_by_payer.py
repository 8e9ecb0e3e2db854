"""Denial routes by payer: Medicare reopenings, new claims after MA130, the right payer for
109/B9, Medicare timely filing never appealable (appeals/carc.py; 42 CFR 405.980, 424.44)."""

import pytest

from appeals import carc


@pytest.mark.parametrize("payer_type", ["medicare", "medicare_adv"])
def test_medicare_timely_filing_is_not_appealable_without_n211(payer_type):
    assert carc.denial_route("29", [], payer_type=payer_type) == "not_appealable"


def test_medicare_timely_filing_with_n211_is_not_appealable_either():
    assert carc.denial_route("29", ["N211"], payer_type="medicare") == "not_appealable"


def test_a_commercial_timely_filing_denial_can_be_appealed_with_proof():
    assert carc.denial_route("29", [], payer_type="commercial") == "appeal"


def test_a_medicare_clerical_error_is_fixed_by_a_reopening():
    assert carc.denial_route("4", ["N822"], payer_type="medicare") == "reopening"


def test_a_commercial_clerical_error_is_fixed_by_a_replacement_claim():
    assert carc.denial_route("4", ["N822"], payer_type="commercial") == "corrected_claim"


def test_an_ma_plan_keeps_replacement_claims():
    assert carc.denial_route("146", [], payer_type="medicare_adv") == "corrected_claim"


def test_a_medicare_unprocessable_claim_is_sent_again_as_a_new_claim():
    assert carc.denial_route("16", ["MA130", "M51"], payer_type="medicare") == "new_claim"


@pytest.mark.parametrize("code", ["109", "B9", "22", "24", "190"])
def test_another_payer_pays_these(code):
    assert carc.denial_route(code, [], payer_type="medicare") == "bill_other_payer"


def test_the_hospice_denial_tells_the_biller_about_gv_and_gw():
    assert "GV" in carc.carc_for("B9").hint
    assert "GW" in carc.carc_for("B9").hint


def test_medical_necessity_still_goes_to_appeal_with_an_lmn():
    assert carc.denial_route("50", [], payer_type="medicare_adv") == "appeal_with_lmn"


def test_new_patient_denial_is_a_clerical_fix():
    assert carc.denial_route("B16", [], payer_type="medicare") == "reopening"


def test_category_ii_reporting_code_adjustment_is_not_a_denial():
    assert not carc.is_denial("CO", "246")


def test_a_known_code_reaches_a_letter_as_its_text():
    assert carc.carc_letter_text("50") == "Non-covered: the payer does not consider the service a medical necessity"


def test_an_unknown_code_never_reaches_a_letter_as_a_raw_code():
    text = carc.carc_letter_text("Z99")
    assert "Z99" not in text
    assert text.startswith("[[")


def test_every_route_has_a_label():
    routes = {carc.denial_route(code, [], payer_type=p) for code in carc.CARCS for p in ("medicare", "commercial")}
    assert routes <= set(carc.ROUTES)


def test_every_denial_code_has_a_category_and_meaning():
    for entry in carc.CARCS.values():
        assert entry.meaning
        assert entry.category in carc.CATEGORIES
