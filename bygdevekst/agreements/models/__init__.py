from .agreement import Agreement, AgreementParty
from .content import Commitment, FocusArea, Section, SubGoal
from .version import AgreementVersion, FrozenVersionError

__all__ = [
    "Agreement",
    "AgreementParty",
    "AgreementVersion",
    "Commitment",
    "FocusArea",
    "FrozenVersionError",
    "Section",
    "SubGoal",
]
