"""Long worklists count at most a bound of rows and say "more than" beyond it."""

import pytest

from palliative.models import Patient
from palliative.pagination import BoundedPaginator

from ..factories import PatientFactory

pytestmark = pytest.mark.django_db


def test_a_list_within_the_bound_is_counted_exactly():
    PatientFactory.create_batch(3)
    paginator = BoundedPaginator(Patient.objects.order_by("id"), 2, bound=5)
    assert (paginator.count, paginator.more, paginator.num_pages) == (3, False, 2)


def test_a_list_past_the_bound_stops_counting_at_the_bound():
    PatientFactory.create_batch(7)
    paginator = BoundedPaginator(Patient.objects.order_by("id"), 2, bound=5)
    assert (paginator.count, paginator.more, paginator.num_pages) == (5, True, 3)


def test_the_last_reachable_page_holds_rows_up_to_the_bound():
    patients = PatientFactory.create_batch(7)
    page = BoundedPaginator(Patient.objects.order_by("id"), 2, bound=5).get_page(3)
    assert [p.pk for p in page] == [patients[4].pk]
