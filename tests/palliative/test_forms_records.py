from datetime import date, timedelta

import pytest
from django.utils import timezone

from palliative.forms import ACPSessionForm, CoverageForm, HospiceElectionForm, PatientForm, ProviderForm

from ..factories import EncounterFactory, HospiceElectionFactory, PatientFactory, PayerFactory, ProviderFactory

pytestmark = pytest.mark.django_db

PATIENT = {"first_name": "Ruth", "last_name": "Abernathy", "date_of_birth": "1938-02-01", "sex": "F", "mrn": "rb-20001"}


def test_patient_form_normalises_the_mrn_to_upper_case():
    form = PatientForm(PATIENT)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["mrn"] == "RB-20001"


def test_duplicate_mrn_is_refused_with_advice_to_search():
    PatientFactory(mrn="RB-20001")
    form = PatientForm(PATIENT)
    assert "already has this MRN" in form.errors["mrn"][0]


def test_future_birth_date_is_refused():
    form = PatientForm({**PATIENT, "date_of_birth": (timezone.localdate() + timedelta(days=3)).isoformat()})
    assert "cannot be in the future" in form.errors["date_of_birth"][0]


def test_implausible_birth_year_is_refused():
    assert "not plausible" in PatientForm({**PATIENT, "date_of_birth": "1850-01-01"}).errors["date_of_birth"][0]


def test_malformed_date_is_refused_with_djangos_message():
    assert "valid date" in PatientForm({**PATIENT, "date_of_birth": "31/31/1940"}).errors["date_of_birth"][0]


def test_phone_with_wrong_number_of_digits_is_refused():
    assert "10 digits" in PatientForm({**PATIENT, "phone": "555-0100"}).errors["phone"][0]


def test_phone_is_stored_as_digits():
    form = PatientForm({**PATIENT, "phone": "(217) 555-0100"})
    assert form.is_valid()
    assert form.cleaned_data["phone"] == "2175550100"


def test_coverage_ending_before_it_starts_is_refused():
    form = CoverageForm(
        {
            "payer": PayerFactory().pk,
            "priority": "primary",
            "member_id": "1EG4",
            "effective_from": "2026-01-01",
            "effective_to": "2025-01-01",
        },
        patient=PatientFactory(),
    )
    assert "cannot end before it starts" in form.errors["effective_to"][0]


def test_overlapping_hospice_election_is_refused():
    election = HospiceElectionFactory(start_date=date(2026, 1, 1))
    form = HospiceElectionForm({"agency_name": "Other", "start_date": "2026-03-01"}, patient=election.patient)
    assert "overlaps another hospice election" in form.errors["start_date"][0]


def test_hospice_terminal_diagnosis_must_be_billable():
    form = HospiceElectionForm(
        {"agency_name": "X", "start_date": "2026-03-01", "terminal_diagnosis": "C34"}, patient=PatientFactory()
    )
    assert "not billable" in form.errors["terminal_diagnosis"][0]


PROVIDER = {
    "first_name": "Sam",
    "last_name": "Okafor",
    "credentials": "DO",
    "specialty": "17",
    "npi": "1234567893",
    "license_number": "036-1",
    "license_state": "il",
    "username": "dr.okafor",
    "active": "on",
}


def test_provider_with_valid_npi_is_accepted():
    form = ProviderForm(PROVIDER)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["license_state"] == "IL"


def test_provider_with_bad_check_digit_is_refused_in_plain_words():
    assert "last digit does not match" in ProviderForm({**PROVIDER, "npi": "1234567890"}).errors["npi"][0]


def test_provider_npi_with_nine_digits_is_refused():
    assert "exactly 10 digits" in ProviderForm({**PROVIDER, "npi": "123456789"}).errors["npi"][0]


def _acp(patient, **overrides):
    data = {
        "provider": ProviderFactory().pk,
        "date_of_service": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "minutes": "30",
        "participants": "Patient",
        "patient_present": "on",
        "consent_documented": "on",
        "summary": "Goals discussed",
    }
    data.update(overrides)
    return ACPSessionForm(data, patient=patient)


def test_acp_form_accepts_a_complete_session():
    assert _acp(PatientFactory()).is_valid()


def test_acp_with_absent_patient_needs_the_reason():
    form = _acp(PatientFactory(), patient_present="")
    assert "say why they could not take part" in form.errors["incapacity_note"][0]


def test_acp_linked_to_a_visit_on_another_day_is_refused():
    encounter = EncounterFactory(date_of_service=timezone.localdate() - timedelta(days=9))
    form = _acp(encounter.patient, encounter=encounter.pk, provider=encounter.provider.pk)
    assert "not on the ACP date" in form.errors["encounter"][0]


def test_acp_minutes_must_be_positive():
    assert "positive" in _acp(PatientFactory(), minutes="0").errors["minutes"][0]
