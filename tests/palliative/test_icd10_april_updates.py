"""ICD-10-CM updates within a fiscal year: CMS publishes April 1 addenda (e.g. the "April 1,
2026" FY2026 files); `load_icd10cm --effective 2027-04-01` loads one as a set of its own, and a
date of service takes the latest set of its fiscal year in force on it (45 CFR 162.1002(c)(2):
the code set valid at the time the service is provided). The April test file adds Z51.Z."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from palliative import icd10, rules
from palliative.models import ICD10Code

DATA = Path(__file__).parent / "data"
OCTOBER = DATA / "icd10cm_order_2027.txt"
APRIL = DATA / "icd10cm_order_2027_april.txt"
LAST_DAY_BEFORE_APRIL = date(2027, 3, 31)
APRIL_1 = date(2027, 4, 1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def both_sets():
    call_command("load_icd10cm", str(OCTOBER), "--fiscal-year", "2027", stdout=StringIO())
    call_command("load_icd10cm", str(APRIL), "--fiscal-year", "2027", "--effective", "2027-04-01", stdout=StringIO())


def test_an_october_set_takes_effect_on_october_1_by_default():
    call_command("load_icd10cm", str(OCTOBER), "--fiscal-year", "2027", stdout=StringIO())
    assert set(ICD10Code.objects.values_list("effective_from", flat=True)) == {date(2026, 10, 1)}


def test_an_april_update_is_kept_beside_the_october_set(both_sets):
    assert ICD10Code.objects.filter(fiscal_year=2027, effective_from=APRIL_1).count() == 9
    assert ICD10Code.objects.filter(fiscal_year=2027, effective_from=date(2026, 10, 1)).count() == 8


def test_the_loader_says_the_update_date():
    out = StringIO()
    call_command("load_icd10cm", str(APRIL), "--fiscal-year", "2027", "--effective", "2027-04-01", stdout=out)
    assert "FY2027 (update in force from 04/01/2027): 9 codes loaded" in out.getvalue()


def test_an_effective_date_outside_the_fiscal_year_is_refused():
    with pytest.raises(CommandError, match="not in FY2027"):
        call_command(
            "load_icd10cm", str(APRIL), "--fiscal-year", "2027", "--effective", "2027-10-01", stdout=StringIO()
        )


def test_a_code_new_in_april_is_valid_from_april_1(both_sets):
    assert rules.icd10_problem("Z51.Z", APRIL_1) is None


def test_a_code_new_in_april_is_not_valid_on_march_31(both_sets):
    assert "not in the ICD-10-CM FY2027" in rules.icd10_problem("Z51.Z", LAST_DAY_BEFORE_APRIL)


def test_the_label_names_the_april_update(both_sets):
    assert icd10.code_set_label(APRIL_1) == "ICD-10-CM FY2027, update of 04/01/2027 (loaded from CMS's order file)"


def test_an_april_update_alone_leaves_the_months_before_it_without_a_set():
    call_command("load_icd10cm", str(APRIL), "--fiscal-year", "2027", "--effective", "2027-04-01", stdout=StringIO())
    assert icd10.is_billable("C34.90", LAST_DAY_BEFORE_APRIL) is None
    assert icd10.is_billable("C34.90", APRIL_1) is True
