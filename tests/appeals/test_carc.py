"""appeals/carc.py: categories and routes derived from CARC/RARC codes (shared/domain.md §6.1, §6.4)."""

import pytest

from appeals import carc


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("50", "medical_necessity"),
        ("55", "medical_necessity"),
        ("56", "medical_necessity"),
        ("150", "medical_necessity"),
        ("151", "medical_necessity"),
        ("167", "medical_necessity"),
        ("16", "missing_information"),
        ("226", "missing_information"),
        ("252", "missing_information"),
        ("4", "coding_bundling"),
        ("11", "coding_bundling"),
        ("97", "coding_bundling"),
        ("234", "coding_bundling"),
        ("236", "coding_bundling"),
        ("18", "duplicate"),
        ("B13", "duplicate"),
        ("29", "timely_filing"),
        ("15", "authorization"),
        ("197", "authorization"),
        ("198", "authorization"),
        ("22", "other"),
        ("27", "other"),
        ("96", "other"),
        ("204", "other"),
    ],
)
def test_each_carc_falls_in_its_category(code, category):
    assert carc.denial_category(code) == category


def test_an_unknown_carc_is_other_and_keeps_its_code():
    entry = carc.carc_for("299")
    assert entry.category == "other"
    assert "299" in entry.meaning


def test_codes_are_read_without_case_or_spaces():
    assert carc.denial_category(" b13 ") == "duplicate"


@pytest.mark.parametrize(
    ("group", "code"), [("CO", "45"), ("PR", "1"), ("PR", "2"), ("PR", "3"), ("CO", "253"), ("OA", "23")]
)
def test_contract_write_downs_and_cost_share_are_not_denials(group, code):
    assert not carc.is_denial(group, code)


@pytest.mark.parametrize(("group", "code"), [("CO", "50"), ("CO", "16"), ("CO", "29"), ("PR", "96"), ("OA", "18")])
def test_denial_reasons_are_denials_whatever_the_group(group, code):
    assert carc.is_denial(group, code)


def test_a_correction_or_reversal_is_never_a_new_denial():
    assert not carc.is_denial("CR", "50")


def test_timely_filing_with_n211_is_not_appealable():
    assert carc.denial_route("29", ["N211"]) == "not_appealable"


def test_timely_filing_not_appealable_offers_the_424_44_exceptions():
    keys = [key for key, _ in carc.exceptions_for("29")]
    assert keys == [
        "administrative_error",
        "retroactive_entitlement",
        "retroactive_medicaid",
        "retroactive_disenrollment",
    ]


def test_other_denials_offer_no_timely_filing_exceptions():
    assert carc.exceptions_for("50") == ()


def test_n211_makes_any_denial_not_appealable():
    assert carc.denial_route("50", ["N211"]) == "not_appealable"


def test_commercial_timely_filing_without_n211_can_be_appealed_with_proof():
    assert carc.denial_route("29", []) == "appeal"


def test_co16_asks_for_a_corrected_claim_instead_of_an_appeal():
    assert carc.denial_route("16", ["M51"]) == "corrected_claim"


def test_ma130_makes_a_denial_a_new_claim_whatever_the_carc():
    # An unprocessable claim was never adjudicated: it is fixed and sent as a new claim, not a
    # replacement (IOM 100-04 ch.1 §80.3.2).
    assert carc.denial_route("96", ["MA130"]) == "new_claim"


def test_medical_necessity_is_appealed_with_a_letter_of_medical_necessity():
    assert carc.denial_route("50", ["N115"]) == "appeal_with_lmn"


def test_bundling_denials_are_appealed():
    assert carc.denial_route("97", ["N19"]) == "appeal"


def test_deductible_needs_no_action():
    assert carc.denial_route("1") == "no_action"


@pytest.mark.parametrize(
    ("route", "allowed"),
    [
        ("appeal", True),
        ("appeal_with_lmn", True),
        ("corrected_claim", False),
        ("reopening", False),
        ("new_claim", False),
        ("bill_other_payer", False),
        ("not_appealable", False),
        ("no_action", False),
    ],
)
def test_only_appeal_routes_allow_an_appeal(route, allowed):
    assert carc.route_allows_appeal(route) is allowed


def test_rarc_meanings_come_from_the_table():
    assert carc.rarc_meaning("n211") == "You may not appeal this decision"


def test_an_unknown_rarc_keeps_its_code():
    assert "N999" in carc.rarc_meaning("N999")


def test_every_category_in_the_table_has_a_label():
    assert {c.category for c in carc.CARCS.values()} <= set(carc.CATEGORIES)


def test_a_claim_status_code_reads_as_words():
    assert carc.claim_status_meaning("1") == "Processed as primary"
    assert carc.claim_status_meaning("22") == "Reversal of a previous payment"


def test_an_unknown_claim_status_code_says_so_in_words():
    assert carc.claim_status_meaning("99") == "Status 99 (not in the 835 code list)"


def test_an_adjustment_reads_as_its_group_and_reason_in_words():
    assert carc.adjustment_words("co", "45") == f"{carc.GROUPS['CO']}: {carc.carc_meaning('45')}"


def test_a_provider_level_adjustment_reason_reads_as_words():
    assert carc.plb_reason_meaning("wo") == "Overpayment recovery"
    assert carc.plb_reason_meaning("L6") == "Interest owed"


def test_an_unknown_provider_level_adjustment_keeps_its_code():
    assert carc.plb_reason_meaning("ZZ") == "Provider adjustment ZZ (not in the app's code list)"


# --- Codes added for issue 10 ------------------------------------------------------------------


def test_a_denial_after_the_plans_responsibility_ended_bills_the_right_payer():
    assert carc.denial_route("166", payer_type="commercial") == carc.BILL_OTHER_PAYER


def test_a_claim_spanning_two_calendar_years_is_sent_again_as_new_claims_to_medicare():
    assert carc.denial_route("268", payer_type="medicare") == carc.NEW_CLAIM


def test_an_upheld_decision_is_appealed_at_the_next_level():
    assert carc.denial_route("193", payer_type="medicare") == carc.APPEAL


def test_an_attending_not_eligible_to_direct_care_points_at_the_hospice_election():
    assert "election statement" in carc.carc_for("283").hint


def test_a_late_appeal_asks_for_good_cause():
    assert "good cause" in carc.carc_for("286").hint


def test_a_monthly_medicaid_liability_is_not_a_denial():
    assert carc.is_denial("PR", "142") is False


def test_a_premium_grace_period_pend_is_not_a_denial():
    assert carc.is_denial("OA", "257") is False


def test_the_add_on_alone_remark_reads_as_words():
    assert carc.rarc_meaning("N122") == "An add-on code cannot be billed by itself"


def test_an_added_carc_reaches_a_letter_as_its_words():
    assert carc.carc_letter_text("112") == "Service not furnished directly to the patient and/or not documented"


def test_each_carc_appears_once_in_the_table():
    codes = [row[0] for row in carc._DENIAL_ROWS] + [row[0] for row in carc._ADJUSTMENT_ROWS]
    assert len(codes) == len(set(codes))
