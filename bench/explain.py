"""EXPLAIN ANALYZE every query one page runs, slowest first: where a page's time goes.

Usage (a bench database, see bench/run.py):
    .venv/bin/python bench/explain.py billing /appeals/ [--top 3] [--search "garcia, ana"]
The role signs in as bench/run.py's user (a provider as the first provider); --search first posts
the patient search text.
"""

import argparse

import common
from django.db import connection
from django.test.utils import CaptureQueriesContext


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("role")
    parser.add_argument("url")
    parser.add_argument("--top", type=int, default=3, help="plans printed (slowest first)")
    parser.add_argument("--search", default=None, help="patient search text posted first")
    args = parser.parse_args()
    client = common.staff_client(args.role)
    if args.role == "provider":  # as bench/run.py: the first provider, with the most open work
        from palliative.models import Provider

        client.force_login(Provider.objects.order_by("id").first().user)
    if args.search is not None:
        client.post("/patients/search/", {"q": args.search})
    client.get(args.url)  # warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(args.url)
    assert response.status_code == 200, response.status_code
    timed = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().lstrip("(").upper().startswith("SELECT"):  # a UNION starts with "("
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
            total = float(plan[-1].split(":")[1].split()[0])
            timed.append((total, sql, plan))
    timed.sort(key=lambda row: -row[0])
    print(f"{len(queries.captured_queries)} queries, {sum(t for t, _, _ in timed):.1f} ms executing in total")
    for total, sql, _plan in timed:
        print(f"{total:8.2f} ms  {sql[:150]}")
    for total, sql, plan in timed[: args.top]:
        print(f"\n--- {total:.2f} ms\n{sql}\n" + "\n".join(plan))


if __name__ == "__main__":
    main()
