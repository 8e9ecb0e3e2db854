"""The appeals app's own domain error."""

from palliative.errors import DomainError


class AppealError(DomainError):
    """A request the rules refuse, worded for the billing clerk."""
