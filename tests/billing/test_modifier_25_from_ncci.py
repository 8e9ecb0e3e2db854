"""Modifier 25 from the same-day services that bundle an E/M: preventive services and the AWV,
minor procedures with a 0-day global (IOM 100-04 ch.12 §30.6.6(B)) and NCCI PTP edits with
modifier indicator 1; advance care planning does not bundle the E/M (CMS ACP FAQ)."""

from datetime import date

import pytest

from billing import rules

from .facts import DOS, claim, em_line, line, rule_ids


@pytest.mark.parametrize("code", ["G0439", "96372", "20610", "49083", "32555", "11042", "99397"])
def test_an_em_the_same_day_as_a_bundling_service_without_25_is_an_error(code):
    findings = rules.em_without_modifier_25(claim(em_line(), line(2, code)))
    assert rule_ids(findings) == ["em_without_modifier_25"]
    assert code in findings[0].message


def test_an_em_with_25_beside_a_joint_injection_is_fine():
    assert rules.em_without_modifier_25(claim(em_line(modifiers=("25",)), line(2, "20610"))) == []


def test_advance_care_planning_does_not_bundle_the_visit():
    assert rules.em_without_modifier_25(claim(em_line(), line(2, "99497"))) == []


def test_a_code_bundles_only_from_the_date_it_began():
    assert rules.bundles_em("20611", date(2014, 12, 31)) is False
    assert rules.bundles_em("20611", date(2015, 1, 1)) is True


def test_the_awv_bundles_the_visit_from_2011():
    assert rules.bundles_em("G0439", date(2010, 12, 31)) is False
    assert rules.bundles_em("G0439", DOS) is True
