"""Run as a script on a demo database: signs in as each demo role and opens every page
reachable by links from its home page (GET only; exports, downloads, PDFs and Django's admin
left out), printing each page that answers 5xx. Used by test_demo_on_sqlite.py to prove
bin/start's embedded SQLite default serves every page.

`demo_walk.py --seed LIMIT` first runs what bin/start runs, `manage.py seed_demo --migrate`,
in this process (one Python and Django start-up instead of two), and prints its output."""

import os
import re
import sys
from pathlib import Path
from urllib.parse import urldefrag

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from palliative.models import User  # noqa: E402

LINK = re.compile(r'href="(/[^"]*)"')
SKIP = ("/static/", "/logout", "/admin/", "/media/")
LOGINS = ("frontdesk", "dr.reyes", "billing", "admin")


def walk(login: str, limit: int) -> tuple[int, list[str]]:
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=login))
    seen, queue, failures = set(), ["/"], []
    while queue and len(seen) < limit:
        url = urldefrag(queue.pop(0))[0]
        if url in seen or url.startswith(SKIP) or any(word in url for word in ("export", "download", ".pdf")):
            continue
        seen.add(url)
        response = client.get(url)
        if url == "/" and response.status_code != 200:
            failures.append(f"{login} home page answered {response.status_code}")
        if response.status_code >= 500:
            failures.append(f"{login} {url} {response.status_code}")
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            queue += [link.replace("&amp;", "&") for link in LINK.findall(response.content.decode())]
    return len(seen), failures


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--seed"]:
        from django.core.management import call_command

        call_command("seed_demo", migrate=True)  # as bin/start runs it, before the test environment
        args = args[1:]
    setup_test_environment()  # the test client's host name, and email kept in memory
    limit = int(args[0]) if args else 200
    every_failure = []
    for login in LOGINS:
        pages, failures = walk(login, limit)
        print(f"{login}: {pages} pages, {len(failures)} failed")
        every_failure += failures
    print("\n".join(every_failure))
    sys.exit(1 if every_failure else 0)
