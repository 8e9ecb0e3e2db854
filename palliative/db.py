"""SQL expressions the apps share that Django does not offer for every database we run on:
PostgreSQL in production and CI, SQLite for bin/start's demo."""

from django.db import connections
from django.db.models import DateField, Func, QuerySet


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
