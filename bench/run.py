"""The practice network at scale: generate the volume, then time every daily page and batch job.

Usage (an empty PostgreSQL database, migrated first; a second run measures what is there):
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/pal_bench
    .venv/bin/python manage.py migrate -v0
    .venv/bin/python bench/run.py --scale 1.0      # 50k patients, 500k encounters, 100k claims...

Each page is timed right after the trivial signed-in page (bench/trivial_urls.py), interleaved,
so the ratio holds however busy the shared machine is. Figures are kept in
bench/results/scale-<scale>.json; a run prints beside its own the figures of the other scales
measured on this machine, so growth from a tenth of the scale to the whole is visible.
"""

import argparse
import contextlib
import io
import json
import logging
import re
import statistics
import time
from datetime import timedelta
from pathlib import Path

import common
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from palliative import rules
from palliative.errors import DomainError
from palliative.models import Patient, Payer, Provider, Role, User, role_group

RESULTS = Path(__file__).resolve().parent / "results"
FULL = {"patients": 50_000, "encounters": 500_000, "denials": 150_000, "requests": 300_000}
PROVIDERS, PAYERS = 20, 8
EXTRA_PAYERS = [
    ("Humana Medicare Advantage", "medicare_adv", "61101", 365, 14),
    ("Cigna", "commercial", "62308", 90, 14),
    ("Molina Healthcare of Illinois", "medicaid", "20554", 180, 21),
]
# Targets from issue 12: lists within 5x the trivial page, dashboards 10x, search 3x.
LIST, DASHBOARD, SEARCH = 5, 10, 3


class Rollback(Exception):
    """Raised to undo a batch job's writes, so every run measures the same database."""


# --- Volume ------------------------------------------------------------------------------------


def generate(scale: float) -> None:
    if Patient.objects.filter(mrn__startswith="BN").exists():
        print("The bench practice is there: measuring the database as it is.")
        return
    started = time.perf_counter()
    if not Patient.objects.exists():
        logging.disable(logging.INFO)
        call_command("seed_demo", stdout=io.StringIO())
        logging.disable(logging.NOTSET)
        seed_seconds = time.perf_counter() - started
        _record_job("seed_demo", seed_seconds, None, "< 10 s", seed_seconds < 10)
        print(f"seed_demo: {seed_seconds:.1f} s")

    generator, _ = User.objects.get_or_create(username="bench-generator")
    for index in range(Provider.objects.count(), PROVIDERS):
        user = User.objects.create(username=f"bench-provider-{index}", first_name="Bench", last_name=f"P{index}")
        user.groups.add(role_group(Role.PROVIDER))
        Provider.objects.create(
            user=user,
            first_name="Bench",
            last_name=f"Provider{index}",
            credentials="NP",
            specialty="50",
            npi=f"19{index:07d}" + rules.npi_check_digit(f"19{index:07d}"),
            license_number=f"B{index}",
            license_state="IL",
            phone="2175550100",
        )
    for name, kind, payer_id, filing, follow_up in EXTRA_PAYERS[: max(0, PAYERS - Payer.objects.count())]:
        Payer.objects.create(
            name=name, payer_type=kind, payer_id=payer_id, timely_filing_days=filing, letter_follow_up_days=follow_up
        )
    values = {
        "scale": scale,
        "patients": max(50, round(FULL["patients"] * scale)),
        "encounters": max(500, round(FULL["encounters"] * scale)),
        "denials": max(150, round(FULL["denials"] * scale)),
        "requests": max(300, round(FULL["requests"] * scale)),
        "user_id": generator.pk,
        "providers": _array(Provider.objects.order_by("id").values_list("id", flat=True)),
        "payers": _array(Payer.objects.order_by("id").values_list("id", flat=True)),
    }
    text = (Path(__file__).resolve().parent / "volume.sql").read_text()
    text = re.sub(r"^\s*--.*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"(?<!:):([a-z_]+)", lambda m: str(values[m.group(1)]), text)
    statements = [s.strip() for s in re.split(r";\s*\n", text) if s.strip()]
    with connection.cursor() as cursor, transaction.atomic():
        for statement in statements:
            step = time.perf_counter()
            cursor.execute(statement)
            first = statement.splitlines()[0]
            print(f"  {time.perf_counter() - step:6.1f} s  {first[:70]}")
        _fill_search_columns()
        _fill_next_due()
        _fill_file_by_keys()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Generated in {time.perf_counter() - started:.0f} s (target 600 s).")
    _print_volume()


def _fill_search_columns() -> None:
    """The folded name and MRN the patient search compares, from the rules that fold them on save."""
    step = time.perf_counter()
    patients = list(Patient.objects.filter(mrn__startswith="BN").only("id", "first_name", "last_name", "mrn"))
    for patient in patients:
        patient.search_name = rules.patient_search_name(patient.first_name, patient.last_name)
        patient.search_mrn = rules.search_mrn(patient.mrn)
    Patient.objects.bulk_update(patients, ["search_name", "search_mrn"], batch_size=5000)
    print(f"  {time.perf_counter() - step:6.1f} s  patients' search columns (rules.patient_search_name)")


def _fill_next_due() -> None:
    """Each denial's stored next date, as the appeals services keep it."""
    from appeals.models import Denial
    from appeals.services import denials_next_due_refresh

    step = time.perf_counter()
    denials_next_due_refresh(denial_ids=Denial.objects.order_by("id").values_list("id", flat=True))
    print(f"  {time.perf_counter() - step:6.1f} s  denials' next date (appeals.rules.denial_next_due)")


def _fill_file_by_keys() -> None:
    """Each encounter's to-bill sort key, as the palliative services keep it."""
    from palliative.models import Encounter
    from palliative.services import encounters_file_by_refresh

    step = time.perf_counter()
    encounters_file_by_refresh(encounters=Encounter.objects.all())
    print(f"  {time.perf_counter() - step:6.1f} s  encounters' to-bill key (palliative.selectors.file_by_key)")


def _array(ids) -> str:
    return f"ARRAY[{','.join(str(pk) for pk in ids)}]"


def _print_volume() -> None:
    tables = [
        "palliative_patient",
        "palliative_encounter",
        "palliative_acpsession",
        "billing_claim",
        "billing_claimline",
        "appeals_claimpayment",
        "appeals_denial",
        "appeals_appeal",
        "letters_lmnrequest",
        "letters_letter",
        "letters_supportingdocument",
    ]
    with connection.cursor() as cursor:
        counts = []
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts.append(f"{table.split('_', 1)[1]} {cursor.fetchone()[0]:,}")
    print("Volume: " + ", ".join(counts))


# --- Pages -------------------------------------------------------------------------------------


def _time_get(client, url: str) -> tuple[float, int, int]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(queries.captured_queries), len(response.content)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def pages(runs: int) -> list[tuple]:
    """(role, label, url, target ratio, set-up) for every page each role opens daily."""
    from appeals.models import Denial, Remittance
    from billing.models import Claim
    from letters.models import LMNRequest

    big = Patient.objects.filter(mrn__startswith="BN").order_by("id").first()
    claim = Claim.objects.filter(patient=big).order_by("-id").first()
    denial = Denial.objects.filter(claim__patient=big).order_by("-id").first() or Denial.objects.last()
    remittance = Remittance.objects.order_by("-id").first()
    request = LMNRequest.objects.filter(patient=big).order_by("-id").first()
    encounter = big.encounters.order_by("-id").first()

    def search(text):
        return lambda client: client.post("/patients/search/", {"q": text})

    return [
        (Role.FRONT_DESK, "home", "/", LIST, None),
        (Role.FRONT_DESK, "patient list", "/patients/", LIST, search("")),
        (Role.FRONT_DESK, "search by name", "/patients/", SEARCH, search("garcia ana")),
        (Role.FRONT_DESK, "search last, first", "/patients/", SEARCH, search("Garcia, Ana")),
        (Role.FRONT_DESK, "search by MRN", "/patients/", SEARCH, search(big.mrn)),
        (Role.FRONT_DESK, "search by birth date", "/patients/", SEARCH, search(f"{big.date_of_birth:%m/%d/%Y}")),
        (Role.FRONT_DESK, "patient (big chart)", f"/patients/{big.pk}/", LIST, None),
        (Role.FRONT_DESK, "letters worklist", "/letters/", LIST, None),
        (Role.FRONT_DESK, "LMN request", f"/letters/requests/{request.pk}/", LIST, None),
        (Role.PROVIDER, "home", "/", LIST, None),
        (Role.PROVIDER, "letters worklist", "/letters/", LIST, None),
        (Role.PROVIDER, "encounter", f"/encounters/{encounter.pk}/", LIST, None),
        (Role.BILLING, "home", "/", LIST, None),
        (Role.BILLING, "to-bill list", "/billing/to-bill/", LIST, None),
        (Role.BILLING, "claims worklist", "/billing/claims/", LIST, None),
        (Role.BILLING, "claim", f"/billing/claims/{claim.pk}/", LIST, None),
        (Role.BILLING, "denial worklist", "/appeals/", LIST, None),
        (Role.BILLING, "denial", f"/appeals/denials/{denial.pk}/", LIST, None),
        (Role.BILLING, "appeals list", "/appeals/appeals/", LIST, None),
        (Role.BILLING, "claims by age", "/appeals/claims-by-age/", LIST, None),
        (Role.BILLING, "remittances", "/appeals/remittances/", LIST, None),
        (Role.BILLING, "remittance", f"/appeals/remittances/{remittance.pk}/", LIST, None),
        (Role.BILLING, "billing dashboard", "/appeals/dashboard/", DASHBOARD, None),
        (Role.ADMIN, "home", "/", LIST, None),
        (Role.ADMIN, "patient + history", f"/patients/{big.pk}/", LIST, None),
    ]


def _client_for(role: str):
    if role != Role.PROVIDER:
        return common.staff_client(role)
    # the provider with the most open letters and encounters: the heaviest provider home page
    from django.test import Client

    provider = Provider.objects.order_by("id").first()
    client = Client(SERVER_NAME="localhost")
    client.force_login(provider.user)
    return client


def measure_pages(runs: int) -> list[dict]:
    settings.ROOT_URLCONF = "trivial_urls"
    rows = []
    clients = {}
    print(
        f"\n{'role':<11} {'page':<22} {'median':>8} {'p95':>8} {'trivial':>8} {'ratio':>6} {'target':>6} "
        f"{'queries':>7} {'KiB':>6}"
    )
    for role, label, url, target, setup in pages(runs):
        client = clients.get(role) or clients.setdefault(role, _client_for(role))
        if setup:
            setup(client)
        _time_get(client, url)  # warm: templates, connection, caches of the page itself
        page_ms, trivial_ms = [], []
        for _ in range(runs):
            trivial_ms.append(_time_get(client, "/bench/trivial/")[0])
            elapsed, queries, size = _time_get(client, url)
            page_ms.append(elapsed)
        median, trivial = statistics.median(page_ms), statistics.median(trivial_ms)
        ratio = median / trivial
        row = dict(
            role=str(role),
            page=label,
            median_ms=round(median, 1),
            p95_ms=round(_p95(page_ms), 1),
            trivial_ms=round(trivial, 1),
            ratio=round(ratio, 1),
            target=target,
            queries=queries,
            kib=round(size / 1024),
            met=ratio <= target,
        )
        rows.append(row)
        print(
            f"{role:<11} {label:<22} {median:8.1f} {row['p95_ms']:8.1f} {trivial:8.1f} {ratio:6.1f} "
            f"{'<=' + str(target) + 'x':>6} {queries:7d} {row['kib']:6d}  {'ok' if row['met'] else 'MISSED'}"
        )
    return rows


# --- Batch jobs --------------------------------------------------------------------------------

_jobs: list[dict] = []


def _record_job(label, seconds, rate, target, met, note=""):
    _jobs.append(dict(job=label, seconds=round(seconds, 2), rate=rate, target=target, met=met, note=note))


def _rolled_back(work):
    """Time `work()` inside a transaction that is then rolled back; returns (seconds, result)."""
    result = {}
    start = time.perf_counter()
    try:
        with transaction.atomic():
            result["value"] = work()
            result["seconds"] = time.perf_counter() - start
            raise Rollback
    except Rollback:
        pass
    return result["seconds"], result["value"]


def measure_jobs(sample: int) -> list[dict]:
    from appeals import services as appeal_services
    from billing import services as billing_services
    from billing.models import Claim
    from letters import services as letter_services
    from palliative import services as palliative_services
    from palliative.models import Encounter

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEBUG = False  # the query log would grow with every row the jobs touch
    logging.disable(logging.INFO)
    today = timezone.localdate()
    daily = [
        ("documentation nudges", palliative_services.documentation_nudges_send),
        ("letter reminders", letter_services.letter_reminders_send),
        ("appeal deadline reminders", appeal_services.appeal_deadline_reminders_send),
        ("late decision reminders", appeal_services.appeal_late_decision_reminders_send),
        ("nightly re-scrub", billing_services.claims_rescrub),
    ]
    for label, job in daily:
        # The first run catches up on the whole backlog; the next day's run is the daily cost,
        # which should follow what fell due that day, not the history.
        def both(job=job):
            start = time.perf_counter()
            first = job(today=today)
            catch_up = time.perf_counter() - start
            # In production the catch-up commits and autovacuum re-samples the notifications it
            # wrote before the next day; inside this rolled-back transaction nothing does.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE palliative_notification")
            start = time.perf_counter()
            second = job(today=today + timedelta(days=1))
            return catch_up, first, time.perf_counter() - start, second

        _seconds, (catch_up, first, next_day, second) = _rolled_back(both)
        _record_job(f"{label} (first run)", catch_up, None, "backlog", None, f"result {first}")
        _record_job(f"{label} (next day)", next_day, None, "< 5 s", next_day < 5, f"result {second}")
        print_jobs(_jobs[-2:])

    biller = common.staff_client(Role.BILLING) and User.objects.get(username=f"bench-{Role.BILLING}")
    claims = list(Claim.objects.filter(status=Claim.Status.SUBMITTED).order_by("-id")[:sample])
    # In bulk, as the nightly re-scrub and the export run it: facts loaded for the whole batch.
    seconds, _ = _rolled_back(lambda: billing_services.claims_scrub(claims=claims, today=today))
    rate = round(len(claims) / seconds)
    _record_job(f"scrubber ({len(claims)} claims)", seconds, rate, ">= 1000 claims/s", rate >= 1000)

    def rescrub_everything():
        # The worst night: every claim of the practice open (100,000 at scale 1.0).
        Claim.objects.update(status=Claim.Status.DRAFT)
        return billing_services.claims_rescrub(today=today)

    seconds, count = _rolled_back(rescrub_everything)
    _record_job(
        f"nightly re-scrub, all {count} claims open",
        seconds,
        round(count / seconds),
        "100,000 in < 120 s",
        seconds * 100_000 / max(count, 1) < 120,
    )
    seconds, _ = _rolled_back(lambda: [billing_services.claim_scrub(claim=c, today=today) for c in claims[:200]])
    rate = round(min(len(claims), 200) / seconds)
    _record_job("scrubber, one claim at a time", seconds, rate, "(a claim page)", None)

    unbilled = list(
        Encounter.objects.filter(claims__isnull=True, date_of_service__gte=today - timedelta(days=60)).order_by("-id")[
            : sample // 2
        ]
    )

    def build():
        # In bulk, as a biller building the day's visits: facts loaded and claims written per batch.
        built, _refused = billing_services.claims_build_from_encounters(encounters=unbilled, by=biller)
        return len(built)  # an encounter the rules refuse still counts as work done

    seconds, built = _rolled_back(build)
    rate = round(len(unbilled) / seconds)
    _record_job(f"claim build ({len(unbilled)}, {built} built)", seconds, rate, ">= 300 claims/s", rate >= 300)

    def build_one_by_one():
        for encounter in unbilled[:100]:
            with contextlib.suppress(DomainError):
                billing_services.claim_build_from_encounter(encounter=encounter, by=biller)

    seconds, _ = _rolled_back(build_one_by_one)
    _record_job("claim build, one at a time", seconds, round(min(len(unbilled), 100) / seconds), "(a claim page)", None)

    # recent claims, well inside every payer's filing limit, as a day's export would hold
    recent = Claim.objects.filter(
        status__in=[Claim.Status.SUBMITTED, Claim.Status.PAID], created_at__date__gte=today - timedelta(days=60)
    ).exclude(lines__acp_session__consent_documented=False)
    ids = list(recent.order_by("-created_at").values_list("id", flat=True)[:5000])

    def export():
        Claim.objects.filter(id__in=ids).update(status=Claim.Status.READY)
        return billing_services.claims_export_837(claims=Claim.objects.filter(id__in=ids), by=biller)

    try:
        seconds, text = _rolled_back(export)
    except DomainError as error:
        # a few generated claims fail the scrubber; export the rest, as a biller would
        held = set(re.findall(r"BN\d+", str(error)))
        ids = list(
            Claim.objects.filter(id__in=ids).exclude(patient_control_number__in=held).values_list("id", flat=True)
        )
        seconds, text = _rolled_back(export)
    _record_job(
        f"837P export ({len(ids)} claims)",
        seconds,
        round(len(ids) / seconds),
        "5000 in < 10 s",
        seconds * 5000 / max(len(ids), 1) < 10,
        f"{len(text) // 1024} KiB",
    )
    return _jobs


def print_jobs(jobs: list[dict]) -> None:
    for job in jobs:
        rate = "" if job["rate"] is None else job["rate"]
        print(
            f"{job['job']:<38} {job['seconds']:8.2f} {rate!s:>8}  {job['target']:<18} "
            f"{'' if job['met'] is None else 'ok' if job['met'] else 'MISSED'}  {job['note']}"
        )


# --- Comparison with other scales ----------------------------------------------------------------


def compare(scale: float, page_rows: list[dict]) -> None:
    others = sorted(p for p in RESULTS.glob("scale-*.json") if p.stem != f"scale-{scale}")
    for path in others:
        other = json.loads(path.read_text())
        by_key = {(r["role"], r["page"]): r for r in other["pages"]}
        print(f"\nGrowth: this run (scale {scale}) against {path.stem} (ms median, ratio to trivial)")
        for row in page_rows:
            old = by_key.get((row["role"], row["page"]))
            if old:
                print(
                    f"{row['role']:<11} {row['page']:<22} {old['median_ms']:8.1f} ({old['ratio']:5.1f}x) -> "
                    f"{row['median_ms']:8.1f} ({row['ratio']:5.1f}x)"
                )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1, help="1.0 = 50k patients (default 0.1)")
    parser.add_argument("--runs", type=int, default=11, help="timed requests per page")
    parser.add_argument("--sample", type=int, default=1000, help="claims scrubbed for the scrubber rate")
    parser.add_argument("--pages-only", action="store_true")
    parser.add_argument("--jobs-only", action="store_true", help="time the batch jobs, not the pages")
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "the bench measures PostgreSQL"
    generate(args.scale)
    _print_volume()
    page_rows = [] if args.jobs_only else measure_pages(args.runs)
    jobs = [] if args.pages_only else measure_jobs(args.sample)
    print(f"\n{'batch job':<38} {'seconds':>8} {'rate/s':>8}  target")
    print_jobs(_jobs)
    RESULTS.mkdir(exist_ok=True)
    result = {
        "scale": args.scale,
        "measured_at": timezone.now().isoformat(timespec="minutes"),
        "pages": page_rows,
        "jobs": jobs,
    }
    (RESULTS / f"scale-{args.scale}.json").write_text(json.dumps(result, indent=1))
    compare(args.scale, page_rows)


if __name__ == "__main__":
    main()
