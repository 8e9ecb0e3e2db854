"""Templates ask the model (`claim.is_correctable`, `denial.needs_lmn`, `lmn.status_badge`)
instead of comparing a record's status, route or code with a string: the rule stays in one
place (issue 8, "one home per rule")."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# `x.status == "..."`, `x.route == '...'`, `x.carc == "29"`, `x.payer.payer_type == "medicare"`...
COMPARISON = re.compile(r"\.(status|\w+_status|route|answer|carc|payer_type)\s*(==|!=)\s*['\"]")


def test_no_template_compares_a_records_state_with_a_string():
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:120]}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if COMPARISON.search(line)
    ]
    assert not found, "\n".join(found)
