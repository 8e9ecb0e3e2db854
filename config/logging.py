"""Log filters for the settings' LOGGING."""

import logging


class DeniedWithoutTraceback(logging.Filter):
    """A 403 is the permission gate doing its job: one line (who asked for what), not a traceback.

    Django's `django.request` logger attaches the PermissionDenied traceback to every 403 at
    WARNING; this keeps the line and drops the traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
