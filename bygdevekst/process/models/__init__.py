from .anchoring import AnchoringDecision, AnchoringException
from .confirmations import CountyCommitmentConfirmation, PartnerConfirmation
from .records import RecordStatus
from .response import PublishedResponseError, ResponseItem, StateResponse
from .signing import Addendum, ReminderSent, Signatory, Signing

__all__ = [
    "Addendum",
    "AnchoringDecision",
    "AnchoringException",
    "CountyCommitmentConfirmation",
    "PartnerConfirmation",
    "PublishedResponseError",
    "RecordStatus",
    "ReminderSent",
    "ResponseItem",
    "Signatory",
    "Signing",
    "StateResponse",
]
