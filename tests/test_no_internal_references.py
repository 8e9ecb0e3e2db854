"""No page or letter shows the app's internal references: design notes, rule function names."""

from pathlib import Path

import pytest

TEMPLATES = sorted((Path(__file__).resolve().parents[1] / "templates").rglob("*.*"))


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
def test_no_template_shows_design_notes_or_rule_names(template):
    text = template.read_text()
    assert "domain.md" not in text
    assert "finding.rule" not in text
    assert "m.source" not in text
