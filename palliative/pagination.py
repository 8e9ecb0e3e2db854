"""Pages and counts over long lists that never count the whole list.

A worklist of years of rows is worked from its first pages; counting every row to print
"page 1 of 16,000" costs more than the page. BoundedPaginator counts at most `bound` rows
(COUNT over a LIMITed subquery) and says "more than N" beyond that; filters narrow the list.
Home panels and status tabs count the same way (bounded_count, bounded_counts) and print
"1000+"; a short section pages without counting at all (peek_page).

A count drops the list's order by default. A list whose order an index serves may count
`in_order`: the rows its filter keeps (open work) are the newest and sit at the end of the
table, so an unordered count would scan every closed row before them.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import IntegerField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

BOUND = 1000


class BoundedCount(int):
    """A count that stopped at its bound: the bound as a number, "1000+" as text."""

    more: bool = False

    def __new__(cls, counted: int, bound: int = BOUND):
        count = super().__new__(cls, min(counted, bound))
        count.more = counted > bound
        return count

    def __str__(self) -> str:
        return f"{int(self)}+" if self.more else super().__str__()


def bounded_count(queryset: QuerySet, *, bound: int = BOUND, in_order: bool = False) -> BoundedCount:
    rows = queryset if in_order else queryset.order_by()
    return BoundedCount(rows[: bound + 1].count(), bound)


def bounded_counts(queryset: QuerySet, field: str, values, *, bound: int = BOUND) -> dict[str, BoundedCount]:
    """{value: bounded count of `queryset` rows whose `field` is value} in one query: a
    LIMITed subquery per value, each walking the index on `field` at most bound + 1 rows."""
    values = list(values)
    counts = bounded_count_each([queryset.filter(**{field: value}) for value in values], bound=bound)
    return dict(zip(values, counts, strict=True))


def bounded_count_each(querysets: list[QuerySet], *, bound: int = BOUND) -> list[BoundedCount]:
    """The bounded count of each queryset (of one database), all in one query."""
    if not querysets:
        return []
    parts, params = [], []
    for queryset in querysets:
        sql, part_params = queryset.order_by().values("pk")[: bound + 1].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS bounded)")
        params.extend(part_params)
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return [BoundedCount(counted, bound) for counted in row]


def bounded_count_column(queryset: QuerySet, *, bound: int = BOUND) -> RawSQL:
    """The bounded count of `queryset` as a column of another query (an uncorrelated subquery,
    which PostgreSQL runs once per query, not per row): BoundedCount(value, bound) reads it."""
    sql, params = queryset.order_by().values("pk")[: bound + 1].query.sql_with_params()
    return RawSQL(f"SELECT COUNT(*) FROM ({sql}) AS bounded", params, output_field=IntegerField())


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, bound: int = BOUND, count_in_order: bool = False, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.bound = bound
        self.count_in_order = count_in_order

    @cached_property
    def counted(self) -> int:
        rows = self.object_list if self.count_in_order else self.object_list.order_by()
        return rows[: self.bound + 1].count()

    @cached_property
    def more(self) -> bool:
        """True when there are more rows than the pages reach."""
        return self.counted > self.bound

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.bound)


@dataclass
class Peek:
    """A page read with one row more than it shows, to know whether another follows: no count."""

    rows: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def peek_page(queryset: QuerySet, number, per_page: int, *, bound: int = BOUND) -> Peek:
    """Page `number` (as typed in the URL: anything not a positive whole number is page 1) of
    `queryset`, no deeper than `bound` rows."""
    try:
        number = max(1, int(number or 1))
    except (TypeError, ValueError):
        number = 1
    number = min(number, max(1, bound // per_page))
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Peek(rows[:per_page], number, len(rows) > per_page)
