"""Time building, scrubbing and exporting claims, and the worklist page, at a given size.

Usage (on an empty throw-away database, which it fills):
    DATABASE_URL=sqlite:////tmp/bench-billing.sqlite3 .venv/bin/python manage.py migrate -v0
    DATABASE_URL=sqlite:////tmp/bench-billing.sqlite3 .venv/bin/python bench/billing_claims.py --claims 300
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from billing import services  # noqa: E402
from billing.models import Claim  # noqa: E402
from palliative import rules  # noqa: E402
from palliative.models import Role  # noqa: E402


def timed(label: str, count: int, work):
    start = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - start
    print(f"{label:<28} {count:>6}  {elapsed * 1000:>9.0f} ms  {elapsed * 1000 / max(count, 1):>7.1f} ms each")
    return result


def main():
    from django.conf import settings

    from tests.billing.factories import built_claim, fee_schedule
    from tests.factories import UserFactory

    # Test users are set up with a fast hasher; the production one would dominate the set-up.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=200)
    args = parser.parse_args()
    if Claim.objects.exists():
        sys.exit("Run on an empty throw-away database (factory sequences would collide).")
    rules.icd10_problem("C34.90")  # load the ICD-10 table outside the timings
    fee_schedule()
    biller = UserFactory(username="bench-biller", role=Role.BILLING)
    claims = timed(
        "build (with scrub)", args.claims, lambda: [built_claim(by=biller, acp_minutes=50) for _ in range(args.claims)]
    )
    timed("scrub again", args.claims, lambda: [services.claim_scrub(claim=c) for c in claims])
    ready = timed("mark ready", args.claims, lambda: [services.claim_mark_ready(claim=c, by=biller) for c in claims])
    text = timed("export 837P", args.claims, lambda: services.claims_export_837(claims=ready, by=biller))
    print(f"837P size: {len(text) / 1024:.0f} KiB")
    client = Client(HTTP_HOST="localhost")
    client.force_login(biller)
    reset_queries()  # the DEBUG query log holds 9000 entries; start the count from empty
    with CaptureQueriesContext(connection) as queries:
        timed("worklist page", 1, lambda: client.get(reverse("billing:claim_list")))
    print(f"worklist queries: {len(queries.captured_queries)}")


if __name__ == "__main__":
    main()
