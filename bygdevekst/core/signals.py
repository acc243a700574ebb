"""Domain signals: how one app reacts to another's actions without importing it.

Sent inside the sender's transaction, after the change is saved and logged; receivers that do slow
work (e-mail) enqueue a task instead of doing it inline.
"""

from django.dispatch import Signal

# agreement, action ("submit", "respond", …), from_state, to_state, user, version (or None)
agreement_transitioned = Signal()

# decision (process.AnchoringDecision), user
anchoring_decision_recorded = Signal()

# response (process.StateResponse), user — when the state's response is published
response_published = Signal()

# comment, user
comment_posted = Signal()
