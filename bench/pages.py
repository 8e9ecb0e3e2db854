"""Time the busiest pages on a practice of a given size and print queries and milliseconds.

Usage (on an empty throw-away database, which it fills; a second run measures what is there):
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python manage.py migrate -v0
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/pages.py --patients 2000
"""

import argparse

import common
from django.db import connection

from palliative.models import Patient, Role


def ensure_practice(patients: int):
    from tests.factories import EncounterFactory, PatientFactory, ProviderFactory

    if Patient.objects.exists():
        return  # measure the practice that is there (factory sequences would collide)
    providers = [ProviderFactory() for _ in range(4)]
    for index in range(patients):
        patient = PatientFactory()
        for visit in range(3):
            EncounterFactory(patient=patient, provider=providers[(index + visit) % 4])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=500)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    ensure_practice(args.patients)
    client = common.staff_client(Role.FRONT_DESK)
    patient = Patient.objects.order_by("id").first()
    print(f"{Patient.objects.count()} patients, {connection.vendor}")
    for label, url in [
        ("home", "/"),
        ("patient list", "/patients/"),
        ("patient list p.10", "/patients/?page=10"),
        ("patient detail", f"/patients/{patient.pk}/"),
    ]:
        common.report(label, url, client, args.runs)


if __name__ == "__main__":
    main()
