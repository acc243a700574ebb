from .agreement import Agreement, AgreementParty
from .comment import Comment, CommentTarget
from .content import Commitment, FocusArea, Section, SubGoal
from .revision import DraftRevision
from .version import AgreementVersion, FrozenVersionError, VersionDocument

__all__ = [
    "Agreement",
    "AgreementParty",
    "AgreementVersion",
    "Comment",
    "CommentTarget",
    "Commitment",
    "DraftRevision",
    "FocusArea",
    "FrozenVersionError",
    "Section",
    "SubGoal",
    "VersionDocument",
]
