"""Time the letters worklist and a request page with many requests; print queries and ms.

Usage (on an empty throw-away database, which it fills; a second run measures what is there):
    DATABASE_URL=sqlite:////tmp/bench-letters.sqlite3 .venv/bin/python manage.py migrate -v0
    DATABASE_URL=sqlite:////tmp/bench-letters.sqlite3 .venv/bin/python bench/letters_pages.py --requests 500
"""

import argparse
from datetime import timedelta

import common
from django.db import connection
from django.utils import timezone

from letters.models import LMNRequest
from palliative.models import Role


def ensure_requests(count: int):
    from tests.letters.factories import LMNRequestFactory

    if LMNRequest.objects.exists():
        return
    statuses = list(LMNRequest.Status.values)
    today = timezone.localdate()
    for index in range(count):
        status = statuses[index % len(statuses)]
        submitted = today - timedelta(days=index % 30) if status in ("submitted", "approved", "denied") else None
        LMNRequestFactory(status=status, submitted_on=submitted)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ensure_requests(args.requests)
    client = common.staff_client(Role.FRONT_DESK)
    request = LMNRequest.objects.order_by("id").first()
    print(f"{LMNRequest.objects.count()} LMN requests, {connection.vendor}")
    for label, url in [("letters worklist", "/letters/"), ("request detail", f"/letters/requests/{request.pk}/")]:
        common.report(label, url, client, args.runs)


if __name__ == "__main__":
    main()
