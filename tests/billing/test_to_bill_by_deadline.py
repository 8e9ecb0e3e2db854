from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from billing import rules, selectors
from tests.factories import (
    TODAY,
    CommercialPayerFactory,
    CoverageFactory,
    EncounterFactory,
    PatientFactory,
    PayerFactory,
)

pytestmark = pytest.mark.django_db


def _rows(**filters):
    return selectors.to_bill_page(selectors.encounters_to_bill_by_deadline(today=TODAY, **filters), today=TODAY)


def _encounter(*, payer=None, days_ago: int, **fields):
    patient = fields.pop("patient", None) or PatientFactory()
    if payer is not None:
        CoverageFactory(patient=patient, payer=payer, effective_from=date(2020, 1, 1))
    return EncounterFactory(patient=patient, date_of_service=TODAY - timedelta(days=days_ago), **fields)


def test_the_file_by_date_is_the_payers_filing_deadline_from_the_rules():
    medicare = PayerFactory(timely_filing_days=365)
    encounter = _encounter(payer=medicare, days_ago=100)
    [row] = _rows()
    assert row.payer_name == "Medicare Part B"
    assert row.file_by == rules.filing_deadline(
        payer_type="medicare", timely_filing_days=365, date_of_service=encounter.date_of_service
    )


def test_rows_are_sorted_soonest_deadline_first_whatever_the_visit_date():
    commercial = CommercialPayerFactory(timely_filing_days=90)
    medicare = PayerFactory(timely_filing_days=365)
    old_medicare = _encounter(payer=medicare, days_ago=200)  # due in 165 days
    recent_commercial = _encounter(payer=commercial, days_ago=60)  # due in 30 days
    uninsured = _encounter(days_ago=300)
    rows = _rows()
    assert [row.encounter_id for row in rows] == [recent_commercial.pk, old_medicare.pk, uninsured.pk]
    assert rows[-1].file_by is None


def test_overdue_and_due_this_week_rows_are_marked():
    commercial = CommercialPayerFactory(timely_filing_days=90)
    overdue = _encounter(payer=commercial, days_ago=91)
    due_soon = _encounter(payer=commercial, days_ago=85)
    later = _encounter(payer=commercial, days_ago=10)
    urgency = {row.encounter_id: row.urgency for row in _rows()}
    assert urgency == {overdue.pk: "overdue", due_soon.pk: "due_soon", later.pk: None}


def test_the_list_is_searched_by_patient_name_as_typed():
    zoe = PatientFactory(first_name="Zoë", last_name="O'Brien-Nguyễn")
    wanted = _encounter(patient=zoe, days_ago=5)
    _encounter(days_ago=5)
    rows = _rows(patient_query="nguyen")
    assert [row.encounter_id for row in rows] == [wanted.pk]


def test_the_list_is_filtered_by_provider_payer_and_setting():
    commercial = CommercialPayerFactory()
    medicare = PayerFactory()
    wanted = _encounter(payer=commercial, days_ago=5, setting="home")
    _encounter(payer=medicare, days_ago=5, setting="home", provider=wanted.provider)
    _encounter(payer=commercial, days_ago=5, setting="office", provider=wanted.provider)
    _encounter(payer=commercial, days_ago=5, setting="home")
    rows = _rows(provider_id=wanted.provider_id, payer_id=commercial.pk, setting="home")
    assert [row.encounter_id for row in rows] == [wanted.pk]


def _queries_for_a_page(size: int) -> int:
    medicare = PayerFactory()
    for index in range(size):
        _encounter(payer=medicare, days_ago=index + 1)
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.to_bill_page(selectors.encounters_to_bill_by_deadline(today=TODAY)[:25], today=TODAY)
        [(row.encounter.patient.last_name, row.encounter.provider.last_name, row.encounter.acp_count) for row in rows]
    return len(queries)


def test_the_worklist_costs_the_same_queries_for_3_or_30_encounters():
    few = _queries_for_a_page(3)
    many = _queries_for_a_page(27)
    assert few == many == 1


def _mixed_visits():
    """Visits of three windows and none, spread so the soonest deadlines are not the oldest visits."""
    commercial = CommercialPayerFactory(timely_filing_days=90)
    medicaid = PayerFactory(name="Medicaid", payer_type="medicaid", timely_filing_days=180)
    medicare = PayerFactory(timely_filing_days=365)
    for index in range(12):
        _encounter(payer=(commercial, medicaid, medicare)[index % 3], days_ago=20 + index * 37 % 300)
    # the newest visits have no payer: the oldest rows bound the deadlines, and these still sort last
    _encounter(days_ago=8)
    _encounter(days_ago=5)


def _deadline_order(rows):
    """Each row's deadline key as the list sorts it, recomputed from the payer on file now."""
    return [
        (row.file_by is None, row.encounter.date_of_service + timedelta(days=row.encounter.filing_days or 0))
        for row in rows
    ]


def test_a_page_deep_in_the_list_follows_the_whole_sort():
    _mixed_visits()
    everything = [row.pk for row in selectors.encounters_to_bill_by_deadline(today=TODAY)]
    for start, stop in [(0, 5), (5, 10), (10, 14)]:
        page = selectors.encounters_to_bill_by_deadline(today=TODAY)[start:stop]
        assert [row.pk for row in page] == everything[start:stop]
    assert _deadline_order(_rows()) == sorted(_deadline_order(_rows()))


def test_visits_without_a_payer_come_last():
    _mixed_visits()
    rows = _rows()
    assert [row.payer_name is None for row in rows[-2:]] == [True, True]


def test_a_recent_visit_in_a_short_window_comes_before_an_older_visit_in_a_long_one():
    _encounter(payer=PayerFactory(timely_filing_days=365), days_ago=200)
    soon = _encounter(payer=PayerFactory(name="VA", payer_type="commercial", timely_filing_days=30), days_ago=10)
    assert _rows()[0].encounter_id == soon.pk


def test_a_page_of_the_list_walks_the_stored_key_in_order():
    _mixed_visits()
    sql = str(selectors.encounters_to_bill_by_deadline(today=TODAY)[:25].query)
    assert sql.endswith(
        'ORDER BY "palliative_encounter"."file_by_key" ASC NULLS LAST, "palliative_encounter"."id" ASC LIMIT 25'
    )
