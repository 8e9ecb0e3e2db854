"""Each scrubber rule at its edges (billing/rules.py), on plain facts: no database."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from billing import rules

from .facts import DOS, NO_HOSPICE, TODAY, acp, acp_line, claim, em_line, encounter, line, rule_ids


def test_a_clean_claim_has_no_findings():
    assert rules.run_all(claim(em_line(), acp_line()), today=TODAY) == []


# --- ACP time -----------------------------------------------------------------------------------


def test_acp_of_16_minutes_earns_99497():
    assert rules.acp_time_below_threshold(claim(acp_line(acp=acp(minutes=16)))) == []


def test_acp_of_15_minutes_does_not_earn_99497():
    findings = rules.acp_time_below_threshold(claim(acp_line(acp=acp(minutes=15))))
    assert rule_ids(findings) == ["acp_time_below_threshold"]
    assert findings[0].line == 2


def test_99498_needs_46_minutes():
    short = claim(acp_line(), acp_line(3, "99498", acp=acp(minutes=45)))
    assert rule_ids(rules.acp_time_below_threshold(short)) == ["acp_time_below_threshold"]


def test_99498_at_46_minutes_is_earned():
    assert rules.acp_time_below_threshold(claim(acp_line(3, "99498", acp=acp(minutes=46)))) == []


def test_two_units_of_99498_need_76_minutes():
    assert rule_ids(rules.acp_time_below_threshold(claim(acp_line(3, "99498", units=2, acp=acp(minutes=75))))) == [
        "acp_time_below_threshold"
    ]


def test_two_units_of_99498_at_76_minutes_are_earned():
    assert rules.acp_time_below_threshold(claim(acp_line(3, "99498", units=2, acp=acp(minutes=76)))) == []


def test_99498_without_99497_is_an_addon_without_its_primary():
    findings = rules.addon_without_primary(claim(acp_line(1, "99498", acp=acp(minutes=50))))
    assert rule_ids(findings) == ["addon_without_primary"]


def test_99498_with_99497_on_another_date_is_still_alone():
    lines = (acp_line(1, "99497", date_of_service=DOS - timedelta(days=1)), acp_line(2, "99498"))
    assert rule_ids(rules.addon_without_primary(claim(*lines))) == ["addon_without_primary"]


# --- ACP documentation, performer, critical care, modifier 33, repeats --------------------------


def test_acp_without_documented_consent_is_an_error():
    findings = rules.acp_documentation_incomplete(claim(acp_line(acp=acp(consent_documented=False))))
    assert "voluntary" in findings[0].message


def test_acp_without_participants_is_an_error():
    assert rule_ids(rules.acp_documentation_incomplete(claim(acp_line(acp=acp(participants=" "))))) == [
        "acp_documentation_incomplete"
    ]


def test_acp_without_summary_is_an_error():
    assert rule_ids(rules.acp_documentation_incomplete(claim(acp_line(acp=acp(summary=""))))) == [
        "acp_documentation_incomplete"
    ]


def test_acp_with_absent_patient_needs_the_incapacity_note():
    session = acp(patient_present=False, incapacity_note="")
    assert rule_ids(rules.acp_documentation_incomplete(claim(acp_line(acp=session)))) == [
        "acp_documentation_incomplete"
    ]


def test_acp_with_absent_patient_and_incapacity_note_is_complete():
    session = acp(patient_present=False, incapacity_note="Obtunded; surrogate present.")
    assert rules.acp_documentation_incomplete(claim(acp_line(acp=session))) == []


def test_acp_by_a_social_worker_cannot_be_billed():
    findings = rules.acp_performer_not_qualified(claim(acp_line(acp=acp(provider_credentials="LCSW"))))
    assert rule_ids(findings) == ["acp_performer_not_qualified"]


def test_acp_by_a_clinical_nurse_specialist_can_be_billed():
    assert rules.acp_performer_not_qualified(claim(acp_line(acp=acp(provider_credentials="CNS")))) == []


def test_acp_line_without_session_uses_the_rendering_providers_credentials():
    assert rule_ids(rules.acp_performer_not_qualified(claim(line(1, "99497"), rendering_credentials="RN"))) == [
        "acp_performer_not_qualified"
    ]


def test_acp_on_the_same_claim_and_date_as_critical_care_is_an_error():
    findings = rules.acp_same_day_as_critical_care(claim(line(1, "99291"), acp_line()))
    assert rule_ids(findings) == ["acp_same_day_as_critical_care"]


def test_acp_on_the_date_of_critical_care_billed_on_another_claim_is_an_error():
    other = rules.OtherService(claim_label="RB1", code="99292", date_of_service=DOS, same_provider=False)
    assert rule_ids(rules.acp_same_day_as_critical_care(claim(acp_line(), other_services=(other,)))) == [
        "acp_same_day_as_critical_care"
    ]


def test_acp_the_day_after_critical_care_is_fine():
    other = rules.OtherService(
        claim_label="RB1", code="99291", date_of_service=DOS - timedelta(days=1), same_provider=True
    )
    assert rules.acp_same_day_as_critical_care(claim(acp_line(), other_services=(other,))) == []


def test_modifier_33_without_an_annual_wellness_visit_is_an_error():
    findings = rules.acp_modifier_33_without_awv(claim(acp_line(modifiers=("33",))))
    assert [f.severity for f in findings] == [rules.ERROR]


def test_modifier_33_with_an_annual_wellness_visit_the_same_day_is_fine():
    assert rules.acp_modifier_33_without_awv(claim(line(1, "G0439"), acp_line(modifiers=("33",)))) == []


def test_modifier_33_with_an_awv_on_another_day_is_an_error():
    awv = line(1, "G0439", date_of_service=DOS - timedelta(days=3))
    assert rule_ids(rules.acp_modifier_33_without_awv(claim(awv, acp_line(modifiers=("33",))))) == [
        "acp_modifier_33_without_awv"
    ]


def test_acp_with_an_awv_but_no_modifier_33_warns_for_medicare():
    findings = rules.acp_modifier_33_without_awv(claim(line(1, "G0439"), acp_line()))
    assert [f.severity for f in findings] == [rules.WARNING]


def test_modifier_33_for_a_commercial_payer_warns_that_the_waiver_is_medicares():
    findings = rules.acp_modifier_33_without_awv(
        claim(line(1, "G0439"), acp_line(modifiers=("33",)), payer_type=rules.COMMERCIAL)
    )
    assert [f.severity for f in findings] == [rules.WARNING]


def test_repeat_acp_without_a_documented_change_warns():
    findings = rules.acp_repeated_without_change(claim(acp_line(acp=acp(billed_before=True))))
    assert [f.severity for f in findings] == [rules.WARNING]


def test_repeat_acp_with_a_documented_change_is_fine():
    session = acp(billed_before=True, change_since_last="New brain metastases; wishes changed to home death.")
    assert rules.acp_repeated_without_change(claim(acp_line(acp=session))) == []


def test_first_acp_needs_no_documented_change():
    assert rules.acp_repeated_without_change(claim(acp_line())) == []


# --- E/M ------------------------------------------------------------------------------------


def test_em_level_above_documented_time_is_an_error():
    findings = rules.em_level_not_supported_by_time(claim(em_line(encounter=encounter(total_minutes=39))))
    assert rule_ids(findings) == ["em_level_not_supported_by_time"]


def test_em_level_at_exactly_its_minimum_time_is_supported():
    assert rules.em_level_not_supported_by_time(claim(em_line(encounter=encounter(total_minutes=40)))) == []


def test_em_level_chosen_by_mdm_is_not_checked_against_time():
    enc = encounter(level_basis="mdm", total_minutes=5)
    assert rules.em_level_not_supported_by_time(claim(em_line(encounter=enc))) == []


def test_time_based_em_without_documented_time_is_an_error():
    findings = rules.time_not_documented(claim(em_line(encounter=encounter(total_minutes=None))))
    assert rule_ids(findings) == ["time_not_documented"]


def test_mdm_based_em_needs_no_time():
    enc = encounter(level_basis="mdm", total_minutes=None)
    assert rules.time_not_documented(claim(em_line(encounter=enc))) == []


def test_acp_without_minutes_is_a_time_based_code_without_time():
    assert rule_ids(rules.time_not_documented(claim(acp_line(acp=acp(minutes=0))))) == ["time_not_documented"]


def test_office_code_for_a_home_visit_is_not_in_the_settings_family():
    findings = rules.em_code_not_in_setting(claim(em_line(encounter=encounter(setting="home"))))
    assert rule_ids(findings) == ["em_code_not_in_setting"]


def test_home_code_for_a_home_visit_is_in_the_family():
    enc = encounter(setting="home", em_code="99350", total_minutes=60)
    assert rules.em_code_not_in_setting(claim(em_line(encounter=enc))) == []


def test_deleted_observation_code_is_an_error():
    enc = encounter(setting="observation", em_code="99218", level_basis="mdm")
    findings = rules.deleted_code(claim(em_line(encounter=enc)))
    assert "99221" in findings[0].fix


def test_code_deleted_after_the_date_of_service_is_fine():
    enc = encounter(setting="observation", em_code="99218", level_basis="mdm")
    assert rules.deleted_code(claim(em_line(encounter=enc, date_of_service=date(2022, 12, 31)))) == []


# --- Prolonged services -----------------------------------------------------------------------


def _prolonged(code: str, minutes: int, units: int = 1, **claim_changes):
    enc = encounter(total_minutes=minutes)
    return claim(em_line(encounter=enc), line(2, code, units=units, encounter=enc), **claim_changes)


def test_99417_for_medicare_is_the_wrong_code():
    findings = rules.prolonged_code_for_wrong_payer(_prolonged("99417", 70))
    assert "G2212" in findings[0].fix


def test_g2212_for_a_commercial_payer_is_the_wrong_code():
    findings = rules.prolonged_code_for_wrong_payer(_prolonged("G2212", 70, payer_type=rules.COMMERCIAL))
    assert "99417" in findings[0].fix


def test_g2212_for_medicare_is_the_right_code():
    assert rules.prolonged_code_for_wrong_payer(_prolonged("G2212", 70)) == []


def test_medicaid_follows_cpt_for_prolonged_services():
    assert rules.prolonged_code_for_wrong_payer(_prolonged("99417", 55, payer_type=rules.MEDICAID)) == []


def test_g2212_with_99215_at_68_minutes_is_below_threshold():
    assert rule_ids(rules.prolonged_below_threshold(_prolonged("G2212", 68))) == ["prolonged_below_threshold"]


def test_g2212_with_99215_at_69_minutes_earns_one_unit():
    assert rules.prolonged_below_threshold(_prolonged("G2212", 69)) == []


def test_two_units_of_g2212_need_84_minutes():
    assert rule_ids(rules.prolonged_below_threshold(_prolonged("G2212", 83, units=2))) == ["prolonged_below_threshold"]
    assert rules.prolonged_below_threshold(_prolonged("G2212", 84, units=2)) == []


def test_99417_with_99215_at_55_minutes_earns_one_unit_for_commercial():
    assert rules.prolonged_below_threshold(_prolonged("99417", 55, payer_type=rules.COMMERCIAL)) == []


def test_99417_with_99215_at_54_minutes_is_below_threshold():
    findings = rules.prolonged_below_threshold(_prolonged("99417", 54, payer_type=rules.COMMERCIAL))
    assert rule_ids(findings) == ["prolonged_below_threshold"]


def test_prolonged_service_needs_the_visit_chosen_by_time():
    enc = encounter(level_basis="mdm", total_minutes=90)
    findings = rules.prolonged_below_threshold(claim(em_line(encounter=enc), line(2, "G2212", encounter=enc)))
    assert "chosen by time" in findings[0].message


def test_prolonged_service_without_its_primary_is_an_addon_alone():
    assert rule_ids(rules.addon_without_primary(claim(line(1, "G2212")))) == ["addon_without_primary"]


def test_medicare_awv_code_for_a_commercial_payer_is_an_error():
    findings = rules.awv_code_for_wrong_payer(claim(line(1, "G0439"), payer_type=rules.COMMERCIAL))
    assert rule_ids(findings) == ["awv_code_for_wrong_payer"]


def test_payer_profile_is_chosen_by_type_and_date():
    assert rules.payer_profile(rules.MEDICARE, DOS).prolonged_scheme == "medicare"
    assert rules.payer_profile(rules.MEDICARE, date(2020, 6, 1)) is None


# --- Codes and diagnoses ----------------------------------------------------------------------


def test_malformed_procedure_code_is_an_error():
    assert "not a CPT or HCPCS" in rules.procedure_code_malformed(claim(line(1, "9921")))[0].message


def test_unknown_modifier_is_an_error():
    assert "“ZZ”" in rules.procedure_code_malformed(claim(em_line(modifiers=("ZZ",))))[0].message


def test_more_than_four_modifiers_is_an_error():
    findings = rules.procedure_code_malformed(claim(em_line(modifiers=("25", "GV", "95", "XE", "XU"))))
    assert "at most four" in findings[0].message


def test_negative_charge_is_an_error():
    assert rule_ids(rules.procedure_code_malformed(claim(em_line(charge=Decimal("-1"))))) == [
        "procedure_code_malformed"
    ]


def test_zero_charge_points_at_the_fee_schedule():
    assert "fee schedule" in rules.procedure_code_malformed(claim(em_line(charge=Decimal("0"))))[0].message


def test_invalid_icd10_code_is_an_error():
    findings = rules.diagnosis_invalid(claim(diagnosis_codes=("Z51.5", "C34.9")))
    assert "heading" in findings[0].message


def test_claim_without_diagnoses_is_an_error():
    findings = rules.diagnosis_invalid(claim(em_line(pointers=()), diagnosis_codes=()))
    assert findings[0].message == "The claim has no diagnosis."


def test_pointer_beyond_the_diagnoses_is_an_error():
    assert rule_ids(rules.diagnosis_invalid(claim(em_line(pointers=(1, 3))))) == ["diagnosis_invalid"]


def test_line_without_pointer_is_an_error():
    assert rule_ids(rules.diagnosis_invalid(claim(em_line(pointers=())))) == ["diagnosis_invalid"]


def test_z515_alone_is_a_sequencing_error():
    findings = rules.palliative_sequencing(claim(em_line(pointers=(1,)), diagnosis_codes=("Z51.5",)))
    assert [f.severity for f in findings] == [rules.ERROR]


def test_z515_first_in_hospital_care_warns():
    enc = encounter(setting="inpatient", em_code="99233", total_minutes=50)
    findings = rules.palliative_sequencing(claim(em_line(encounter=enc)))
    assert [f.severity for f in findings] == [rules.WARNING]


def test_z515_first_in_the_office_is_fine():
    assert rules.palliative_sequencing(claim(em_line())) == []


def test_claim_diagnosis_order_moves_z515_behind_the_condition_in_hospital():
    assert rules.claim_diagnosis_order(["z51.5", "C3490", "R52"], "inpatient") == ["C34.90", "Z51.5", "R52"]


def test_claim_diagnosis_order_keeps_the_documented_order_in_the_office():
    assert rules.claim_diagnosis_order(["Z51.5", "C34.90", "Z51.5"], "office") == ["Z51.5", "C34.90"]


# --- Hospice ----------------------------------------------------------------------------------


def _hospice(attending=True, employed=False) -> rules.HospiceFacts:
    return rules.HospiceFacts(active=True, rendering_is_attending=attending, attending_employed_by_hospice=employed)


def test_hospice_patient_seen_by_the_attending_needs_gv():
    findings = rules.hospice_modifier(claim(em_line(hospice=_hospice())))
    assert "needs GV" in findings[0].message


def test_hospice_patient_seen_by_the_attending_with_gv_is_fine():
    assert rules.hospice_modifier(claim(em_line(hospice=_hospice(), modifiers=("GV",)))) == []


def test_unrelated_care_for_a_hospice_patient_needs_gw_not_gv():
    enc = encounter(related_to_hospice=False)
    findings = rules.hospice_modifier(claim(em_line(encounter=enc, hospice=_hospice(), modifiers=("GV",))))
    assert "needs GW" in findings[0].message


def test_related_care_by_a_hospice_employed_attending_is_billed_by_the_hospice():
    findings = rules.hospice_modifier(claim(em_line(hospice=_hospice(employed=True), modifiers=("GV",))))
    assert "Part A" in findings[0].fix


def test_related_care_by_someone_other_than_the_attending_is_billed_by_the_hospice():
    assert rule_ids(rules.hospice_modifier(claim(em_line(hospice=_hospice(attending=False))))) == ["hospice_modifier"]


def test_gv_without_a_hospice_election_is_an_error():
    findings = rules.hospice_modifier(claim(em_line(hospice=NO_HOSPICE, modifiers=("GV",))))
    assert "not on hospice" in findings[0].message


def test_hospice_modifiers_are_not_checked_for_commercial_payers():
    assert rules.hospice_modifier(claim(em_line(hospice=_hospice()), payer_type=rules.COMMERCIAL)) == []


# --- Duplicates -------------------------------------------------------------------------------


def test_same_code_and_date_on_two_lines_is_a_duplicate():
    assert rule_ids(rules.duplicate_service(claim(em_line(1), em_line(2)))) == ["duplicate_service"]


def test_same_code_billed_by_another_team_member_is_a_duplicate():
    other = rules.OtherService(claim_label="RB7", code="99215", date_of_service=DOS, same_provider=False)
    findings = rules.duplicate_service(claim(em_line(), other_services=(other,)))
    assert "another member of the team" in findings[0].message


def test_same_code_on_another_date_is_not_a_duplicate():
    other = rules.OtherService(
        claim_label="RB7", code="99215", date_of_service=DOS + timedelta(days=1), same_provider=True
    )
    assert rules.duplicate_service(claim(em_line(), other_services=(other,))) == []


def test_second_visit_the_same_day_warns():
    other = rules.OtherService(claim_label="RB7", code="99214", date_of_service=DOS, same_provider=False)
    findings = rules.duplicate_service(claim(em_line(), other_services=(other,)))
    assert [f.severity for f in findings] == [rules.WARNING]


def test_second_visit_for_an_unrelated_problem_does_not_warn():
    other = rules.OtherService(claim_label="RB7", code="99214", date_of_service=DOS, same_provider=False)
    enc = encounter(unrelated_problem=True)
    assert rules.duplicate_service(claim(em_line(encounter=enc), other_services=(other,))) == []


# --- Documentation, filing, identifiers, coverage -----------------------------------------------


def test_visit_without_medical_necessity_note_is_an_error():
    findings = rules.necessity_documentation_missing(
        claim(em_line(encounter=encounter(medical_necessity_documented=False)))
    )
    assert "medical necessity" in findings[0].message


def test_visit_without_goals_of_care_note_is_an_error():
    findings = rules.necessity_documentation_missing(
        claim(em_line(encounter=encounter(goals_of_care_documented=False)))
    )
    assert "goals of care" in findings[0].message


def test_claim_on_the_last_day_of_timely_filing_warns():
    findings = rules.timely_filing(claim(em_line()), DOS + timedelta(days=365))
    assert [f.severity for f in findings] == [rules.WARNING]


def test_claim_a_day_past_timely_filing_is_an_error():
    findings = rules.timely_filing(claim(em_line()), DOS + timedelta(days=366))
    assert [f.severity for f in findings] == [rules.ERROR]


def test_claim_well_within_timely_filing_is_fine():
    assert rules.timely_filing(claim(em_line()), DOS + timedelta(days=300)) == []


def test_commercial_filing_limit_comes_from_the_payer():
    findings = rules.timely_filing(claim(em_line(), timely_filing_days=90), DOS + timedelta(days=91))
    assert "90-day" in findings[0].message


def test_invalid_rendering_npi_is_an_error():
    assert rule_ids(rules.npi_invalid(claim(rendering_npi="1234567890"))) == ["npi_invalid"]


def test_invalid_billing_npi_is_an_error():
    assert "billing practice" in rules.npi_invalid(claim(billing_npi="12345"))[0].message


def test_service_after_coverage_ended_is_an_error():
    findings = rules.coverage_not_effective(claim(em_line(), coverage_to=DOS - timedelta(days=1)))
    assert rule_ids(findings) == ["coverage_not_effective"]


def test_service_on_the_last_day_of_coverage_is_fine():
    assert rules.coverage_not_effective(claim(em_line(), coverage_to=DOS)) == []


def test_service_before_coverage_began_is_an_error():
    assert rule_ids(rules.coverage_not_effective(claim(em_line(), coverage_from=DOS + timedelta(days=1)))) == [
        "coverage_not_effective"
    ]


def test_claim_without_coverage_is_an_error():
    assert "no insurance" in rules.coverage_not_effective(claim(em_line(), payer_type=None))[0].message


def test_missing_patient_address_is_an_error():
    assert rule_ids(rules.patient_address_missing(claim(patient_address_complete=False))) == ["patient_address_missing"]


def test_replacement_without_payer_claim_number_is_an_error():
    assert [f.severity for f in rules.correction_without_payer_number(claim(frequency_code="7"))] == [rules.ERROR]


def test_void_without_payer_claim_number_is_an_error():
    assert [f.severity for f in rules.correction_without_payer_number(claim(frequency_code="8"))] == [rules.ERROR]


def test_a_named_policyholder_with_relationship_self_is_an_error():
    found = rules.policyholder_relationship_unclear(claim(relationship="18", subscriber_named=True))
    assert [f.severity for f in found] == [rules.ERROR]


def test_a_spouse_relationship_without_the_policyholders_name_is_an_error():
    found = rules.policyholder_relationship_unclear(claim(relationship="01", subscriber_named=False))
    assert "does not name the policyholder" in found[0].message


def test_a_spouse_relationship_with_the_policyholders_name_is_clean():
    assert rules.policyholder_relationship_unclear(claim(relationship="01", subscriber_named=True)) == []


def test_a_rendering_provider_without_taxonomy_warns():
    assert [f.severity for f in rules.rendering_taxonomy_missing(claim(rendering_taxonomy=""))] == [rules.WARNING]


@pytest.mark.parametrize(
    ("payer_type", "plan_type", "indicator"),
    [
        ("medicare", "", "MB"),
        ("medicaid", "", "MC"),
        ("medicare_adv", "", "16"),
        ("medicare_adv", "hmo", "16"),
        ("medicare_adv", "ppo", "12"),
        ("commercial", "bcbs", "BL"),
        ("commercial", "hmo", "HM"),
        ("commercial", "", "CI"),
    ],
)
def test_the_claim_filing_indicator_follows_the_payers_kind(payer_type, plan_type, indicator):
    assert rules.claim_filing_indicator(payer_type, plan_type) == indicator


def test_void_claims_skip_the_clinical_rules():
    bad = claim(
        em_line(encounter=encounter(medical_necessity_documented=False)), frequency_code="8", payer_claim_number="X1"
    )
    assert rules.run_all(bad, today=TODAY) == []


def test_findings_list_errors_before_warnings():
    findings = rules.run_all(
        claim(em_line(encounter=encounter(total_minutes=30)), acp_line(acp=acp(billed_before=True))), today=TODAY
    )
    assert [f.severity for f in findings] == [rules.ERROR, rules.WARNING]


# --- What the builder applies -------------------------------------------------------------------


def test_expected_hospice_modifier_for_unrelated_care_is_gw():
    assert rules.expected_hospice_modifier(related=False, rendering_is_attending=False, attending_employed=True) == "GW"


def test_expected_hospice_modifier_for_the_independent_attending_is_gv():
    assert rules.expected_hospice_modifier(related=True, rendering_is_attending=True, attending_employed=False) == "GV"


def test_no_hospice_modifier_when_the_hospice_bills():
    assert rules.expected_hospice_modifier(related=True, rendering_is_attending=True, attending_employed=True) is None


def test_prolonged_units_for_medicare_99215_at_84_minutes_are_two_g2212():
    assert rules.prolonged_units(primary="99215", total_minutes=84, scheme="medicare", on=DOS) == ("G2212", 2)


def test_prolonged_units_below_threshold_are_none():
    assert rules.prolonged_units(primary="99215", total_minutes=54, scheme="cpt", on=DOS) is None


def test_findings_name_their_line():
    finding = rules.acp_time_below_threshold(claim(replace(acp_line(acp=acp(minutes=10)), number=4)))[0]
    assert finding.line == 4


def test_a_late_commercial_claim_is_not_told_about_the_medicare_regulation():
    late = replace(claim(em_line()), payer_type="commercial", timely_filing_days=90)
    [finding] = rules.timely_filing(late, DOS + timedelta(days=91))
    assert "424.44" not in finding.fix
    assert "payer's contract" in finding.fix
