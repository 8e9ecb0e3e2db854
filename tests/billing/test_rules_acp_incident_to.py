"""ACP by clinical staff, incident-to under the supervising physician/NPP, office or home only
(CMS PFS CY2016; 42 CFR 410.26; IOM 100-02 ch.15 §60)."""

from billing import rules

from .facts import acp, acp_line, claim, rule_ids


def staff_acp(**changes):
    return acp(**{"incident_to": True, "performed_by": "Ana Ruiz, RN", **changes})


def test_acp_by_an_rn_under_a_physician_in_the_office_is_billable_incident_to():
    assert rules.acp_performer_not_qualified(claim(acp_line(acp=staff_acp()))) == []


def test_acp_by_an_rn_at_home_is_billable_incident_to():
    assert rules.acp_performer_not_qualified(claim(acp_line(acp=staff_acp(setting="home")))) == []


def test_incident_to_acp_in_a_nursing_facility_is_an_error():
    findings = rules.acp_performer_not_qualified(claim(acp_line(acp=staff_acp(setting="nursing_facility"))))
    assert "only in the office or the patient's home" in findings[0].message


def test_incident_to_acp_in_the_hospital_is_an_error():
    assert rule_ids(rules.acp_performer_not_qualified(claim(acp_line(acp=staff_acp(setting="inpatient"))))) == [
        "acp_performer_not_qualified"
    ]


def test_incident_to_acp_must_say_who_held_it():
    findings = rules.acp_performer_not_qualified(claim(acp_line(acp=staff_acp(performed_by=" "))))
    assert "which staff member" in findings[0].message


def test_an_lcsw_cannot_supervise_incident_to_acp():
    findings = rules.acp_performer_not_qualified(claim(acp_line(acp=staff_acp(provider_credentials="LCSW"))))
    assert "cannot supervise" in findings[0].message
