"""Claim and LMN diagnoses are checked against the ICD-10-CM set of the fiscal year of their
dates of service, not the default set (45 CFR 162.1002(c)(2): the code set in force on the date
of service; palliative/icd10.py). The FY2027 test order file has Z51Y, a code only it knows,
and lacks R52."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from billing.forms import ClaimDiagnosesForm
from letters.forms import LMNRequestForm
from palliative.forms import HospiceElectionForm

from ..factories import PatientFactory

ORDER_FILE = Path(__file__).parent / "data" / "icd10cm_order_2027.txt"
FY2026_DAY = date(2026, 9, 30)
FY2027_DAY = date(2026, 10, 1)


@pytest.fixture
def fy2027(db):
    call_command("load_icd10cm", str(ORDER_FILE), "--fiscal-year", "2027", stdout=StringIO())


def _claim_form(codes, *days):
    return ClaimDiagnosesForm({"codes": codes}, dates_of_service=days)


def test_a_claim_diagnosis_new_in_the_fiscal_year_of_its_service_is_accepted(fy2027):
    assert _claim_form("Z51.5 Z51.Y", FY2027_DAY).is_valid()


def test_a_claim_diagnosis_not_yet_in_the_set_of_its_service_date_is_refused(fy2027):
    form = _claim_form("Z51.5 Z51.Y", FY2026_DAY)
    assert not form.is_valid()
    assert "Z51.Y is not in the ICD-10-CM FY2026" in form.errors["codes"][0]


def test_a_claim_diagnosis_missing_from_the_loaded_set_of_its_year_is_refused(fy2027):
    form = _claim_form("Z51.5 R52", FY2027_DAY)
    assert not form.is_valid()
    assert "FY2027" in form.errors["codes"][0]


def test_a_claim_spanning_two_fiscal_years_checks_both(fy2027):
    assert not _claim_form("Z51.5 R52", FY2026_DAY, FY2027_DAY).is_valid()


def _lmn_form(codes, service_from, service_to=""):
    return LMNRequestForm({"diagnoses": codes, "service_from": service_from, "service_to": service_to})


def test_an_lmn_diagnosis_is_checked_against_the_set_of_its_service_period(fy2027):
    form = _lmn_form("Z51.Y", "2026-10-05")
    form.is_valid()
    assert "diagnoses" not in form.errors


def test_an_lmn_diagnosis_unknown_in_the_fiscal_year_of_its_period_is_refused(fy2027):
    form = _lmn_form("Z51.Y", "2026-09-01")
    form.is_valid()
    assert "FY2026" in form.errors["diagnoses"][0]


def test_an_lmn_period_across_october_1_checks_both_fiscal_years(fy2027):
    form = _lmn_form("R52", "2026-09-01", "2026-10-31")
    form.is_valid()
    assert "FY2027" in form.errors["diagnoses"][0]


def test_an_lmn_without_dates_checks_the_default_set(db):
    form = _lmn_form("R52", "")
    form.is_valid()
    assert "diagnoses" not in form.errors


def test_a_hospice_terminal_diagnosis_is_checked_against_the_set_of_the_election_start(fy2027):
    patient = PatientFactory()
    form = HospiceElectionForm(
        {"agency_name": "X", "start_date": "2026-10-05", "terminal_diagnosis": "R52"}, patient=patient
    )
    assert "FY2027" in form.errors["terminal_diagnosis"][0]
