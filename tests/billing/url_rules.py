"""Which roles may open each page of the billing app (merged into tests/test_url_permissions.py)."""

from palliative.models import Role  # noqa: F401

EXPECTED: dict[str, set[str]] = {}
