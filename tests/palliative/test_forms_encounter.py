from datetime import timedelta

import pytest
from django.utils import timezone

from palliative import services
from palliative.forms import EncounterForm

from ..factories import PatientFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def _form(**overrides):
    patient = overrides.pop("patient", None) or PatientFactory()
    data = {
        "provider": ProviderFactory().pk,
        "date_of_service": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "setting": "office",
        "em_code": "99214",
        "level_basis": "time",
        "diagnoses": "Z51.5, C34.90",
        "total_minutes": "35",
        "medical_necessity_note": "Pain crisis",
        "goals_of_care_note": "Home",
        "related_to_hospice": "on",
    }
    data.update(overrides)
    return EncounterForm(data, patient=patient)


def test_valid_encounter_form_saves_diagnoses_in_order():
    form = _form(diagnoses="c3490 z515")
    assert form.is_valid(), form.errors
    encounter = services.encounter_save(
        encounter=form.instance,
        patient=form.patient,
        diagnosis_codes=form.cleaned_data["diagnoses"],
        by=form.cleaned_data["provider"].user,
    )
    encounter.refresh_from_db()
    assert encounter.diagnosis_codes == ["C34.90", "Z51.5"]
    assert encounter.created_by == form.cleaned_data["provider"].user


def test_invalid_icd10_code_is_refused_with_the_code_named():
    form = _form(diagnoses="Z51.5, C34.9")
    assert not form.is_valid()
    assert "C34.9" in form.errors["diagnoses"][0]
    assert "more specific" in form.errors["diagnoses"][0]


def test_unknown_icd10_code_is_refused():
    form = _form(diagnoses="Z51.5, XYZ")
    assert "starts with a letter and a digit" in form.errors["diagnoses"][0]


def test_same_diagnosis_twice_is_refused():
    assert "listed twice" in _form(diagnoses="Z51.5, C34.90, c34.90").errors["diagnoses"][0]


def test_z515_alone_is_refused():
    assert "cannot be the only diagnosis" in _form(diagnoses="Z51.5").errors["diagnoses"][0]


def test_code_from_another_setting_is_refused():
    assert "not a visit code for the home setting" in _form(setting="home").errors["em_code"][0]


def test_future_date_of_service_is_refused():
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert "cannot be in the future" in _form(date_of_service=tomorrow).errors["date_of_service"][0]


def test_visit_after_the_patients_death_is_refused():
    patient = PatientFactory(date_of_death=timezone.localdate() - timedelta(days=5))
    assert "died" in _form(patient=patient).errors["date_of_service"][0]


@pytest.mark.parametrize(("minutes", "message"), [("-5", "positive"), ("0", "positive"), ("900", "ten hours")])
def test_negative_or_absurd_minutes_are_refused(minutes, message):
    assert message in _form(total_minutes=minutes).errors["total_minutes"][0]


def test_minutes_that_are_not_a_number_are_refused():
    assert "whole number" in _form(total_minutes="forty").errors["total_minutes"][0]


def test_time_below_the_levels_minimum_is_refused_with_what_to_do():
    error = _form(em_code="99215", total_minutes="30").errors["total_minutes"][0]
    assert "99215 needs at least 40 minutes" in error
    assert "lower level" in error


def test_level_by_mdm_does_not_need_the_minutes():
    assert _form(em_code="99215", total_minutes="30", level_basis="mdm").is_valid()


def test_code_without_time_cannot_be_chosen_by_time():
    assert "cannot be chosen by time" in _form(em_code="99211").errors["level_basis"][0]


def test_z515_first_in_hospital_is_saved_with_a_warning():
    form = _form(setting="inpatient", em_code="99223", total_minutes="80")
    assert form.is_valid(), form.errors
    assert "usually not the principal" in form.warnings[0]


def test_the_em_code_is_chosen_from_the_families_with_the_time_each_level_needs():
    form = EncounterForm(patient=PatientFactory())
    groups = dict(form.fields["em_code"].choices[1:])
    assert ("99215", "99215 · Established patient, high · 40 min or more") in groups["Office and outpatient"]
    assert ("99211", "99211 · Established patient, minimal (not time-based) · not chosen by time") in groups[
        "Office and outpatient"
    ]
    assert all(code.startswith("993") for code, _label in groups["Home or residence"])


def test_a_2022_observation_visit_is_recorded_with_its_2022_code():
    form = _form(date_of_service="2022-06-01", setting="observation", em_code="99219", total_minutes="50")
    assert form.is_valid(), form.errors


def test_a_2026_visit_is_not_offered_a_code_deleted_in_2023():
    form = _form(setting="observation", em_code="99219", total_minutes="50")
    assert not form.is_valid()
    assert "em_code" in form.errors
