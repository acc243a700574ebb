"""The conditions on an agreement's state, each declared once: the domain functions check them, the permission
table (access/permissions.py) combines them with roles, and the pages show their reasons."""

from django.utils.translation import gettext_lazy as _

from bygdevekst.core.guards import Guard

from .enums import AgreementState

# The text may change while drafting and during the dialogue on the final wording (named versions too).
EDITABLE_STATES = (AgreementState.DRAFT, AgreementState.IN_DIALOGUE)


def agreement_of(obj):
    """The agreement an object belongs to: the agreement itself, or anything with `.agreement`."""
    from .models import Agreement

    return obj if isinstance(obj, Agreement) else getattr(obj, "agreement", None)


def _state(obj):
    agreement = agreement_of(obj)
    return agreement.state if agreement is not None else None


is_draft = Guard(
    lambda obj: _state(obj) == AgreementState.DRAFT,
    _("This can only be done while the agreement is a draft."), name="is_draft",
)
# Until the final text is agreed, commitments can still change (in the draft, and in the dialogue) and a county
# council's flagged commitment can still be confirmed (R3 holds at every step after submission).
BEFORE_AGREED_STATES = (AgreementState.DRAFT, AgreementState.SUBMITTED, AgreementState.RESPONDED,
                        AgreementState.IN_DIALOGUE)
before_agreed = Guard(
    lambda obj: _state(obj) in BEFORE_AGREED_STATES,
    _("This can only be done before the final text is agreed."), name="before_agreed",
)
text_is_editable = Guard(
    lambda obj: _state(obj) in EDITABLE_STATES,
    _("The text can only change while the agreement is a draft or in dialogue on the final text."),
    name="text_is_editable",
)


def _has_no_agreement(pilot):
    from .models import Agreement

    pilot_id = getattr(pilot, "pilot_id", None) or pilot.pk
    return not Agreement.objects.filter(pilot_id=pilot_id).exists()


pilot_has_no_agreement = Guard(_has_no_agreement, _("The pilot already has an agreement."),
                               name="pilot_has_no_agreement")
