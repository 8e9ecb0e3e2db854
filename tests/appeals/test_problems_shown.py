"""A refused 835 shows the clerk its first ten problems and how many more there are."""

import pytest

from appeals import x835
from appeals.models import RemittanceImport

PROBLEMS = [f"SVC (segment {n}): SVC*XX is not expected at this point of an 835" for n in range(1, 26)]


def test_ten_problems_are_shown_and_the_rest_counted():
    shown, more = x835.problems_shown(PROBLEMS)
    assert shown == PROBLEMS[:10]
    assert more == 15


def test_a_file_with_ten_problems_or_fewer_shows_them_all():
    assert x835.problems_shown(PROBLEMS[:10]) == (PROBLEMS[:10], 0)


def test_the_command_line_text_ends_with_the_count_of_the_rest():
    assert x835.problems_text(PROBLEMS).endswith("; and 15 more problem(s) of the file")
    assert x835.problems_text(PROBLEMS[:2]) == "; ".join(PROBLEMS[:2])


@pytest.mark.django_db
def test_the_import_page_of_a_refused_file_lists_ten_problems_and_the_count_of_the_rest(biller_client):
    job = RemittanceImport.objects.create(
        file_name="era.835", content="", status=RemittanceImport.Status.REFUSED, problems=PROBLEMS,
        created_by=biller_client.user,
    )  # fmt: skip
    page = biller_client.get(job.get_absolute_url()).content.decode()
    assert page.count("is not expected at this point") == 10
    assert "and 15 more problem(s) of the file" in page
