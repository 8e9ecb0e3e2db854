"""Time the busiest pages on a practice of a given size and print queries and milliseconds.

Usage (on an empty throw-away database, which it fills; a second run measures what is there):
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python manage.py migrate -v0
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/pages.py --patients 2000
"""

import argparse
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

from palliative.models import Patient, Role, User, role_group  # noqa: E402


def ensure_practice(patients: int):
    from tests.factories import EncounterFactory, PatientFactory, ProviderFactory

    if Patient.objects.exists():
        return  # measure the practice that is there (factory sequences would collide)
    providers = [ProviderFactory() for _ in range(4)]
    for index in range(patients):
        patient = PatientFactory()
        for visit in range(3):
            EncounterFactory(patient=patient, provider=providers[(index + visit) % 4])


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
    parser.add_argument("--patients", type=int, default=500)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    ensure_practice(args.patients)
    user, _ = User.objects.get_or_create(username="bench-frontdesk")
    user.groups.add(role_group(Role.FRONT_DESK))
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    patient = Patient.objects.order_by("id").first()
    print(f"{Patient.objects.count()} patients, {connection.vendor}")
    for label, url in [
        ("home", "/"),
        ("patient list", "/patients/"),
        ("patient list p.10", "/patients/?page=10"),
        ("patient detail", f"/patients/{patient.pk}/"),
    ]:
        queries, ms = measure(client, url, args.runs)
        print(f"{label:<20} {queries:>3} queries  {ms:7.1f} ms median of {args.runs}")


if __name__ == "__main__":
    main()
