"""Runs pyx12's validator on 837P text (the `x12valid` exit code is useless, see stack.md)."""

import io
import json
import tempfile

import pyx12.params
import pyx12.x12n_document


def validate(text: str) -> tuple[bool, list]:
    with tempfile.NamedTemporaryFile("w", suffix=".x12") as handle:
        handle.write(text)
        handle.flush()
        report = io.StringIO()
        ok = pyx12.x12n_document.x12n_document(
            param=pyx12.params.params(), src_file=handle.name, fd_997=io.StringIO(), fd_html=None, fd_json=report
        )
    errors = []
    for interchange in json.loads(report.getvalue() or '{"interchanges": []}')["interchanges"]:
        errors += interchange["errors"]
        for group in interchange["groups"]:
            errors += group["errors"]
            for transaction in group["transactions"]:
                errors += transaction["errors"] + transaction["segments"]
    return ok, errors
