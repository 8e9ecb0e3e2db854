import pytest

from .factories import fee_schedule


@pytest.fixture
def fees(db):
    fee_schedule()


@pytest.fixture
def patient_with_medicare(db):
    from ..factories import CoverageFactory, PatientFactory

    patient = PatientFactory(address_line1="1 Elm Street", city="Springfield", state="IL", zip_code="62701")
    CoverageFactory(patient=patient)
    return patient
