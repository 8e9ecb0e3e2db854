"""SQL the apps share that Django does not offer for every database we run on: PostgreSQL in
production and CI, SQLite for bin/start's demo. Expressions, and writing many rows at once."""

import json
import time

from django.conf import settings
from django.db import connection, connections, models
from django.db.models import DateField, Func, QuerySet
from django.utils import timezone


class PlusDays(Func):
    """A date plus a whole number of days (negative: minus), in SQL: PostgreSQL's date + integer,
    SQLite's date() modifier "N days" (on SQLite, date + integer would be a number, not a date)."""

    arity = 2
    output_field = DateField()
    template = "(%(expressions)s)"
    arg_joiner = " + "

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="date(%(expressions)s || ' days')", arg_joiner=", ", **extra_context
        )


def rows_of_each(querysets: list[QuerySet]) -> list:
    """The rows of every (sliced) queryset, in one UNION ALL where the database takes a LIMIT in
    each branch (PostgreSQL); one query each where it does not (SQLite). No order: sort them."""
    if connections[querysets[0].db].features.supports_slicing_ordering_in_compound:
        return list(querysets[0].union(*querysets[1:], all=True))
    return [row for queryset in querysets for row in queryset]


# --- Many rows at once ------------------------------------------------------------------------
# Django's bulk_create prepares every value of every row through its field and compiles one
# multi-row INSERT of them: at thousands of rows that Python costs more than the insert (an
# 835 of 2,500 claims writes some 25,000 rows). On PostgreSQL these write plain tuples with
# COPY; elsewhere (SQLite for bin/start) they hand the same rows to bulk_create.


def copies_rows() -> bool:
    """Whether rows are written with COPY (PostgreSQL) rather than bulk_create."""
    return connection.vendor == "postgresql"


# Field classes whose Python value psycopg writes as PostgreSQL reads it, with no preparation.
# Exact classes: a subclass may prepare its values (encrypt, normalise) and goes through Django.
_PLAIN_FIELDS = {
    models.AutoField,
    models.BigAutoField,
    models.BigIntegerField,
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.DateTimeField,
    models.DecimalField,
    models.ForeignKey,
    models.IntegerField,
    models.OneToOneField,
    models.PositiveBigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SmallIntegerField,
    models.TextField,
}


def _copy_value(field):
    """How `field`'s Python value becomes what COPY writes; None: as it is."""
    if type(field) in _PLAIN_FIELDS:
        return None
    if type(field) is models.JSONField:
        encoder = field.encoder

        def as_json(value):
            return None if value is None else json.dumps(value, cls=encoder)

        return as_json
    return lambda value: field.get_db_prep_save(value, connection)


def _copy(model, columns: list, rows) -> int:
    """COPY `rows` (tuples of Python values, in `columns`' order) into `model`'s table. The COPY
    is logged as one query where Django logs queries (DEBUG, tests counting queries)."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(field.column) for field in columns)
    convert = [(n, _copy_value(field)) for n, field in enumerate(columns)]
    convert = [(n, c) for n, c in convert if c is not None]
    sql = f"COPY {table} ({names}) FROM STDIN"
    start = time.monotonic()
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            if convert:
                row = list(row)
                for n, to_db in convert:
                    row[n] = to_db(row[n])
            copy.write_row(row)
            count += 1
    if connection.queries_logged:
        connection.queries_log.append({"sql": f"{sql} -- {count} rows", "time": f"{time.monotonic() - start:.3f}"})
    return count


def _reserve_ids(model, count: int) -> list[int]:
    """`count` new ids from the table's identity sequence, ascending, as inserts would take them."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), model._meta.pk.column, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


def records_insert(model, records: list) -> list:
    """`bulk_create(records)` for new records of a model with an auto id: each record gets its
    id, and `auto_now_add` / `auto_now` fields their time, as bulk_create gives them. No
    signals are sent (bulk_create sends none either)."""
    if not records:
        return records
    if not copies_rows():
        return model.objects.bulk_create(records, batch_size=1000)
    fields = model._meta.concrete_fields
    now = timezone.now()
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for record in records:
                setattr(record, field.attname, now)
    missing = [record for record in records if record.pk is None]
    for record, pk in zip(missing, _reserve_ids(model, len(missing)), strict=True):
        record.pk = pk
    attnames = [field.attname for field in fields]
    _copy(model, fields, (tuple(getattr(record, name) for name in attnames) for record in records))
    for record in records:
        record._state.adding = False
        record._state.db = connection.alias
    return records


def history_rows_insert(model, records, *, by=None, update: bool = False, change_reason: str | None = "") -> None:
    """The simple-history rows of `records` (a model with `history = HistoricalRecords()`): the
    rows `model.history.bulk_history_create(records, update=update, default_user=by,
    default_change_reason=change_reason)` writes (tracked fields, user, change reason, "+" or
    "~"), from plain tuples, with one history date for the batch. simple-history's
    `bulk_create_with_history` passes a change reason of None."""
    records = list(records)
    if not records or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = model.history.model
    if not copies_rows():
        model.history.bulk_history_create(
            records, batch_size=1000, update=update, default_user=by, default_change_reason=change_reason
        )
        return
    tracked = history.tracked_fields
    attnames = [field.attname for field in tracked]
    opts = history._meta
    columns = [opts.get_field(name) for name in attnames] + [
        opts.get_field(name) for name in ("history_date", "history_user", "history_change_reason", "history_type")
    ]
    now = timezone.now()
    kind = "~" if update else "+"

    def user_id(record):
        if hasattr(record, "_history_user"):
            user = record._history_user
        else:
            user = by or history.get_default_history_user(record)
        return getattr(user, "pk", user)

    _copy(
        history,
        columns,
        (
            (
                *(getattr(record, name) for name in attnames),
                getattr(record, "_history_date", now),
                user_id(record),
                getattr(record, "_change_reason", None) or change_reason,
                kind,
            )
            for record in records
        ),
    )
