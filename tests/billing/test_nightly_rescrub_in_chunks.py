"""The nightly re-scrub walks the open claims in batches and spreads them over tasks, so no
task meets Celery's time limit however many claims are open."""

from datetime import timedelta

import pytest

from billing import services, tasks
from billing.models import Claim

from .factories import built_claim

pytestmark = pytest.mark.django_db


def test_the_rescrub_reaches_every_open_claim_across_batches(biller, monkeypatch):
    monkeypatch.setattr(services, "RESCRUB_CHUNK", 2)
    claims = [built_claim(by=biller) for _ in range(5)]
    late = max(claim.first_date_of_service for claim in claims) + timedelta(days=400)

    assert services.claims_rescrub(today=late) == 5
    assert not Claim.objects.filter(pk__in=[c.pk for c in claims], scrub_errors=0).exists()


def test_the_nightly_task_queues_one_task_per_run_of_open_claims(biller, monkeypatch):
    monkeypatch.setattr(services, "RESCRUB_PER_TASK", 10)
    claims = [built_claim(by=biller) for _ in range(25)]
    queued = []
    monkeypatch.setattr(tasks.rescrub_claims, "delay", lambda *args: queued.append(args))

    assert tasks.rescrub_open_claims() == 25
    assert [(first, last) for first, last, _today in queued] == [
        (claims[0].pk, claims[9].pk),
        (claims[10].pk, claims[19].pk),
        (claims[20].pk, claims[24].pk),
    ]
