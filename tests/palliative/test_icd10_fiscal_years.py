"""ICD-10-CM by fiscal year of the date of service (palliative/icd10.py): CMS's order file
loaded by `manage.py load_icd10cm`, the bundled FY2026 set as the default, and a clear warning
for a year with no set (45 CFR 162.1002; CMS ICD-10-CM order file layout)."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from palliative import icd10, rules
from palliative.models import ICD10Code

ORDER_FILE = Path(__file__).parent / "data" / "icd10cm_order_2027.txt"
FY2026_DAY = date(2026, 9, 30)
FY2027_DAY = date(2026, 10, 1)


@pytest.fixture
def fy2027(db):
    call_command("load_icd10cm", str(ORDER_FILE), "--fiscal-year", "2027", stdout=StringIO())


def test_october_1_starts_the_next_fiscal_year():
    assert icd10.fiscal_year(date(2026, 9, 30)) == 2026
    assert icd10.fiscal_year(date(2026, 10, 1)) == 2027


def test_an_order_file_line_is_read_by_its_fixed_columns():
    row = icd10.parse_order_line(ORDER_FILE.read_text().splitlines()[2])
    assert (row.code, row.billable) == ("C34.90", True)
    assert row.short_description == "Malig neoplasm of unsp part of unsp bronchus or lung"
    assert row.long_description == "Malignant neoplasm of unspecified part of unspecified bronchus or lung"


def test_a_line_that_is_not_in_the_order_file_layout_is_refused():
    with pytest.raises(ValueError, match="Not a CMS ICD-10-CM order file line"):
        icd10.parse_order_line("C34.90,Malignant neoplasm")


def test_the_loader_stores_every_code_with_its_fiscal_year(fy2027):
    assert ICD10Code.objects.filter(fiscal_year=2027).count() == 8
    assert ICD10Code.objects.get(fiscal_year=2027, code="S72.001A").billable


def test_the_loader_says_what_it_loaded(db):
    out = StringIO()
    call_command("load_icd10cm", str(ORDER_FILE), "--fiscal-year", "2027", stdout=out)
    assert "FY2027: 8 codes loaded, 5 billable." in out.getvalue()


def test_loading_a_year_again_replaces_it(fy2027):
    call_command("load_icd10cm", str(ORDER_FILE), "--fiscal-year", "2027", stdout=StringIO())
    assert ICD10Code.objects.filter(fiscal_year=2027).count() == 8


def test_a_broken_order_file_is_refused_with_its_line_number(db, tmp_path):
    bad = tmp_path / "icd10cm_order_2027.txt"
    bad.write_text(ORDER_FILE.read_text() + "not an order line\n")
    with pytest.raises(CommandError, match="line 9"):
        call_command("load_icd10cm", str(bad), "--fiscal-year", "2027", stdout=StringIO())


def test_a_code_is_checked_against_the_set_of_its_fiscal_year(fy2027):
    assert rules.icd10_problem("Z51.Y", FY2027_DAY) is None
    assert "not in the ICD-10-CM FY2026" in rules.icd10_problem("Z51.Y", FY2026_DAY)


def test_a_code_missing_from_the_loaded_year_is_refused_for_that_year_only(fy2027):
    assert "not in the ICD-10-CM FY2027" in rules.icd10_problem("R53.81", FY2027_DAY)
    assert rules.icd10_problem("R53.81", FY2026_DAY) is None


def test_a_header_in_the_loaded_year_is_not_billable(fy2027):
    assert "heading, not billable" in rules.icd10_problem("C34.9", FY2027_DAY)


@pytest.mark.django_db
def test_the_bundled_fy2026_set_is_the_default_for_fy2026_dates():
    assert icd10.code_set_label(FY2026_DAY) == icd10.BUNDLED_LABEL
    assert icd10.is_billable("C34.90", FY2026_DAY) is True


@pytest.mark.django_db
def test_a_year_with_no_set_is_neither_passed_nor_refused_but_warned():
    assert icd10.is_billable("C34.90", FY2027_DAY) is None
    assert rules.icd10_problem("C34.90", FY2027_DAY) is None
    warning = rules.icd10_code_set_missing(FY2027_DAY)
    assert "No ICD-10-CM code set is loaded for FY2027" in warning
    assert "load_icd10cm" in warning


@pytest.mark.django_db
def test_a_malformed_code_is_refused_even_without_a_set():
    assert "starts with a letter" in rules.icd10_problem("123", FY2027_DAY)


def test_seventh_character_codes_are_billable_in_the_bundled_set():
    assert icd10.is_billable("S72.001A") is True
    assert icd10.is_billable("S72.001") is False
    assert icd10.is_billable("O40.1XX0") is True


def test_descriptions_of_seventh_character_codes_name_the_encounter():
    assert icd10.description("S72.001A").endswith("initial encounter for closed fracture")


def test_search_finds_billable_codes_by_code_then_by_words():
    codes = [entry.code for entry in icd10.search("C34.9", limit=5)]
    assert codes[0] == "C34.90"
    assert "Z51.5" in [entry.code for entry in icd10.search("palliative care", limit=10)]


def test_search_uses_the_loaded_year(fy2027):
    assert [entry.code for entry in icd10.search("test-only", FY2027_DAY)] == ["Z51.Y"]


@pytest.mark.django_db
def test_a_heading_is_refused_even_in_a_year_with_no_set():
    assert "heading, not billable" in rules.icd10_problem("C34.9", FY2027_DAY)


@pytest.mark.django_db
def test_an_unknown_code_in_a_year_with_no_set_is_a_warning_not_a_refusal():
    assert rules.icd10_problem("C34.99", FY2027_DAY) is None
    warnings = rules.icd10_code_set_warnings(["Z51.5", "C34.99"], FY2027_DAY)
    assert len(warnings) == 2
    assert "C34.99 is not in the ICD-10-CM FY2026" in warnings[1]


def test_no_warnings_when_the_year_has_its_set(fy2027):
    assert rules.icd10_code_set_warnings(["Z51.5"], FY2027_DAY) == []


def test_preloaded_lookups_give_the_answers_of_lookups_one_by_one(fy2027, django_assert_num_queries):
    codes = ["Z51.Y", "R53.81", "C34.9", "C34.90", "not a code"]
    days = [FY2026_DAY, FY2027_DAY, date(2028, 1, 1)]
    one_by_one = [
        (rules.icd10_problem(code, day), rules.icd10_code_set_warnings([code], day)) for code in codes for day in days
    ]

    with icd10.preloaded(codes, days), django_assert_num_queries(0):
        preloaded = [
            (rules.icd10_problem(code, day), rules.icd10_code_set_warnings([code], day))
            for code in codes
            for day in days
        ]

    assert preloaded == one_by_one
