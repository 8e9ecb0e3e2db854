"""Billing alone moves a claim's status and money (issue 8): no other module's source does."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITES = re.compile(
    r"claim\w*\.transition_to\("  # moving a claim
    r"|\b(paid|adjusted)_amount\s*[-+]?=(?!=)"  # setting its money
    r"|update\([^)]*\b(paid|adjusted)_amount\b"  # or through a queryset
    r"|claim\w*\.status\s*=(?!=)"
)


def sources_outside_billing():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {"billing", "tests", ".venv", "staticfiles", "var"} or "migrations" in parts:
            continue
        yield path


def test_the_pattern_finds_a_claim_write():
    assert WRITES.search("    claim.paid_amount += data.paid")
    assert WRITES.search("claim.transition_to(Claim.Status.PAID, by=by)")


def test_no_module_outside_billing_moves_a_claim_or_its_money():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources_outside_billing()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if WRITES.search(line)
    ]
    assert offenders == []
