"""Each encounter stores its place in the to-bill list (palliative.selectors.file_by_key), kept
current by every service that changes what it reads."""

from datetime import date, timedelta

import pytest

from palliative import services
from palliative.models import Coverage, Encounter

from ..factories import (
    CommercialPayerFactory,
    CoverageFactory,
    EncounterFactory,
    PatientFactory,
    PayerFactory,
    ProviderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
VISIT = date(2026, 6, 1)


def _key(encounter) -> date | None:
    return Encounter.objects.values_list("file_by_key", flat=True).get(pk=encounter.pk)


def _covered(*, days: int, payer_name: str = "Aetna"):
    patient = PatientFactory()
    payer = CommercialPayerFactory(name=payer_name, timely_filing_days=days)
    CoverageFactory(patient=patient, payer=payer, effective_from=date(2020, 1, 1))
    return patient


def test_a_logged_visit_stores_its_date_plus_the_primary_payers_window():
    patient = _covered(days=90)
    provider = ProviderFactory()
    encounter = EncounterFactory.build(patient=patient, provider=provider, date_of_service=VISIT)
    services.encounter_save(encounter=encounter, patient=patient, diagnosis_codes=["Z51.5"], by=provider.user)
    assert _key(encounter) == VISIT + timedelta(days=90)


def test_moving_a_visits_date_moves_its_key():
    encounter = EncounterFactory(patient=_covered(days=90), date_of_service=VISIT)
    encounter.date_of_service = VISIT + timedelta(days=3)
    services.encounter_save(
        encounter=encounter,
        patient=encounter.patient,
        diagnosis_codes=encounter.diagnosis_codes,
        by=UserFactory(role="admin"),
        reason="typo",
    )
    assert _key(encounter) == VISIT + timedelta(days=93)


def test_a_visit_without_a_payer_sorts_a_century_out():
    encounter = EncounterFactory(date_of_service=VISIT)
    assert _key(encounter) == VISIT + timedelta(days=36500)


def test_adding_a_coverage_gives_the_patients_visits_its_window():
    encounter = EncounterFactory(date_of_service=VISIT)
    coverage = Coverage(
        payer=PayerFactory(timely_filing_days=365), member_id="1EG4TE5MK72", effective_from=date(2020, 1, 1)
    )
    services.coverage_save(coverage=coverage, patient=encounter.patient, by=UserFactory())
    assert _key(encounter) == VISIT + timedelta(days=365)


def test_ending_a_coverage_before_the_visit_takes_its_window_away():
    patient = _covered(days=90)
    encounter = EncounterFactory(patient=patient, date_of_service=VISIT)
    coverage = patient.coverages.get()
    coverage.effective_to = VISIT - timedelta(days=1)
    services.coverage_save(coverage=coverage, patient=patient, by=UserFactory())
    assert _key(encounter) == VISIT + timedelta(days=36500)


def test_changing_a_payers_filing_window_moves_its_patients_visits():
    patient = _covered(days=90)
    encounter = EncounterFactory(patient=patient, date_of_service=VISIT)
    other = EncounterFactory(patient=_covered(days=180, payer_name="Cigna"), date_of_service=VISIT)
    payer = patient.coverages.get().payer
    payer.timely_filing_days = 120
    services.payer_save(payer=payer, by=UserFactory())
    assert (_key(encounter), _key(other)) == (VISIT + timedelta(days=120), VISIT + timedelta(days=180))


def test_the_key_is_left_out_of_the_audited_history():
    encounter = EncounterFactory(date_of_service=VISIT)
    assert "file_by_key" not in [field.name for field in encounter.history.model._meta.fields]


def test_a_coverage_deleted_in_the_django_admin_takes_its_window_away(client):
    patient = _covered(days=90)
    encounter = EncounterFactory(patient=patient, date_of_service=VISIT)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    coverage = patient.coverages.get()
    client.post(f"/admin/palliative/coverage/{coverage.pk}/delete/", {"post": "yes"})
    assert not Coverage.objects.filter(pk=coverage.pk).exists()
    assert _key(encounter) == VISIT + timedelta(days=36500)
