import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _production_env():
    # Only what a production process would have: not the test run's own switches.
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    env["SECRET_KEY"] = "x9$Qv2!mT7#pL4@wZ8^rN1&kB6*cY3(hJ5)dF0_sG-eU+aI=oP"
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL", "sqlite:///unused.sqlite3")
    return env


def test_deploy_check_is_clean_with_the_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
