"""Letters worklist sections: the first rows and the total, "Show all" pages through one section."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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
