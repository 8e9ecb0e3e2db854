"""An LMN names the date(s) of service or the period it asks for: payers match the letter to
the claim or authorisation by date (letters.rules LMN_ELEMENTS)."""

from datetime import date

import pytest

from letters import rules
from letters.forms import LMNRequestForm

from .factories import COMPLETE_BODY, complete_facts


def _missing(facts):
    elements = rules.required_elements(rules.LMN)
    return [m.key for m in rules.letter_missing_elements(facts=facts, body=COMPLETE_BODY, elements=elements)]


def test_an_lmn_without_dates_of_service_is_incomplete():
    assert _missing(complete_facts(service_dates="")) == ["service_dates"]


def test_an_lmn_with_a_period_is_complete():
    assert _missing(complete_facts(service_dates="10/02/2026 to 12/24/2026")) == []


def test_a_single_date_of_service_is_written_alone():
    assert rules.service_dates_label(date(2026, 3, 2), None) == "03/02/2026"


def test_a_period_is_written_from_and_to():
    assert rules.service_dates_label(date(2026, 3, 2), date(2026, 5, 31)) == "03/02/2026 to 05/31/2026"


def test_no_start_date_gives_no_label():
    assert rules.service_dates_label(None, None) == ""


@pytest.mark.django_db
def test_the_request_form_refuses_a_period_that_ends_before_it_starts():
    form = LMNRequestForm({"service_from": "2026-05-01", "service_to": "2026-04-01"})
    form.is_valid()
    assert "cannot end before it starts" in form.errors["service_to"][0]
