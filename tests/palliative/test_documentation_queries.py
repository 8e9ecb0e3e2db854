"""Each documentation rule has one pure function; the model's property and its QuerySet's filter
answer the same question (the home panels, the nudges and open work use the filter)."""

import pytest

from palliative import openwork, rules
from palliative.models import ACPSession, Encounter

from ..factories import ACPSessionFactory, EncounterFactory

pytestmark = pytest.mark.django_db


def _missing_ids() -> set[int]:
    return set(Encounter.objects.missing_documentation().values_list("id", flat=True))


def _not_billable_ids() -> set[int]:
    return set(ACPSession.objects.not_billable().values_list("id", flat=True))


def test_a_documented_encounter_is_in_neither():
    encounter = EncounterFactory()
    assert encounter.missing_documentation == []
    assert encounter.pk not in _missing_ids()


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"diagnosis_codes": []}, "diagnoses"),
        ({"medical_necessity_note": "  \n "}, "medical-necessity note"),
        ({"goals_of_care_note": ""}, "goals-of-care note"),
        ({"total_minutes": None}, "total time (the level is chosen by time)"),
        ({"total_minutes": 0}, "total time (the level is chosen by time)"),
    ],
)
def test_an_encounter_missing_documentation_is_in_both(changes, missing):
    encounter = EncounterFactory(**changes)
    assert encounter.missing_documentation == [missing]
    assert encounter.pk in _missing_ids()


def test_a_level_chosen_by_decision_making_needs_no_time():
    encounter = EncounterFactory(level_basis="mdm", total_minutes=None)
    assert encounter.missing_documentation == []
    assert encounter.pk not in _missing_ids()


def test_open_work_lists_the_encounter_to_document():
    encounter = EncounterFactory(goals_of_care_note="")
    assert f"Encounter #{encounter.pk} is missing documentation" in openwork.for_patient(encounter.patient)


def test_acp_under_16_minutes_is_not_billable_in_both():
    session = ACPSessionFactory(minutes=rules.ACP_FIRST_UNIT_MINUTES - 1)
    assert session.is_billable is False
    assert session.pk in _not_billable_ids()
    assert not ACPSession.objects.billable_time().filter(pk=session.pk).exists()


def test_acp_of_16_minutes_with_a_complete_note_is_billable_in_both():
    session = ACPSessionFactory(minutes=rules.ACP_FIRST_UNIT_MINUTES)
    assert session.is_billable is True
    assert session.pk not in _not_billable_ids()
    assert ACPSession.objects.billable_time().filter(pk=session.pk).exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"consent_documented": False},
        {"participants": " "},
        {"summary": ""},
        {"patient_present": False, "incapacity_note": ""},
    ],
)
def test_acp_with_an_incomplete_note_is_not_billable_in_both(changes):
    session = ACPSessionFactory(**changes)
    assert session.is_billable is False
    assert session.pk in _not_billable_ids()


def test_openwork_does_not_import_the_services_module():
    assert "services" not in vars(openwork)
