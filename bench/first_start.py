"""How long a new user waits for the first page: `bin/start` from a clean clone to the login page.

Usage:
    .venv/bin/python bench/first_start.py [COMMIT ...] [--runs 3]

For each commit (default: HEAD) it clones this repository into a temporary folder, links this
checkout's `.venv` (so pip is not timed: its stamp for that commit's requirements is made, the
virtualenv must already hold what they ask for), runs `bin/start` on a free port and prints the
seconds until the "is starting" line (migrate + seed done) and until the login page answers
200, plus the CPU seconds the children used. Commits are measured interleaved, run after run,
so a busy machine weighs on each alike. It is not a test.
"""

import argparse
import hashlib
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clone(commit: str, into: Path) -> None:
    subprocess.run(["git", "clone", "-q", str(ROOT), str(into)], check=True)
    subprocess.run(["git", "-C", str(into), "checkout", "-q", commit], check=True)
    venv = (ROOT / ".venv").resolve()
    (into / ".venv").symlink_to(venv)
    # bin/_venv.sh skips pip when this stamp exists (the hash of the clone's requirements files).
    requirements = b"".join(path.read_bytes() for path in sorted(into.glob("requirements*.txt")))
    stamp = f".installed-{hashlib.sha256(requirements).hexdigest()[:16]}-requirements.txt"
    (venv / stamp).touch()


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def start_once(commit: str) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory(prefix="first-start-") as folder:
        checkout = Path(folder) / "app"
        clone(commit, checkout)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
        env["PORT"] = str(port)
        cpu_before = children_cpu()
        began = time.perf_counter()
        server = subprocess.Popen(
            ["bash", "bin/start"],
            cwd=checkout,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        ready = None
        try:
            for line in server.stdout:
                if "is starting at" in line:
                    ready = time.perf_counter() - began
                    break
            if ready is None:
                raise SystemExit(f"{commit}: bin/start ended without starting the server")
            url = f"http://127.0.0.1:{port}/login/"
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=5) as response:
                        if response.status == 200:
                            break
                except urllib.error.HTTPError as error:
                    raise SystemExit(f"{commit}: {url} answered {error.code}") from error
                except OSError:
                    time.sleep(0.1)
            first_page = time.perf_counter() - began
        finally:
            os.killpg(server.pid, 15)
            server.wait()
        return ready, first_page, children_cpu() - cpu_before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commits", nargs="*", default=["HEAD"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("git"):
        sys.exit("git is needed")
    figures = {commit: [] for commit in args.commits}
    for run in range(1, args.runs + 1):
        for commit in args.commits:
            ready, first_page, cpu = start_once(commit)
            figures[commit].append((ready, first_page, cpu))
            print(
                f"run {run} {commit[:10]:>10}: started {ready:5.1f} s, login page {first_page:5.1f} s, CPU {cpu:5.1f} s"
            )
    print()
    print(f"{'commit':>10}  {'median to login page':>20}  {'median CPU':>10}")
    for commit, rows in figures.items():
        print(
            f"{commit[:10]:>10}  {statistics.median(r[1] for r in rows):18.1f} s  {statistics.median(r[2] for r in rows):8.1f} s"
        )


if __name__ == "__main__":
    main()
