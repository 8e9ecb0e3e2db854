"""Which sent claims bill a visit or an ACP session: read from each index, never every line."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from billing import selectors, services
from billing.models import Claim

from .factories import ready_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(biller):
    claim = ready_claim(by=biller, acp_minutes=30)
    services.claims_export_837(claims=[claim], by=biller)
    return Claim.objects.get(pk=claim.pk)


def test_a_sent_claim_bills_its_visit_and_the_acp_given_at_it(sent):
    session = sent.encounter.acp_sessions.get()
    assert list(selectors.sent_claims_billing(sent.encounter)) == [sent]
    assert list(selectors.sent_claims_billing(session)) == [sent]


def test_a_claim_not_yet_sent_bills_nothing(biller):
    claim = ready_claim(by=biller, acp_minutes=30)
    assert list(selectors.sent_claims_billing(claim.encounter)) == []


def test_the_claims_of_a_visit_are_read_in_one_query_without_scanning_every_line(sent):
    with CaptureQueriesContext(connection) as queries:
        list(selectors.sent_claims_billing(sent.encounter))
    [sql] = [q["sql"] for q in queries.captured_queries if '"billing_claim"' in q["sql"]]
    assert "DISTINCT" not in sql
    assert "UNION" in sql
