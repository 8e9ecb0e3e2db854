"""No reminder is lost when workers die: 150 due reminders, the worker's child killed with
SIGKILL part-way, then the whole worker killed; every reminder goes out, and the repeats are
no more than the kills (one per crash between the mail server's acceptance and the commit)."""

import os
import re
import signal
import subprocess
import sys
import uuid
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from letters.tasks import send_letter_reminders
from palliative.models import Notification

from ..factories import PatientFactory, PayerFactory, ProviderFactory, UserFactory
from ..letters.factories import LetterFactory
from .conftest import ROOT
from .helpers import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

REMINDERS = 150
VISIBILITY_TIMEOUT = 5  # seconds; production waits ten minutes (settings: CELERY_VISIBILITY_TIMEOUT)


def _start_prefork(worker, mail_dir):
    """A prefork worker with one child, in its own process group so the whole of it can be killed."""
    worker.env.update({"EMAIL_URL": f"filemail:///{mail_dir}", "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)})
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=1",
        "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
        "-n", f"kill-{uuid.uuid4().hex[:8]}@%h",
    ]  # fmt: skip
    with worker.log_path.open("a") as log:
        worker.process = subprocess.Popen(
            command, cwd=ROOT, env=worker.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    wait_for(lambda: worker.output().count("ready.") >= 1 + worker.output().count("[killed]"), timeout=90)
    return worker


def _subjects(mail_dir) -> list[str]:
    subjects = []
    for path in mail_dir.iterdir():
        subjects += re.findall(r"^Subject: (.+)$", path.read_text(errors="replace"), flags=re.MULTILINE)
    return subjects


def _child_pid(pid: int) -> int:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return int(out[0]) if out else 0


def test_killed_workers_lose_no_reminder_and_repeat_at_most_once_per_kill(celery_worker_factory, tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    provider, patient, payer, staff = ProviderFactory(), PatientFactory(), PayerFactory(), UserFactory()
    waiting_since = timezone.localdate() - timedelta(days=3)
    for _ in range(REMINDERS):
        LetterFactory(
            provider=provider, patient=patient, payer=payer, created_by=staff, awaiting_signature_since=waiting_since
        )

    worker = _start_prefork(celery_worker_factory(), mail_dir)
    send_letter_reminders.delay()

    # Kill 1: the child running the task, a third of the way through.
    wait_for(lambda: len(_subjects(mail_dir)) >= REMINDERS // 3, timeout=120, interval=0.02)
    os.kill(_child_pid(worker.process.pid), signal.SIGKILL)
    at_first_kill = len(_subjects(mail_dir))

    # Kill 2: the whole worker (main process and child), two thirds of the way through.
    wait_for(lambda: len(_subjects(mail_dir)) >= 2 * REMINDERS // 3, timeout=120, interval=0.02)
    os.killpg(worker.process.pid, signal.SIGKILL)
    worker.process.wait()
    at_second_kill = len(_subjects(mail_dir))
    assert at_first_kill < at_second_kill < REMINDERS, "the kills must fall in the middle of the run"
    with worker.log_path.open("a") as log:
        log.write("[killed]\n")

    # A new worker takes the task back once the visibility timeout has passed.
    _start_prefork(worker, mail_dir)
    wait_for(
        lambda: Notification.objects.filter(sent_at__isnull=False).count() == REMINDERS, timeout=300, interval=0.25
    )

    sent = Counter(_subjects(mail_dir))
    assert len(sent) == REMINDERS, "every reminder was sent"
    repeats = sum(sent.values()) - REMINDERS
    assert repeats <= 2, f"{repeats} repeats for 2 kills"
