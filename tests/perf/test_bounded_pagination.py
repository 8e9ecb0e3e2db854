"""Long worklists and home panels count at most a bound of rows and say "more than" beyond it."""

import pytest

from palliative.models import Patient
from palliative.pagination import BoundedPaginator, bounded_count, bounded_counts, peek_page

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


def test_a_count_past_its_bound_prints_as_the_bound_and_more():
    PatientFactory.create_batch(4)
    count = bounded_count(Patient.objects.all(), bound=3)
    assert (int(count), count.more, str(count)) == (3, True, "3+")


def test_a_count_within_its_bound_prints_as_itself():
    PatientFactory.create_batch(2)
    count = bounded_count(Patient.objects.all(), bound=3)
    assert (int(count), count.more, str(count)) == (2, False, "2")


def test_counts_by_value_are_bounded_each_and_read_in_one_query(django_assert_num_queries):
    PatientFactory.create_batch(4, sex="F")
    PatientFactory.create_batch(1, sex="M")
    with django_assert_num_queries(1):
        counts = bounded_counts(Patient.objects.all(), "sex", ["F", "M", "U"], bound=3)
    assert {sex: str(count) for sex, count in counts.items()} == {"F": "3+", "M": "1", "U": "0"}


def test_a_peeked_page_knows_a_next_page_follows_without_counting(django_assert_num_queries):
    PatientFactory.create_batch(3)
    with django_assert_num_queries(1):
        page = peek_page(Patient.objects.order_by("id"), "1", 2)
    assert (len(page.rows), page.has_previous, page.has_next) == (2, False, True)


def test_a_page_number_that_is_not_one_reads_the_first_page():
    PatientFactory.create_batch(1)
    assert peek_page(Patient.objects.order_by("id"), "x'; --", 2).number == 1
