"""Rules over the patient's billed history at their edges: new vs established (IOM 100-04
ch.12 §30.6.7), one nursing-facility visit a day (§30.6.13), AWV frequency (42 CFR 410.15),
who may bill what by credential (42 CFR 410.73) and modifier 25 (NCCI ch.11)."""

from datetime import date

from billing import rules

from .facts import DOS, claim, em_line, encounter, line, rule_ids


def past(code, day, *, same_provider=True, same_specialty=True, label="RB00000001"):
    return rules.OtherService(label, code, day, same_provider, same_specialty)


def new_visit(code="99204"):
    return em_line(encounter=encounter(em_code=code, total_minutes=50))


# --- New vs established ---------------------------------------------------------------------------


def test_a_new_patient_code_after_a_visit_by_the_same_provider_within_3_years_is_an_error():
    findings = rules.new_patient_code_for_established(
        claim(new_visit(), other_services=(past("99214", date(2023, 11, 3)),))
    )
    assert rule_ids(findings) == ["new_patient_code_for_established"]
    assert "99214" in findings[0].fix


def test_a_visit_exactly_3_years_before_still_makes_the_patient_established():
    findings = rules.new_patient_code_for_established(
        claim(new_visit(), other_services=(past("99214", date(2023, 11, 2)),))
    )
    assert rule_ids(findings) == ["new_patient_code_for_established"]


def test_a_visit_more_than_3_years_before_leaves_the_patient_new():
    assert (
        rules.new_patient_code_for_established(claim(new_visit(), other_services=(past("99214", date(2023, 11, 1)),)))
        == []
    )


def test_a_same_specialty_colleague_makes_the_patient_established():
    other = past("99347", date(2025, 5, 1), same_provider=False)
    findings = rules.new_patient_code_for_established(claim(new_visit(), other_services=(other,)))
    assert "a colleague of the same specialty" in findings[0].message


def test_a_colleague_of_another_specialty_leaves_the_patient_new():
    other = past("99214", date(2025, 5, 1), same_provider=False, same_specialty=False)
    assert rules.new_patient_code_for_established(claim(new_visit(), other_services=(other,))) == []


def test_a_new_home_visit_code_names_the_established_home_code():
    enc = encounter(setting="home", em_code="99345", total_minutes=80)
    findings = rules.new_patient_code_for_established(
        claim(em_line(encounter=enc), other_services=(past("99349", date(2026, 1, 5)),))
    )
    assert "99350" in findings[0].fix


# --- One nursing-facility visit per day -----------------------------------------------------------


def nf_visit(number=1, code="99309"):
    return em_line(number, encounter=encounter(setting="nursing_facility", em_code=code, total_minutes=35))


def test_a_second_nf_visit_the_same_day_by_the_same_provider_is_an_error():
    findings = rules.nursing_facility_visit_twice(claim(nf_visit(), other_services=(past("99308", DOS),)))
    assert [f.severity for f in findings] == [rules.ERROR]


def test_two_nf_visits_on_one_claim_the_same_day_are_an_error():
    findings = rules.nursing_facility_visit_twice(claim(nf_visit(1), nf_visit(2, "99310")))
    assert [(f.severity, f.line) for f in findings] == [(rules.ERROR, 2)]


def test_a_same_specialty_colleagues_nf_visit_the_same_day_is_a_warning():
    other = past("99308", DOS, same_provider=False)
    findings = rules.nursing_facility_visit_twice(claim(nf_visit(), other_services=(other,)))
    assert [f.severity for f in findings] == [rules.WARNING]


def test_an_nf_visit_the_day_before_is_fine():
    other = past("99308", date(2026, 11, 1))
    assert rules.nursing_facility_visit_twice(claim(nf_visit(), other_services=(other,))) == []


# --- AWV frequency --------------------------------------------------------------------------------


def awv(code="G0439", day=DOS):
    return line(2, code, date_of_service=day)


def test_g0438_is_once_per_lifetime():
    findings = rules.awv_too_soon(claim(awv("G0438"), other_services=(past("G0438", date(2019, 3, 1)),)))
    assert "once in a lifetime" in findings[0].message


def test_g0439_needs_11_full_months_after_the_month_of_the_last_awv():
    # Last AWV in November 2025: December..October are 11 full months, so November 2026 is due.
    assert (
        rules.awv_too_soon(claim(awv(day=date(2026, 11, 2)), other_services=(past("G0439", date(2025, 11, 28)),))) == []
    )


def test_g0439_in_the_eleventh_month_is_too_soon():
    findings = rules.awv_too_soon(
        claim(awv(day=date(2026, 10, 31)), other_services=(past("G0439", date(2025, 11, 1)),))
    )
    assert "11/01/2026" in findings[0].message


def test_an_ippe_counts_as_the_last_preventive_visit():
    findings = rules.awv_too_soon(claim(awv(day=date(2026, 6, 1)), other_services=(past("G0402", date(2025, 9, 1)),)))
    assert rule_ids(findings) == ["awv_too_soon"]


def test_no_awv_in_the_first_12_months_of_part_b():
    findings = rules.awv_too_soon(claim(awv("G0438"), coverage_from=date(2026, 1, 1)))
    assert "G0402" in findings[0].message


def test_an_awv_12_months_after_part_b_began_is_fine():
    assert rules.awv_too_soon(claim(awv("G0438"), coverage_from=date(2025, 11, 2))) == []


# --- Who may bill what ----------------------------------------------------------------------------


def test_an_lcsw_cannot_bill_an_office_visit():
    findings = rules.rendering_credential_cannot_bill(claim(em_line(), rendering_credentials="LCSW"))
    assert "mental-health" in findings[0].message


def test_an_lcsw_bills_psychotherapy():
    assert rules.rendering_credential_cannot_bill(claim(line(1, "90834"), rendering_credentials="LCSW")) == []


def test_a_chaplain_bills_nothing_under_their_own_npi():
    assert rule_ids(rules.rendering_credential_cannot_bill(claim(line(1, "99211"), rendering_credentials="CHAP"))) == [
        "rendering_credential_cannot_bill"
    ]


def test_an_np_bills_any_code_family():
    assert rules.rendering_credential_cannot_bill(claim(em_line(), line(2, "90834"), rendering_credentials="NP")) == []


# --- Modifier 25 ----------------------------------------------------------------------------------


def test_a_visit_with_an_awv_needs_modifier_25():
    findings = rules.em_without_modifier_25(claim(em_line(), awv()))
    assert "G0439" in findings[0].message


def test_a_visit_with_an_awv_and_modifier_25_is_fine():
    assert rules.em_without_modifier_25(claim(em_line(modifiers=("25",)), awv())) == []


def test_a_visit_with_acp_alone_needs_no_modifier_25():
    assert rules.em_without_modifier_25(claim(em_line(), line(2, "99497"))) == []


def test_a_visit_the_same_day_as_a_joint_injection_on_another_claim_needs_modifier_25():
    findings = rules.em_without_modifier_25(claim(em_line(), other_services=(past("20610", DOS),)))
    assert rule_ids(findings) == ["em_without_modifier_25"]


# --- G2211 ----------------------------------------------------------------------------------------


def g2211(day=DOS):
    return line(3, "G2211", date_of_service=day)


def test_g2211_with_a_plain_office_visit_is_fine():
    assert rules.g2211_with_modifier_25(claim(em_line(), g2211())) == []


def test_g2211_with_modifier_25_for_a_minor_procedure_is_an_error():
    findings = rules.g2211_with_modifier_25(claim(em_line(modifiers=("25",)), line(2, "96372"), g2211()))
    assert rule_ids(findings) == ["g2211_with_modifier_25"]


def test_g2211_with_modifier_25_beside_an_awv_is_paid_from_2025():
    assert rules.g2211_with_modifier_25(claim(em_line(modifiers=("25",)), awv(), g2211())) == []


def test_g2211_with_modifier_25_beside_an_awv_was_not_paid_in_2024():
    day = date(2024, 6, 3)
    lines = (em_line(modifiers=("25",), date_of_service=day), awv(day=day), g2211(day))
    assert rule_ids(rules.g2211_with_modifier_25(claim(*lines))) == ["g2211_with_modifier_25"]


def test_g2211_with_a_home_visit_before_2026_is_an_add_on_without_its_primary():
    day = date(2025, 12, 31)
    home = em_line(encounter=encounter(setting="home", em_code="99350", total_minutes=65), date_of_service=day)
    assert rule_ids(rules.addon_without_primary(claim(home, g2211(day)))) == ["addon_without_primary"]
