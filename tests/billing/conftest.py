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


@pytest.fixture
def biller(biller, fees):
    """The shared billing user (tests/conftest.py), with the fee schedule that prices claims."""
    return biller


@pytest.fixture
def biller_client(biller_client, fees):
    """The shared billing client (tests/conftest.py), with the fee schedule that prices claims."""
    return biller_client
