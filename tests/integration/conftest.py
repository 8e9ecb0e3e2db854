"""Real services for the integration tests: a Celery worker process on Redis and the test
PostgreSQL database, and Debian's Chromium driven by Playwright.

These tests fail, never skip, when a service is missing: CI must not pass without them.
"""

import os
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

from .helpers import wait_for

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("Integration tests need PostgreSQL: set DATABASE_URL=postgres://... (bin/test does).")
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _redis_url() -> str:
    """REDIS_URL, with its database number moved up by the pytest-xdist worker's index: bin/test
    runs a worker per core, and each one's Celery workers must take only its own tasks."""
    url = settings.REDIS_URL
    if not url:
        pytest.fail("Integration tests need Redis: set REDIS_URL=redis://127.0.0.1:6379/0 (bin/test does).")
    index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    if index:
        parts = urlsplit(url)
        database = int(parts.path.strip("/") or 0) + index
        url = urlunsplit(parts._replace(path=f"/{database}"))
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis is not reachable at {url} ({error}); start it: redis-server --daemonize yes")
    return url


class WorkerProcess:
    """A `celery worker` subprocess; `start()` waits until it is ready to consume."""

    def __init__(self, database_url: str, redis_url: str):
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_BROKER_POLL_SECONDS": "0.1",  # stops in 0.2 s instead of 0.6-1.2 s
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        handle, path = tempfile.mkstemp(prefix="celery-worker-", suffix=".log")
        os.close(handle)
        self.log_path = Path(path)
        self.process = None

    def start(self):
        name = f"test-{uuid.uuid4().hex[:8]}@%h"
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            name,
        ]
        with self.log_path.open("w") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)

        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"the Celery worker exited early:\n{self.output()}")
            return "ready." in self.output()

        wait_for(ready, timeout=60)
        return self

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def celery_not_eager():
    """Queue tasks on the real broker (this pytest worker's Redis database) instead of running
    them in the test process. The app's pooled broker connections are dropped before and after,
    as Celery drops them after a fork, so none made for another address is reused."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = _redis_url()
    celery_app._after_fork()
    yield celery_app
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = previous
    celery_app._after_fork()


@pytest.fixture
def celery_worker_factory(transactional_db, celery_not_eager):
    """Make (not yet started) worker processes; every one is stopped at the end of the test."""
    redis_url = _redis_url()
    redis.Redis.from_url(redis_url).delete("celery")  # tasks left over by an earlier run
    database_url = _database_url()
    workers = []

    def make() -> WorkerProcess:
        worker = WorkerProcess(database_url, redis_url)
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.stop()


@pytest.fixture
def celery_worker_process(celery_worker_factory):
    """A real Celery worker consuming from Redis and writing to the test database."""
    return celery_worker_factory().start()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser tests need Debian's chromium at {CHROMIUM}: apt-get install chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _django_allow_async_unsafe():
    """Playwright's sync API keeps an event loop running in the test thread from the first
    browser test on (the database is set up after it starts), so Django's async-safety check
    must be told the ORM calls here are synchronous and safe."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture
def browser_ready(settings, live_server):
    """Settings for a browser on plain http://localhost. The test server serves static files
    from their source folders, which know no manifest-hashed names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return live_server
