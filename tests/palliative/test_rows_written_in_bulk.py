"""palliative/db.py: records_insert and history_rows_insert write the rows Django's bulk_create
and simple-history's bulk_history_create write: COPY from plain tuples on PostgreSQL, bulk_create
elsewhere (bin/start's SQLite), so the audit keeps every history row either way."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.forms.models import model_to_dict

from appeals.models import Denial
from billing.models import Claim, ClaimLine
from palliative.db import history_rows_insert, records_insert
from palliative.workflow import StatusChange
from tests.appeals.factories import ClaimPaymentFactory, submitted_claim
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOT_COMPARED = {"history_id", "history_date"}


def _history(model, record) -> list[dict]:
    rows = model.history.filter(id=record.pk).order_by("history_id")
    return [{k: v for k, v in model_to_dict(row).items() if k not in NOT_COMPARED} for row in rows]


@pytest.fixture(params=["postgresql", "sqlite"])
def vendor(request, monkeypatch):
    """Each test runs on the COPY path and on the bulk_create path that SQLite takes (only the
    writers are told so: the factories' own SQL stays PostgreSQL's)."""
    if request.param != connection.vendor:
        monkeypatch.setattr("palliative.db.copies_rows", lambda: request.param == "postgresql")
    return request.param


def _paid_claim():
    claim = submitted_claim("ROWS000001", [("99215", ["25"], "190"), ("99497", [], "85")])
    claim.paid_amount = Decimal("150.00")
    claim.payer_claim_number = "PCN-1"
    return claim


def test_claim_history_rows_are_the_rows_simple_history_writes(vendor):
    by = UserFactory()
    claim = _paid_claim()
    claim.history.all().delete()
    Claim.history.bulk_history_create([claim], update=True, default_user=by)
    history_rows_insert(Claim, [claim], by=by, update=True)
    first, second = _history(Claim, claim)
    assert first == second
    assert second["history_type"] == "~"
    assert second["history_user"] == by.pk


def test_line_history_rows_keep_json_decimal_and_date_values(vendor):
    claim = _paid_claim()
    lines = list(claim.lines.order_by("line_number"))
    for line in lines:
        line.paid_amount = Decimal("68.00")
        line.history.all().delete()
    ClaimLine.history.bulk_history_create(lines, update=True)
    history_rows_insert(ClaimLine, lines, update=True)
    for line in lines:
        first, second = _history(ClaimLine, line)
        assert first == second
        assert second["modifiers"] == line.modifiers
        assert second["paid_amount"] == Decimal("68.00")


def test_a_change_reason_on_the_record_is_kept(vendor):
    claim = _paid_claim()
    claim.history.all().delete()
    claim._change_reason = "Posted from remittance T1."
    Claim.history.bulk_history_create([claim], update=True)
    history_rows_insert(Claim, [claim], update=True)
    first, second = _history(Claim, claim)
    assert first == second
    assert second["history_change_reason"] == "Posted from remittance T1."


def test_a_change_reason_of_none_is_written_as_bulk_create_with_history_writes_it(vendor):
    claim = _paid_claim()
    claim.history.all().delete()
    Claim.history.bulk_history_create([claim], default_change_reason=None)
    history_rows_insert(Claim, [claim], change_reason=None)
    first, second = _history(Claim, claim)
    assert first == second
    assert second["history_change_reason"] is None
    assert second["history_type"] == "+"


def test_new_records_get_their_ids_and_creation_times(vendor):
    claim = _paid_claim()
    content_type = ContentType.objects.get_for_model(Claim)
    rows = records_insert(
        StatusChange,
        [StatusChange(content_type=content_type, object_id=claim.pk, to_status=s) for s in ("paid", "denied")],
    )
    assert [r.pk for r in rows] == sorted(r.pk for r in rows)
    saved = StatusChange.objects.in_bulk([r.pk for r in rows])
    assert [saved[r.pk].to_status for r in rows] == ["paid", "denied"]
    assert all(saved[r.pk].at == r.at and r.at is not None for r in rows)


def test_new_records_keep_their_foreign_keys_and_json(vendor):
    claim = _paid_claim()
    payment = ClaimPaymentFactory(claim=claim)
    denial = Denial(
        claim=claim,
        claim_payment=payment,
        payer=claim.coverage.payer,
        notice_date=claim.lines.first().date_of_service,
        group_code="CO",
        carc="50",
        rarcs=["N115", "M127"],
        amount=Decimal("190.00"),
        category="medical_necessity",
        route="appeal",
    )
    records_insert(Denial, [denial])
    saved = Denial.objects.get(pk=denial.pk)
    assert model_to_dict(saved) == model_to_dict(denial)


def test_no_history_rows_are_written_when_history_is_switched_off(vendor, settings):
    claim = _paid_claim()
    claim.history.all().delete()
    settings.SIMPLE_HISTORY_ENABLED = False
    history_rows_insert(Claim, [claim], update=True)
    assert not claim.history.exists()
