"""Payer-dependent scrubber rules at their edges: Medicare Advantage and hospice (42 CFR
422.320), the MBI, consultation codes (CR 6740) and Medicare's calendar-year filing limit
(42 CFR 424.44)."""

from datetime import date
from decimal import Decimal

from billing import rules

from .facts import DOS, claim, em_line, encounter, line, rule_ids

ON_HOSPICE = rules.HospiceFacts(active=True, rendering_is_attending=True, attending_employed_by_hospice=False)


# --- Medicare Advantage and hospice --------------------------------------------------------------


def test_an_ma_claim_for_a_member_on_hospice_is_an_error_that_sends_it_to_original_medicare():
    findings = rules.hospice_member_billed_to_plan(
        claim(em_line(hospice=ON_HOSPICE, modifiers=("GV",)), payer_type="medicare_adv")
    )
    assert rule_ids(findings) == ["hospice_member_billed_to_plan"]
    assert "Original Medicare" in findings[0].message
    assert "GV or GW" in findings[0].fix


def test_an_ma_claim_for_a_member_not_on_hospice_is_fine():
    assert rules.hospice_member_billed_to_plan(claim(em_line(), payer_type="medicare_adv")) == []


def test_an_original_medicare_claim_for_a_hospice_patient_is_not_a_plan_claim():
    assert rules.hospice_member_billed_to_plan(claim(em_line(hospice=ON_HOSPICE, modifiers=("GV",)))) == []


def test_the_claim_filing_indicator_follows_the_payer_profile():
    assert rules.claim_filing_indicator("medicare", on=DOS) == "MB"
    assert rules.claim_filing_indicator("medicare_adv", on=DOS) == "16"
    assert rules.claim_filing_indicator("medicaid", on=DOS) == "MC"
    assert rules.claim_filing_indicator("commercial", on=DOS) == "CI"


def test_ma_plans_take_medicare_prolonged_codes_not_99417():
    findings = rules.prolonged_code_for_wrong_payer(
        claim(em_line(code="99215"), em_line(2, code="99417"), payer_type="medicare_adv")
    )
    assert rule_ids(findings) == ["prolonged_code_for_wrong_payer"]


# --- MBI ------------------------------------------------------------------------------------------


def test_a_medicare_claim_with_an_mbi_is_fine():
    assert rules.member_id_not_mbi(claim(member_id="1EG4-TE5-MK73")) == []


def test_a_medicare_claim_with_an_old_hicn_is_an_error():
    findings = rules.member_id_not_mbi(claim(member_id="123456789A"))
    assert rule_ids(findings) == ["member_id_not_mbi"]
    assert "11 letters and digits" in findings[0].message


def test_an_mbi_with_a_forbidden_letter_is_an_error():
    findings = rules.member_id_not_mbi(claim(member_id="1EG4TE5MS73"))
    assert "S, L, O, I, B or Z" in findings[0].message


def test_a_commercial_member_id_need_not_be_an_mbi():
    assert rules.member_id_not_mbi(claim(payer_type="commercial", member_id="XYZ123456")) == []


def test_a_void_is_still_checked_for_the_mbi():
    findings = rules.run_all(
        claim(member_id="XYZ123456", frequency_code="8", payer_claim_number="1"), today=date(2026, 11, 23)
    )
    assert "member_id_not_mbi" in rule_ids(findings)


# --- Consultation codes ---------------------------------------------------------------------------


def test_an_office_consultation_to_medicare_names_the_office_visit_to_bill():
    findings = rules.consultation_code_for_payer(claim(line(code="99244")))
    assert rule_ids(findings) == ["consultation_code_for_payer"]
    assert "99202-99205" in findings[0].fix


def test_an_inpatient_consultation_to_ma_names_initial_hospital_care():
    findings = rules.consultation_code_for_payer(claim(line(code="99254"), payer_type="medicare_adv"))
    assert "99221-99223" in findings[0].fix


def test_a_consultation_in_a_nursing_facility_names_initial_nf_care():
    enc = encounter(setting="nursing_facility", em_code="99254")
    findings = rules.consultation_code_for_payer(claim(em_line(encounter=enc)))
    assert "99304-99306" in findings[0].fix


def test_a_commercial_payer_keeps_consultation_codes():
    assert rules.consultation_code_for_payer(claim(line(code="99244"), payer_type="commercial")) == []


def test_99241_and_99255_are_both_consultation_codes():
    assert {"99241", "99255"} <= rules.CONSULTATION_CODES
    assert "99240" not in rules.CONSULTATION_CODES


# --- Medicare timely filing: one calendar year, next workday -------------------------------------


def test_medicare_deadline_is_the_same_date_a_year_later():
    assert rules.medicare_filing_deadline(date(2026, 3, 10)) == date(2027, 3, 10)


def test_february_29_is_due_february_28_of_the_next_year():
    assert rules.medicare_filing_deadline(date(2028, 2, 29)) == date(2029, 2, 28)


def test_a_deadline_on_a_saturday_moves_to_monday():
    # 2027-03-13 is a Saturday.
    assert rules.medicare_filing_deadline(date(2026, 3, 13)) == date(2027, 3, 15)


def test_a_deadline_on_a_federal_holiday_moves_to_the_next_workday():
    # 2027-11-25 is Thanksgiving (Thursday).
    assert rules.medicare_filing_deadline(date(2026, 11, 25)) == date(2027, 11, 26)


def test_a_deadline_on_an_observed_holiday_moves_past_it():
    # 2027-07-04 is a Sunday and Independence Day is observed Monday 07-05.
    assert rules.medicare_filing_deadline(date(2026, 7, 4)) == date(2027, 7, 6)


def test_a_medicare_claim_on_the_rolled_deadline_is_still_timely():
    sunday_dos = date(2026, 7, 4)
    findings = rules.timely_filing(claim(em_line(date_of_service=sunday_dos)), date(2027, 7, 6))
    assert [f.severity for f in findings] == [rules.WARNING]


def test_a_medicare_claim_the_day_after_the_rolled_deadline_is_an_error():
    findings = rules.timely_filing(claim(em_line(date_of_service=date(2026, 7, 4))), date(2027, 7, 7))
    assert [f.severity for f in findings] == [rules.ERROR]
    assert "one-calendar-year" in findings[0].message


def test_medicare_ignores_the_payer_row_days_and_uses_the_calendar_year():
    findings = rules.timely_filing(claim(em_line(), timely_filing_days=90), DOS.replace(year=2027))
    assert [f.severity for f in findings] == [rules.WARNING]


# --- Category II at $0.00 -------------------------------------------------------------------------


def test_a_category_ii_code_at_zero_dollars_is_allowed():
    zero = line(2, "1123F", charge=Decimal("0.00"))
    assert rules.procedure_code_malformed(claim(em_line(), zero)) == []


def test_a_regular_code_at_zero_dollars_is_still_an_error():
    zero = line(2, "99497", charge=Decimal("0.00"))
    assert rule_ids(rules.procedure_code_malformed(claim(em_line(), zero))) == ["procedure_code_malformed"]


# --- 2021-2023 dates of service ------------------------------------------------------------------


def test_99417_with_99215_is_earned_from_55_minutes_in_2022():
    assert rules.prolonged_units(primary="99215", total_minutes=55, scheme="cpt", on=date(2022, 5, 2)) == ("99417", 1)


def test_99417_is_an_add_on_of_99205_in_2021():
    lines = (line(1, "99205", date_of_service=date(2021, 3, 1)), line(2, "99417", date_of_service=date(2021, 3, 1)))
    assert rules.addon_without_primary(claim(*lines)) == []


# --- Modifiers as dated data ----------------------------------------------------------------------


def test_the_modifier_list_holds_the_payer_modifiers():
    assert {"GA", "GY", "GZ", "GC", "FT", "AI", "57", "KX", "95", "93", "CR", "CS", "76", "77"} <= set(
        rules.KNOWN_MODIFIERS
    )


def test_audio_only_93_did_not_exist_in_2021():
    findings = rules.procedure_code_malformed(
        claim(line(1, "99214", modifiers=("93",), date_of_service=date(2021, 6, 1)))
    )
    assert "did not exist yet" in findings[0].message


def test_audio_only_93_is_in_force_from_2022():
    assert (
        rules.procedure_code_malformed(claim(line(1, "99214", modifiers=("93",), date_of_service=date(2022, 1, 1))))
        == []
    )


def test_an_invented_modifier_is_refused():
    findings = rules.procedure_code_malformed(claim(line(1, "99214", modifiers=("ZZ",))))
    assert "not a CPT or HCPCS modifier" in findings[0].message
