"""Domain signals: how one app reacts to another's actions without importing it.

Sent inside the sender's transaction, after the change is saved and logged; receivers that do slow
work (e-mail) enqueue a task instead of doing it inline.
"""

import functools
import logging

from django.db import transaction
from django.dispatch import Signal

# agreement, action ("submit", "respond", …), from_state, to_state, user, version (or None)
agreement_transitioned = Signal()

# agreement, signing (process.Signing), user — when the signing of an approved agreement is recorded
agreement_signed = Signal()

# decision (process.AnchoringDecision), user
anchoring_decision_recorded = Signal()

# response (process.StateResponse), user — when the state's response is published
response_published = Signal()

# comment, user
comment_posted = Signal()

# kind ("decision", "exception", "partner-confirmation", "county-confirmation", "signing"), old, new (or None),
# status ("corrected" / "withdrawn"), reason, user — a recorded fact was corrected or withdrawn (R9)
record_corrected = Signal()

# meeting (meetings.Meeting), documents (list of dicts: title, content, filename, file_format, mime_type,
# variant — the PDF/A first), user, source (the key the registry entry is found by again: the meeting page
# shows where its minutes are registered) — the minutes are put on record (the case log registers them)
meeting_minutes_registered = Signal()


# plan, measures (saved by bulk statements, so without post_save: an import), user — each is to be treated as saved
measures_saved = Signal()


def in_savepoint(receiver):
    """Run a receiver in its own savepoint and log instead of raising. Receivers run inside the sender's
    transaction, and a side effect (a notification, a registry entry) must never undo the action itself."""

    @functools.wraps(receiver)
    def wrapper(*args, **kwargs):
        try:
            with transaction.atomic():
                return receiver(*args, **kwargs)
        except Exception:  # noqa: BLE001  see the docstring
            logging.getLogger(receiver.__module__).exception("receiver %s failed", receiver.__name__)
            return None

    return wrapper
