from .case import Case, CorrespondenceParty, DocumentDescription, DocumentObject, RegistryEntry
from .letter import Delivery, Letter, LetterRecipient, Signatory

__all__ = [
    "Case", "CorrespondenceParty", "Delivery", "DocumentDescription", "DocumentObject", "Letter",
    "LetterRecipient", "RegistryEntry", "Signatory",
]
