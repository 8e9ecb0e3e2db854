"""Letters worklist sections: the first rows and the total, "Show all" pages through one section."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from letters import selectors
from letters.models import LMNRequest
from palliative.models import Role

from ..letters.factories import LMNRequestFactory

pytestmark = pytest.mark.django_db
S = LMNRequest.Status
CAP = selectors.SECTION_ROWS


def _section(page, key):
    return next(s for s in page.context["sections"] if s.key == key)


def test_a_long_section_shows_its_first_rows_its_total_and_a_show_all_link(client_as):
    LMNRequestFactory.create_batch(CAP + 2, status=S.REQUESTED)
    page = client_as(Role.FRONT_DESK).get(reverse("letters:worklist"))
    section = _section(page, "to_draft")
    assert (len(section.rows), section.total) == (CAP, CAP + 2)
    assert f"Show all {CAP + 2}" in page.content.decode()


def test_a_short_section_has_no_show_all_link(client_as):
    LMNRequestFactory.create_batch(2, status=S.REQUESTED)
    page = client_as(Role.FRONT_DESK).get(reverse("letters:worklist"))
    assert 'data-testid="show-all-to_draft"' not in page.content.decode()


def test_show_all_pages_through_that_one_section(client_as):
    LMNRequestFactory.create_batch(CAP + 2, status=S.REQUESTED)
    page = client_as(Role.FRONT_DESK).get(reverse("letters:worklist"), {"show": "to_draft"})
    assert [s.key for s in page.context["sections"]] == ["to_draft"]
    assert page.context["page"].paginator.count == CAP + 2
    assert len(page.context["sections"][0].rows) == CAP + 2


def test_an_unknown_section_is_not_found(client_as):
    response = client_as(Role.FRONT_DESK).get(reverse("letters:worklist"), {"show": "nope"})
    assert response.status_code == 404


def test_a_section_page_costs_the_same_queries_however_long_the_section(client_as):
    client = client_as(Role.FRONT_DESK)
    url = reverse("letters:worklist") + "?show=to_draft"
    LMNRequestFactory.create_batch(2, status=S.REQUESTED)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    LMNRequestFactory.create_batch(12, status=S.REQUESTED)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def _request_reads(queries):
    return [q["sql"] for q in queries.captured_queries if 'FROM "letters_lmnrequest"' in q["sql"]]


def test_the_whole_worklist_reads_every_section_and_its_total_in_one_query(client_as):
    for status in (S.REQUESTED, S.DRAFTED, S.SIGNED, S.DENIED, S.APPROVED):
        LMNRequestFactory.create_batch(CAP + 1, status=status)
    with CaptureQueriesContext(connection) as queries:
        page = client_as(Role.ADMIN).get(reverse("letters:worklist"))
    assert len(_request_reads(queries)) == 1
    assert [(s.key, len(s.rows), s.total) for s in page.context["sections"]] == [
        ("to_draft", CAP, CAP + 1),
        ("in_progress", CAP, CAP + 1),
        ("to_submit", CAP, CAP + 1),
        ("to_follow_up", 0, 0),
        ("denied", CAP, CAP + 1),
    ]


def test_each_section_keeps_its_own_order_when_read_together(client_as):
    today = timezone.localdate()
    later = LMNRequestFactory(status=S.REQUESTED, due_date=today + timedelta(days=9))
    sooner = LMNRequestFactory(status=S.REQUESTED, due_date=today + timedelta(days=2))
    old_answer = LMNRequestFactory(status=S.DENIED, response_on=today - timedelta(days=9))
    no_answer_date = LMNRequestFactory(status=S.DENIED, response_on=None)
    new_answer = LMNRequestFactory(status=S.DENIED, response_on=today - timedelta(days=1))
    page = client_as(Role.FRONT_DESK).get(reverse("letters:worklist"))
    assert _section(page, "to_draft").rows == [sooner, later]
    # newest answer first, as PostgreSQL sorts DESC: a missing date before any date
    assert _section(page, "denied").rows == [no_answer_date, new_answer, old_answer]


def test_recently_closed_lists_the_newest_closed_requests_first_up_to_its_cap(client_as):
    closed = LMNRequestFactory.create_batch(selectors.CLOSED_ROWS + 2, status=S.APPROVED)
    page = client_as(Role.FRONT_DESK).get(reverse("letters:worklist"))
    assert page.context["closed"] == sorted(closed, key=lambda lmn: -lmn.pk)[: selectors.CLOSED_ROWS]
