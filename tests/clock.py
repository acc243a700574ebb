"""Today's date for tests that take the process's steps now (approvals and signings cannot be dated before the
steps they follow, nor in the future). Asked when a step is taken, never kept from the start of a module or a
test: a run that passes midnight in Oslo must not date a decision the day before the text it approves."""

from django.utils import timezone


def today():
    """Today in Oslo."""
    return timezone.localdate()


def today_iso():
    """Today in Oslo as a form or the API takes it (YYYY-MM-DD)."""
    return today().isoformat()
