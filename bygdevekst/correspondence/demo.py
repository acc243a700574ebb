"""Demo: the seed letter as the first outgoing entry of round 2 (its text, address list and copy list
as in the original; case officer and signatories are demo users named by role), and a few more."""

import datetime

from django.utils import timezone

from bygdevekst.core.shown import content_hash
from bygdevekst.organisations.models import Organisation

from .demo_letter import BODY, SIGNATORIES, TITLE
from .domain.cases import add_document, case_for_pilot, case_for_round, kdd, register_entry
from .domain.letters import approve_and_send, compose, letter_content
from .domain.pdf import render_text_pdf
from .enums import DeliveryStatus, EntryType
from .models import Letter, RegistryEntry

LETTER_DATE = datetime.date(2024, 10, 10)


def _seed_letter(ctx):
    round2, users = ctx["round2"], ctx["users"]
    if Letter.objects.filter(round=round2, title=TITLE).exists():
        return
    case_for_round(round2, users["kdd"])
    for pilot in round2.pilots.order_by("name"):
        case_for_pilot(pilot, users["kdd"])
    letter = compose(round_=round2, pilot=None, author=users["kdd"], title=TITLE, body=BODY,
                     case_officer=users["kdd"], case_officer_phone="22 24 90 90", signatories=SIGNATORIES)
    letter = approve_and_send(letter, users["kdd2"], shown_sha256=content_hash(letter_content(letter)), today=LETTER_DATE,
                             enqueue=False)
    sent_at = timezone.make_aware(datetime.datetime.combine(LETTER_DATE, datetime.time(14, 0)))
    letter.deliveries.filter(status=DeliveryStatus.PENDING).update(status=DeliveryStatus.SENT, attempts=1, sent_at=sent_at)


def _more_entries(ctx):
    if RegistryEntry.objects.filter(source__startswith="demo:").exists():
        return
    round2, users = ctx["round2"], ctx["users"]
    ministry = kdd()
    note = register_entry(
        case_for_round(round2), EntryType.INTERNAL_NOTE, "Oppsummering av de politiske møtene i Oslo",
        public_title="Notat om politiske møter – pulje 2", access_restriction="Unntatt offentlighet",
        legal_basis="Offl. § 14", case_officer=users["kdd"], source="demo:note", registry_date=datetime.date(2024, 10, 2),
        document_date=datetime.date(2024, 10, 2),
    )
    add_document(note, "Notat", render_text_pdf("Oppsummering av de politiske møtene i Oslo", [
        ("p", "Pilotene fikk signaler om handlingsrom og prioriteringer frem mot avtaleforslaget 29. november."),
    ], sender=ministry), "notat.pdf")
    trysil = ctx["round2_pilots"]["Trysil-regionen"]
    innlandet = Organisation.objects.get(name="Innlandet fylkeskommune")
    question = register_entry(
        case_for_pilot(trysil), EntryType.INCOMING, "Spørsmål om fylkeskommunens rolle som samarbeidspart",
        senders=[innlandet], recipients=[ministry], case_officer=users["kdd"], source="demo:question",
        registry_date=datetime.date(2024, 10, 21), document_date=datetime.date(2024, 10, 18),
        sent_received_date=datetime.date(2024, 10, 21),
    )
    add_document(question, "Spørsmål om fylkeskommunens rolle", render_text_pdf(
        "Spørsmål om fylkeskommunens rolle som samarbeidspart", [
            ("p", "Innlandet fylkeskommune ber om en avklaring av hva rollen som samarbeidspart under enkelte delmål "
                  "innebærer for den politiske forankringen."),
        ], sender=innlandet), "sporsmal.pdf")


def load(ctx):
    _seed_letter(ctx)
    _more_entries(ctx)
