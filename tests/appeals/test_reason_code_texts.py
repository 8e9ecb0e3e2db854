"""What a page and a letter say for a CARC or RARC (appeals.selectors.reason_code_texts): the
description loaded from X12's list while the code is active on the date the payer sent it, else
the curated table in appeals/carc.py, else "not in the app's code list"; never a raw unknown
code in a letter, and never a query per row."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appeals import carc, selectors, services
from appeals.models import Denial, Remittance
from palliative.models import Role

from .factories import AppealFactory, DenialFactory, medicare_file_claims

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
MEDICARE = (Path(__file__).parent / "x12" / "835-medicare-denials.x12").read_text()
ON = date(2026, 10, 14)


def load(code_list: str, name: str) -> None:
    call_command("load_reason_codes", "--list", code_list, str(DATA / name), stdout=StringIO())


def texts(on=ON, carcs=("1", "36", "38", "50", "97", "Z9"), rarcs=("N115", "N5", "N211", "N9999")):
    return selectors.reason_code_texts(on=on, carcs=carcs, rarcs=rarcs)


def test_a_loaded_active_carc_speaks_with_its_loaded_description():
    load("carc", "carc_2026.csv")
    assert texts().carc("50").startswith("Test wording for code 50, not X12's text")


def test_a_carc_not_loaded_speaks_with_the_curated_table():
    load("carc", "carc_2026.csv")
    assert texts().carc("97") == carc.carc_meaning("97")


def test_a_carc_in_neither_list_says_it_is_not_in_the_apps_list():
    load("carc", "carc_2026.csv")
    assert texts().carc("Z9") == "CARC Z9 (not in the app's code list; check x12.org)"


def test_a_loaded_code_the_curated_table_lacks_speaks_with_its_description():
    load("carc", "carc_2026.csv")
    assert texts().carc("36").startswith("Test wording for code 36")


def test_a_retired_code_speaks_with_its_description_before_its_stop_date():
    load("carc", "carc_2026.csv")
    assert texts(on=date(2009, 6, 30)).carc("38").startswith("Test wording for code 38")


def test_a_retired_code_is_not_in_the_list_from_its_stop_date():
    load("carc", "carc_2026.csv")
    assert texts(on=date(2009, 7, 1)).carc("38") == "CARC 38 (not in the app's code list; check x12.org)"


def test_a_retired_code_the_curated_table_holds_speaks_with_the_curated_text(tmp_path):
    path = tmp_path / "carc.csv"
    path.write_text(
        'Code,Description,Start Date,Last Modified Date,Stop Date\n50,"Old wording",01/01/1995,,01/01/2020\n'
    )
    call_command("load_reason_codes", "--list", "carc", str(path), stdout=StringIO())
    assert texts().carc("50") == carc.carc_meaning("50")


def test_a_code_is_not_used_before_its_start_date():
    load("carc", "carc_2027.csv")
    assert (
        texts(on=date(2026, 10, 31), carcs=["41"]).carc("41") == "CARC 41 (not in the app's code list; check x12.org)"
    )


def test_a_loaded_rarc_speaks_with_its_description():
    load("rarc", "rarc_2026.csv")
    assert texts().rarc("N5").startswith("Test wording for N5")


def test_a_rarc_not_loaded_speaks_with_the_curated_table():
    load("rarc", "rarc_2026.csv")
    assert texts().rarc("N211") == carc.rarc_meaning("N211")


def test_a_rarc_in_neither_list_says_it_is_not_in_the_apps_list():
    assert texts().rarc("N9999") == "RARC N9999 (not in the app's code list; check x12.org)"


def test_codes_are_matched_whatever_their_case_and_spaces():
    load("rarc", "rarc_2026.csv")
    assert texts(rarcs=[" n5 "]).rarc("n5").startswith("Test wording for N5")


def test_all_of_a_pages_codes_are_read_in_one_query():
    with CaptureQueriesContext(connection) as ctx:
        texts()
    assert len(ctx.captured_queries) == 1


def test_a_page_without_codes_reads_nothing():
    with CaptureQueriesContext(connection) as ctx:
        texts(carcs=(), rarcs=())
    assert ctx.captured_queries == []


def test_an_adjustment_reads_its_group_and_the_loaded_description():
    load("carc", "carc_2026.csv")
    assert texts().adjustment("co", "50") == f"{carc.GROUPS['CO']}: {texts().carc('50')}"


def test_a_loaded_description_does_not_change_a_denials_category_or_route():
    load("carc", "carc_2026.csv")
    medicare_file_claims()
    services.remittance_import_835(text=MEDICARE, file_name="era.x12", by=None)
    denial = Denial.objects.get(carc="50")
    assert (denial.category, denial.route) == ("medical_necessity", "appeal_with_lmn")


def test_the_letter_speaks_of_a_loaded_description():
    load("carc", "carc_2026.csv")
    denial = DenialFactory(carc="36", category="other", route="appeal")
    assert selectors.denial_code_texts(denial).carc_letter("36").startswith("Test wording for code 36")


def test_the_letter_quotes_a_loaded_description_without_x12s_usage_note():
    load("carc", "carc_2026.csv")
    assert selectors.denial_code_texts(DenialFactory()).carc_letter("50") == (
        "Test wording for code 50, not X12's text: the payer does not deem these services a medical necessity."
    )


def test_a_description_that_is_only_a_note_is_quoted_whole():
    assert carc.code_list_letter_text("Note: see the payer's policy") == "Note: see the payer's policy"


def test_the_letter_asks_for_the_reason_of_a_code_in_neither_list():
    denial = DenialFactory(carc="36", category="other", route="appeal")
    assert selectors.denial_code_texts(denial).carc_letter("36") == carc.carc_letter_text("36")
    assert "[[" in carc.carc_letter_text("36")


def test_the_letter_asks_for_the_reason_of_a_code_retired_before_the_notice():
    load("carc", "carc_2026.csv")
    denial = DenialFactory(carc="38", category="other", route="appeal")
    assert "[[" in selectors.denial_code_texts(denial).carc_letter("38")


def test_a_drafted_appeal_letter_quotes_the_loaded_description(biller):
    load("carc", "carc_2026.csv")
    appeal = services.appeal_start(denial=DenialFactory(carc="36", category="other", route="appeal"), by=biller)
    services.appeal_letter_draft(appeal=appeal, by=biller)
    appeal.refresh_from_db()
    assert "Test wording for code 36" in appeal.letter.body


def test_the_denial_page_shows_the_loaded_descriptions(client_as):
    load("carc", "carc_2026.csv")
    load("rarc", "rarc_2026.csv")
    denial = DenialFactory(rarcs=["N115"])
    html = client_as(Role.BILLING).get(denial.get_absolute_url()).content.decode()
    assert "Test wording for code 50, not X12&#x27;s text" in html
    assert "Test wording for N115" in html


def test_the_appeal_page_shows_the_loaded_description(client_as):
    load("carc", "carc_2026.csv")
    appeal = AppealFactory()
    html = client_as(Role.BILLING).get(appeal.get_absolute_url()).content.decode()
    assert "Test wording for code 50, not X12&#x27;s text" in html


def test_the_remittance_page_shows_the_loaded_descriptions(client_as):
    load("carc", "carc_2026.csv")
    load("rarc", "rarc_2026.csv")
    medicare_file_claims()
    services.remittance_import_835(text=MEDICARE, file_name="era.x12", by=None)
    html = client_as(Role.BILLING).get(Remittance.objects.get().get_absolute_url()).content.decode()
    assert f"{carc.GROUPS['CO']}: Test wording for code 50" in html
    assert "Test wording for N115" in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_loaded_codes_add_no_query_per_row_to_the_denial_worklist(client_as):
    biller = client_as(Role.BILLING)
    for _ in range(2):
        DenialFactory()
    few = _queries(biller, reverse("appeals:denial_list"))
    load("carc", "carc_2026.csv")
    for _ in range(12):
        DenialFactory(carc="36")
    assert _queries(biller, reverse("appeals:denial_list")) == few


def test_the_remittance_page_reads_its_codes_in_one_query_however_many_it_shows(client_as):
    load("carc", "carc_2026.csv")
    load("rarc", "rarc_2026.csv")
    biller = client_as(Role.BILLING)
    medicare_file_claims()
    services.remittance_import_835(text=MEDICARE, file_name="era.x12", by=None)
    remittance = Remittance.objects.get()
    few = _queries(biller, remittance.get_absolute_url())
    for payment in remittance.claim_payments.all():
        payment.adjustments = [
            *payment.adjustments,
            *({"group": "CO", "reason": c, "amount": "0"} for c in ["1", "36", "38", "97"]),
        ]
        payment.remarks = [*payment.remarks, "N5", "N211"]
        payment.save()
    assert _queries(biller, remittance.get_absolute_url()) == few
