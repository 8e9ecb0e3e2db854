"""bin/start's embedded default is SQLite: the demo must migrate, seed and serve every page a
role reaches from its home page there, not only on the PostgreSQL the rest of the suite uses
(PostgreSQL-only SQL such as date + integer or percentile_cont once made the front-desk home,
the letters worklist and the billing dashboard answer 500 on the demo)."""

import os
import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.integration


def _run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_the_sqlite_demo_serves_every_page_each_role_reaches(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL"}}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", DEBUG="true", CELERY_TASK_ALWAYS_EAGER="true")
    # `seed_demo --migrate` as bin/start runs it, then the walk, in one process
    walk = _run(["tests/integration/demo_walk.py", "--seed", "40"], env)
    assert walk.returncode == 0, walk.stdout[-3000:] + walk.stderr[-3000:]
    assert "Demo practice loaded" in walk.stdout
    assert "frontdesk: 40 pages" in walk.stdout
