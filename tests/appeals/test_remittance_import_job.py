"""An uploaded 835 is stored and imported by a Celery task, once, with its stage recorded."""

from pathlib import Path

import pytest

from appeals import services, tasks
from appeals.models import ClaimPayment, Remittance, RemittanceImport
from appeals.x835 import RemittanceFileError
from tests.factories import UserFactory

REAL = Path(__file__).parent / "x12" / "real"
VALID = (REAL / "835" / "e835-emedny_sample.txt").read_text()

pytestmark = pytest.mark.django_db


@pytest.fixture
def biller():
    return UserFactory()


def test_queueing_stores_the_file_and_posts_nothing_until_the_task_runs(biller):
    job = services.remittance_import_queue(text=VALID, file_name="era.835", by=biller)
    assert (job.status, job.size, Remittance.objects.count()) == ("queued", len(VALID), 0)


def test_the_queued_task_runs_when_the_upload_commits(biller, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.remittance_import_queue(text=VALID, file_name="era.835", by=biller)
    job.refresh_from_db()
    assert (job.status, job.payments, job.claims) == ("done", 1, 3)
    assert list(job.remittances.all()) == list(Remittance.objects.all())
    assert Remittance.objects.get().posted_by == biller


def test_a_task_delivered_twice_imports_once(biller):
    job = services.remittance_import_store(text=VALID, file_name="era.835", by=biller)
    tasks.import_remittance(job.pk)
    tasks.import_remittance(job.pk)
    assert (Remittance.objects.count(), ClaimPayment.objects.count()) == (1, 3)


def test_a_file_refused_by_the_guide_is_recorded_with_its_problems_and_posts_nothing(biller):
    broken = VALID.replace("N1*PR*", "N1*XX*", 1)
    job = services.remittance_import_store(text=broken, file_name="bad.835", by=biller)
    job = services.remittance_import_run(job_id=job.pk)
    assert job.status == RemittanceImport.Status.REFUSED
    assert job.problems
    assert all("(segment" in problem for problem in job.problems)
    assert Remittance.objects.count() == 0


def test_a_file_that_is_plainly_not_an_835_is_refused_before_it_is_stored(biller):
    with pytest.raises(RemittanceFileError, match="not a payment advice"):
        services.remittance_import_queue(
            text=(REAL / "837p" / "lfh-demo.example1.837").read_text(), file_name="c.837", by=biller
        )
    assert RemittanceImport.objects.count() == 0
