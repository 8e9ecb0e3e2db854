from datetime import date

import pytest

from palliative import selectors
from palliative.models import Patient
from tests.factories import CoverageFactory, PatientFactory

TODAY = date(2026, 11, 23)
pytestmark = pytest.mark.django_db


def _search(text: str) -> list[str]:
    return [p.mrn for p in selectors.patient_search(text, today=TODAY)]


@pytest.fixture
def zoe():
    return PatientFactory(first_name="Zoë", last_name="O'Brien-Nguyễn", date_of_birth=date(1948, 11, 2), mrn="RB-20001")


@pytest.mark.parametrize(
    "typed",
    [
        "nguyen",
        "Nguyễn",
        "zoe",
        "obrien",
        "o’brien",
        "O'Brien-Nguyen, Zoe",
        "zoe nguyen",
        "o brien",
        "11/02/1948",
        "1948-11-02",
        "11021948",
        "rb20001",
        "RB-20001",
        "nguyen 11/2/1948",
    ],
)
def test_zoe_is_found_however_her_name_mrn_or_birth_date_is_typed(zoe, typed):
    assert _search(typed) == ["RB-20001"]


def test_a_name_and_a_wrong_birth_date_find_nobody(zoe):
    assert _search("nguyen 11/03/1948") == []


def test_exact_whole_name_matches_come_before_names_that_only_start_with_the_word():
    PatientFactory(first_name="Anh", last_name="Nguyenova", mrn="A2")
    PatientFactory(first_name="Anh", last_name="Nguyen", mrn="A1")
    assert _search("nguyen") == ["A1", "A2"]


def test_an_exact_mrn_comes_before_mrns_that_start_with_it():
    PatientFactory(last_name="Aaron", mrn="RB100011")
    PatientFactory(last_name="Zimmer", mrn="RB10001")
    assert _search("rb10001") == ["RB10001", "RB100011"]


def test_renaming_a_patient_keeps_the_search_column_in_step(zoe):
    zoe.last_name = "Tran"
    zoe.save(update_fields=["last_name"])
    zoe.refresh_from_db()
    assert zoe.search_name == " zoe tran "
    assert _search("nguyen") == []
    assert _search("tran") == ["RB-20001"]


def test_the_search_column_is_not_part_of_the_audit_history(zoe):
    assert not hasattr(Patient.history.model, "search_name")


def test_a_same_birth_date_and_alike_name_is_a_likely_duplicate(zoe):
    PatientFactory(first_name="Zoe", last_name="Okafor", date_of_birth=date(1948, 11, 2))
    found = selectors.patient_likely_duplicates(first_name="Zoe", last_name="Nguyen", date_of_birth=date(1948, 11, 2))
    assert [p.mrn for p in found] == ["RB-20001"]


def test_the_same_member_id_on_another_chart_is_a_likely_duplicate(zoe):
    CoverageFactory(patient=zoe, member_id="1EG4-TE5-MK72")
    found = selectors.patient_likely_duplicates(
        first_name="Betty", last_name="Hale", date_of_birth=date(1950, 1, 1), member_id="1eg4te5mk72"
    )
    assert [p.mrn for p in found] == ["RB-20001"]


def test_the_chart_being_edited_is_not_its_own_duplicate(zoe):
    found = selectors.patient_likely_duplicates(
        first_name="Zoë", last_name="O'Brien-Nguyễn", date_of_birth=zoe.date_of_birth, exclude_pk=zoe.pk
    )
    assert found == []
