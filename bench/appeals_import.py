"""Time an 835 import (pyx12 validation, then posting; lines/s and the ratio to validation) and the worklist and dashboard pages, at a given size.

Usage (on an empty throw-away database, which it fills):
    DATABASE_URL=sqlite:////tmp/bench-appeals.sqlite3 .venv/bin/python manage.py migrate -v0
    DATABASE_URL=sqlite:////tmp/bench-appeals.sqlite3 .venv/bin/python bench/appeals_import.py --claims 200
"""

import argparse
import os
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from appeals import services, x835  # noqa: E402
from palliative.models import Role  # noqa: E402


def timed(label: str, count: int, work):
    start = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - start
    print(f"{label:<28} {count:>6}  {elapsed * 1000:>9.0f} ms  {elapsed * 1000 / max(count, 1):>7.1f} ms each")
    return result


def main():
    from django.conf import settings

    from tests.appeals.factories import submitted_claim
    from tests.factories import PayerFactory, UserFactory

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=200)
    size = parser.parse_args().claims

    payer = PayerFactory(payer_id="12502")
    dos = date(2026, 10, 14)
    claims = [
        submitted_claim(f"BENCH{n:06d}", [("99215", ["25"], "190"), ("99497", [], "85")], payer=payer)
        for n in range(size)
    ]
    payments = []
    for n, claim in enumerate(claims):
        denied = n % 3 == 0
        services_ = [
            x835.ServicePayment(
                "99215",
                ["25"],
                Decimal("190"),
                Decimal("0") if denied else Decimal("150"),
                date_of_service=dos,
                adjustments=[
                    x835.Adjustment("CO", "50" if denied else "45", Decimal("190") if denied else Decimal("40"))
                ],
            ),
            x835.ServicePayment(
                "99497",
                [],
                Decimal("85"),
                Decimal("68"),
                date_of_service=dos,
                adjustments=[x835.Adjustment("CO", "45", Decimal("17"))],
            ),
        ]
        paid = sum((s.paid for s in services_), Decimal("0"))
        payments.append(x835.ClaimPayment(claim.patient_control_number, "1", Decimal("275"), paid, services=services_))
    remittance = x835.Remittance(
        payer_name=payer.name,
        trace_number="BENCH1",
        payer_reference="1512345678",
        payment_amount=sum((p.paid for p in payments), Decimal("0")),
        payment_date=date(2026, 11, 20),
        payer_id=payer.payer_id,
        claims=payments,
    )
    text = x835.build_835(remittance)
    lines = sum(len(p.services) for p in payments)
    start = time.perf_counter()
    parsed = x835.parse_835(text)
    validation = time.perf_counter() - start
    start = time.perf_counter()
    summary = services.remittance_import_835(text=text, file_name="bench", parsed=parsed)
    posting = time.perf_counter() - start
    print(summary.line())
    print(f"pyx12 validation + parse     {validation * 1000:>9.0f} ms  ({size} claims, {lines} lines)")
    print(f"posting (after validation)   {posting * 1000:>9.0f} ms  {lines / posting:>7.0f} lines/s")
    print(
        f"import (validation + post)   {(validation + posting) * 1000:>9.0f} ms  {(validation + posting) / validation:.2f}x validation"
    )
    timed("import again (no change)", size, lambda: services.remittance_import_835(text=text, file_name="bench"))

    client = Client()
    client.force_login(UserFactory(username="bench-billing", role=Role.BILLING))
    for name in ("appeals:denial_list", "appeals:dashboard"):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            status = client.get(reverse(name)).status_code
            elapsed = time.perf_counter() - start
        print(f"{name:<28} status {status}  {len(ctx.captured_queries)} queries  {elapsed * 1000:.0f} ms")


if __name__ == "__main__":
    main()
