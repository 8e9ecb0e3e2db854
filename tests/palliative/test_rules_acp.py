import pytest

from palliative.rules import acp_billing_units, acp_documentation_missing


@pytest.mark.parametrize("minutes", [0, 1, 15])
def test_acp_under_16_minutes_is_not_billable(minutes):
    assert acp_billing_units(minutes) == {}


@pytest.mark.parametrize("minutes", [16, 30, 45])
def test_acp_from_16_to_45_minutes_bills_one_99497(minutes):
    assert acp_billing_units(minutes) == {"99497": 1}


@pytest.mark.parametrize("minutes", [46, 75])
def test_acp_from_46_to_75_minutes_adds_one_99498(minutes):
    assert acp_billing_units(minutes) == {"99497": 1, "99498": 1}


@pytest.mark.parametrize(("minutes", "addons"), [(76, 2), (105, 2), (106, 3), (136, 4)])
def test_acp_adds_one_99498_for_each_further_30_minutes(minutes, addons):
    assert acp_billing_units(minutes) == {"99497": 1, "99498": addons}


def _complete(**overrides):
    values = dict(
        consent_documented=True,
        participants="Patient",
        summary="Values discussed",
        minutes=30,
        patient_present=True,
        incapacity_note="",
    )
    values.update(overrides)
    return acp_documentation_missing(**values)


def test_complete_acp_note_misses_nothing():
    assert _complete() == []


def test_acp_note_without_consent_misses_the_voluntary_agreement():
    assert any("agreement" in m for m in _complete(consent_documented=False))


def test_acp_note_without_participants_misses_who_was_present():
    assert _complete(participants="  ") == ["who was present"]


def test_acp_note_without_summary_misses_the_summary():
    assert _complete(summary="") == ["a summary of what was discussed"]


def test_acp_note_without_minutes_misses_the_time():
    assert _complete(minutes=0) == ["face-to-face minutes"]


def test_acp_with_absent_patient_needs_an_incapacity_statement():
    assert any("could not take part" in m for m in _complete(patient_present=False))


def test_acp_with_absent_patient_and_incapacity_statement_is_complete():
    assert _complete(patient_present=False, incapacity_note="Obtunded; surrogate present.") == []
