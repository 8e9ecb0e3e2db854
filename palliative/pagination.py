"""Pages over long lists that never count the whole list.

A worklist of years of rows is worked from its first pages; counting every row to print
"page 1 of 16,000" costs more than the page. BoundedPaginator counts at most `bound` rows
(COUNT over a LIMITed subquery) and says "more than N" beyond that; filters narrow the list.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

BOUND = 1000


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, bound: int = BOUND, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.bound = bound

    @cached_property
    def counted(self) -> int:
        return self.object_list.order_by()[: self.bound + 1].count()

    @cached_property
    def more(self) -> bool:
        """True when there are more rows than the pages reach."""
        return self.counted > self.bound

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.bound)
