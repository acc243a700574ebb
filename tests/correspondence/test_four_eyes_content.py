"""R10: the approval of a letter is bound to its text and recipients as the approver was shown them."""

from django.core import mail
from django.urls import reverse

from bygdevekst.audit.models import ActionLog
from bygdevekst.correspondence.domain.letters import set_recipients
from bygdevekst.correspondence.enums import LetterState

from ..core.shown_form import shown_form_of


def test_R10_recipients_cut_after_the_approver_opened_the_letter_is_refused(client_for, demo, make_letter):
    letter = make_letter(author="kdd")
    kdd2 = client_for("kdd2")
    shown = shown_form_of(kdd2.get(letter.get_absolute_url()).content.decode())
    recipients = [r.organisation for r in letter.recipients.filter(role="recipient").select_related("organisation")]
    assert len(recipients) > 1
    set_recipients(letter, recipients[:1], [])  # the author cuts the address list to one
    mail.outbox.clear()
    refused = kdd2.post(reverse("correspondence:letter_approve", args=[letter.pk]), shown)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert 'id="content-changed"' in page and recipients[1].name in page
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT and letter.registry_entry is None and not mail.outbox
    shown_again = shown_form_of(page)
    assert kdd2.post(reverse("correspondence:letter_approve", args=[letter.pk]),
                     {**shown_again, "confirm": "1"}).status_code == 302
    letter.refresh_from_db()
    assert letter.state == LetterState.SENT
    log = ActionLog.objects.filter(action="correspondence.letter_sent", object_id=str(letter.pk)).latest("pk")
    assert log.data["content_sha256"] == shown_again["shown_sha256"]


def test_R10_approve_without_the_shown_hash_is_refused(client_for, make_letter):
    letter = make_letter(author="kdd")
    assert client_for("kdd2").post(reverse("correspondence:letter_approve", args=[letter.pk])).status_code == 409
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT
