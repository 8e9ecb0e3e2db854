"""`manage.py load_reason_codes`: the practice loads X12's CARC and RARC lists from a CSV of
the columns X12's code list pages print (tests/appeals/data holds small files in that format,
with our own wording, not X12's)."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from appeals import carc
from appeals.models import ReasonCode

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def load(code_list: str, name: str) -> str:
    out = StringIO()
    call_command("load_reason_codes", "--list", code_list, str(DATA / name), stdout=out)
    return out.getvalue()


def test_a_carc_file_loads_every_code_with_its_dates():
    load("carc", "carc_2026.csv")
    retired = ReasonCode.objects.get(code_list="carc", code="38")
    assert ReasonCode.objects.filter(code_list="carc").count() == 4
    assert (retired.start_date, retired.last_modified, retired.stop_date) == (
        date(1995, 1, 1),
        date(2007, 9, 30),
        date(2009, 7, 1),
    )
    assert ReasonCode.objects.get(code_list="carc", code="1").stop_date is None


def test_the_command_says_how_many_codes_it_loaded():
    assert load("carc", "carc_2026.csv").strip() == "CARC: 4 codes loaded (4 new, 0 updated), 1 with a stop date."


def test_a_newer_file_updates_descriptions_and_stop_dates():
    load("carc", "carc_2026.csv")
    load("carc", "carc_2027.csv")
    updated = ReasonCode.objects.get(code_list="carc", code="50")
    assert updated.description.startswith("Test wording for code 50, revised")
    assert updated.last_modified == date(2026, 7, 1)
    assert ReasonCode.objects.get(code_list="carc", code="36").stop_date == date(2027, 3, 1)


def test_a_newer_file_counts_its_new_and_updated_codes():
    load("carc", "carc_2026.csv")
    assert load("carc", "carc_2027.csv").strip() == "CARC: 3 codes loaded (1 new, 2 updated), 1 with a stop date."


def test_a_code_missing_from_a_newer_file_stays_loaded():
    load("carc", "carc_2026.csv")
    load("carc", "carc_2027.csv")
    assert ReasonCode.objects.filter(code_list="carc", code="38").exists()


def test_a_bad_row_loads_nothing_and_names_its_line():
    load("carc", "carc_2026.csv")
    with pytest.raises(CommandError, match=r"carc_bad_date.csv, line 3: Start Date '1995-01-01' is not a date"):
        load("carc", "carc_bad_date.csv")
    assert ReasonCode.objects.get(code_list="carc", code="50").last_modified == date(2018, 3, 1)


def test_a_file_without_x12_columns_is_refused(tmp_path):
    path = tmp_path / "carc.csv"
    path.write_text("Code,Description\n50,Anything\n")
    with pytest.raises(CommandError, match="line 1: the header must be Code, Description, Start Date"):
        call_command("load_reason_codes", "--list", "carc", str(path), stdout=StringIO())


def test_a_code_listed_twice_is_refused(tmp_path):
    path = tmp_path / "carc.csv"
    path.write_text(
        "Code,Description,Start Date,Last Modified Date,Stop Date\n50,One,01/01/1995,,\n50,Two,01/01/1995,,\n"
    )
    with pytest.raises(CommandError, match="line 3: code 50 is listed twice"):
        call_command("load_reason_codes", "--list", "carc", str(path), stdout=StringIO())
    assert not ReasonCode.objects.exists()


def test_a_rarc_file_loads_into_its_own_list():
    load("rarc", "rarc_2026.csv")
    assert set(ReasonCode.objects.values_list("code_list", "code")) == {("rarc", "N115"), ("rarc", "N5")}


def test_a_row_that_stops_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="code 36 stops"):
        carc.code_list_row(["36", "Anything", "01/01/2020", "", "01/01/2019"])


def test_a_row_without_a_description_is_refused():
    with pytest.raises(ValueError, match="code 36 has no description"):
        carc.code_list_row(["36", "  ", "01/01/2020", "", ""])


def test_a_row_with_a_code_that_is_no_carc_is_refused():
    with pytest.raises(ValueError, match="is not a CARC or RARC"):
        carc.code_list_row(["CO-50", "Anything", "01/01/2020", "", ""])


def test_a_row_with_missing_columns_is_refused():
    with pytest.raises(ValueError, match="3 columns, expected 5"):
        carc.code_list_row(["36", "Anything", "01/01/2020"])
