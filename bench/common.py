"""What every bench script shares: Django set up on DATABASE_URL, a signed-in client, a page timer.

Import it first (`import common`): it puts the project on the path and calls django.setup().
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from palliative.models import User, role_group  # noqa: E402


def staff_client(role: str) -> Client:
    """A test client signed in as a bench user with `role`."""
    user, _ = User.objects.get_or_create(username=f"bench-{role}")
    user.groups.add(role_group(role))
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    return client


def measure(client: Client, url: str, runs: int) -> tuple[int, float]:
    """(queries of one request, median milliseconds over `runs`) for GET `url`."""
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return len(queries.captured_queries), statistics.median(timings)


def report(label: str, url: str, client: Client, runs: int) -> None:
    queries, ms = measure(client, url, runs)
    print(f"{label:<22} {queries:>3} queries  {ms:7.1f} ms median of {runs}")
