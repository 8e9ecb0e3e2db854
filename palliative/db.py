"""SQL expressions the apps share that Django does not offer for every database we run on:
PostgreSQL in production and CI, SQLite for bin/start's demo."""

from django.db.models import DateField, Func


class PlusDays(Func):
    """A date plus a whole number of days, in SQL: PostgreSQL's date + integer, SQLite's date()
    modifier (on SQLite, date + integer would be a number, not a date)."""

    arity = 2
    output_field = DateField()
    template = "(%(expressions)s)"
    arg_joiner = " + "

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="date(%(expressions)s || ' days')", arg_joiner=", '+' || ", **extra_context
        )
