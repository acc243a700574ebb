"""A refused request is not a fault in the code: Django logs a 403 (PermissionDenied) with the exception's stack
trace, which fills the log with noise on every probe. Keep the line ("Forbidden (Permission denied): /path"),
drop the trace."""

import logging


class ForbiddenWithoutTraceback(logging.Filter):
    def filter(self, record):
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
