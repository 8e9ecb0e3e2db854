"""Time the letters worklist and a request page with many requests; print queries and ms.

Usage (on an empty throw-away database, which it fills; a second run measures what is there):
    DATABASE_URL=sqlite:////tmp/bench-letters.sqlite3 .venv/bin/python manage.py migrate -v0
    DATABASE_URL=sqlite:////tmp/bench-letters.sqlite3 .venv/bin/python bench/letters_pages.py --requests 500
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from letters.models import LMNRequest  # noqa: E402
from palliative.models import Role, User, role_group  # noqa: E402


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


def measure(client: Client, url: str, runs: int) -> tuple[int, float]:
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return len(queries.captured_queries), statistics.median(timings)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ensure_requests(args.requests)
    user, _ = User.objects.get_or_create(username="bench-frontdesk")
    user.groups.add(role_group(Role.FRONT_DESK))
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    request = LMNRequest.objects.order_by("id").first()
    print(f"{LMNRequest.objects.count()} LMN requests, {connection.vendor}")
    for label, url in [("letters worklist", "/letters/"), ("request detail", f"/letters/requests/{request.pk}/")]:
        queries, ms = measure(client, url, args.runs)
        print(f"{label:<20} {queries:>3} queries  {ms:7.1f} ms median of {args.runs}")


if __name__ == "__main__":
    main()
