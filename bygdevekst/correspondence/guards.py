"""The conditions on a letter's state, each declared once: the domain (letters.approve_and_send) checks them, the
permission table combines them with roles, and the letter page lists their reasons."""

from django.utils.translation import gettext_lazy as _

from bygdevekst.core.guards import Guard

from .enums import LetterState, PartyRole

letter_is_draft = Guard(lambda letter: letter.state == LetterState.DRAFT,
                        _("The letter has already been approved and sent."), name="letter_is_draft")
not_letter_author = Guard(lambda letter, user: getattr(user, "pk", None) != letter.created_by_id,
                          _("You wrote this letter: a second person must approve it (four eyes)."),
                          name="not_letter_author")
has_recipients = Guard(lambda letter: letter.recipients.filter(role=PartyRole.RECIPIENT).exists(),
                       _("The letter has no recipients."), name="has_recipients")
has_signatories = Guard(lambda letter: letter.signatories.exists(),
                        _("The letter has no signatories."), name="has_signatories")

# What must hold before a letter is approved and sent; the letter page lists the reasons of those that do not.
APPROVAL = (letter_is_draft, not_letter_author, has_recipients, has_signatories)
