"""Letters: the address list (R8), composing, and the one transition — approve and send (four eyes)."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from bygdevekst.agreements.enums import CountyRole
from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Stale, check_all
from bygdevekst.core.shown import check_shown

from ..enums import DeliveryStatus, DocumentRole, EntryStatus, EntryType, LetterState, PartyRole
from ..guards import APPROVAL
from ..models import Delivery, Letter, LetterRecipient
from ..transports import configured_transports
from .cases import add_document, case_for_pilot, case_for_round, kdd, register_entry
from .pdf import render_letter_pdf


def _pilots(round_, pilot):
    from bygdevekst.programme.models import Pilot

    if pilot is not None:
        return [pilot]
    return list(
        Pilot.objects.filter(round=round_).select_related(
            "lead_municipality", "county_council", "state_administrator", "agreement"
        )
    )


def address_list(round_, pilot=None):
    """R8: (recipients, copy recipients) as Organisations, each sorted by name. Recipients are each
    pilot's addressed municipality and its county council unless the agreement leaves the county
    council out; copies go to the pilots' state administrators."""
    recipients, copies = {}, {}
    for p in _pilots(round_, pilot):
        recipients[p.lead_municipality_id] = p.lead_municipality
        agreement = getattr(p, "agreement", None)
        if agreement is None or agreement.county_role != CountyRole.NOT_PARTY:
            recipients[p.county_council_id] = p.county_council
        copies[p.state_administrator_id] = p.state_administrator
    by_name = lambda orgs: sorted(orgs.values(), key=lambda o: o.name)  # noqa: E731
    return by_name(recipients), by_name(copies)


@transaction.atomic
def compose(*, round_, pilot, author, title, body, body_nn="", their_reference="", case_officer=None,
            case_officer_phone="", signatories=(), request=None):
    letter = Letter.objects.create(
        round=round_, pilot=pilot, title=title, body=body, body_nn=body_nn, their_reference=their_reference,
        case_officer=case_officer or author, case_officer_phone=case_officer_phone, created_by=author,
    )
    for position, (name, job_title, on_behalf) in enumerate(signatories):
        letter.signatories.create(name=name, title=job_title, on_behalf=on_behalf, position=position)
    recipients, copies = address_list(round_, pilot)
    set_recipients(letter, recipients, copies)
    log_action("correspondence.letter_composed", actor=author, obj=letter, request=request,
               data={"title": title, "recipients": len(recipients), "copies": len(copies)})
    return letter


def set_recipients(letter, recipients, copies):
    letter.recipients.all().delete()
    LetterRecipient.objects.bulk_create(
        [LetterRecipient(letter=letter, organisation=o, role=PartyRole.RECIPIENT) for o in recipients]
        + [LetterRecipient(letter=letter, organisation=o, role=PartyRole.COPY_RECIPIENT)
           for o in copies if o not in recipients]
    )


def change_recipients(letter, recipients, copies, *, lock_version, actor, request=None):
    """A draft's address list as the composer chose it (the letter's edit page and the API): under the
    letter's optimistic lock (`Stale`, nothing saved, when someone saved first), logged with before/after."""
    from ..guards import letter_is_draft

    with transaction.atomic():
        current = Letter.objects.select_for_update().get(pk=letter.pk)
        letter_is_draft.check(current)
        if current.lock_version != lock_version:
            raise Stale(lock_version, current.lock_version)
        rows = list(current.recipients.select_related("organisation"))
        before = {"recipients": [r.organisation.name for r in rows if r.role == PartyRole.RECIPIENT],
                  "copies": [r.organisation.name for r in rows if r.role == PartyRole.COPY_RECIPIENT]}
        set_recipients(current, recipients, copies)
        current.lock_version += 1
        current.save(update_fields=["lock_version"])
        log_action("correspondence.recipients_changed", actor=actor, obj=current, request=request,
                   data={"before": before, "after": {"recipients": [o.name for o in recipients],
                                                     "copies": [o.name for o in copies]}})
    return current


def _standard_for(org, has_nynorsk):
    return "nn" if has_nynorsk and org.written_standard == "nn" else "nb"


# What the approver is shown, field by field (R10): the labels name the fields when they changed.
CONTENT_LABELS = {
    "title": gettext_lazy("Title"), "body": gettext_lazy("Text (Bokmål)"), "body_nn": gettext_lazy("Text (Nynorsk)"),
    "their_reference": gettext_lazy("Their reference"), "case_officer": gettext_lazy("Case officer"),
    "signatories": gettext_lazy("Signatories"), "recipients": gettext_lazy("Recipients"),
    "copies": gettext_lazy("Copy recipients"),
}


def letter_content(letter):
    """The letter as the approver sees it — text, signatories, recipients — for its hash (R10)."""
    rows = list(letter.recipients.select_related("organisation").order_by("organisation__name"))
    return {
        "title": letter.title, "body": letter.body, "body_nn": letter.body_nn,
        "their_reference": letter.their_reference,
        "case_officer": f"{letter.case_officer} {letter.case_officer_phone}".strip(),
        "signatories": [f"{s.name}, {s.title}" for s in letter.signatories.all()],
        "recipients": [r.organisation.name for r in rows if r.role == PartyRole.RECIPIENT],
        "copies": [r.organisation.name for r in rows if r.role == PartyRole.COPY_RECIPIENT],
    }


def approve_and_send(letter, user, request=None, *, shown_sha256, shown_content="", today=None, enqueue=True):
    """Four eyes: a second KDD user approves. Then, in one transaction: register the outgoing entry in
    the case (linked from each pilot's case), write the PDF/A per written standard, and queue one
    delivery per recipient and copy recipient. The deliveries run as background tasks."""
    from .. import tasks

    check_all(letter, *APPROVAL, user=user)  # checked again under the lock; here it spares the look-ups below
    # Each recipient's address is looked up before the transaction: a transport may ask over the network (eFormidling's
    # capability lookup), which must never hold the letter's lock or the database's write lock while it waits.
    addresses = delivery_addresses(r.organisation for r in letter.recipients.select_related("organisation"))
    with transaction.atomic():
        # Lock only the letter row: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
        letter = Letter.objects.select_for_update(of=("self",)).select_related("round", "pilot", "case_officer").get(
            pk=letter.pk)
        check_all(letter, *APPROVAL, user=user)
        approved_sha256 = check_shown(letter_content(letter), shown_sha256, CONTENT_LABELS, shown_content)
        today = today or timezone.localdate()
        if letter.pilot is not None:
            case, linked = case_for_pilot(letter.pilot, letter.case_officer), []
        else:
            case = case_for_round(letter.round, letter.case_officer)
            linked = [case_for_pilot(p, letter.case_officer) for p in _pilots(letter.round, None)]
        rows = list(letter.recipients.select_related("organisation"))
        recipients = [r.organisation for r in rows if r.role == PartyRole.RECIPIENT]
        copies = [r.organisation for r in rows if r.role == PartyRole.COPY_RECIPIENT]
        entry = register_entry(
            case, EntryType.OUTGOING, letter.title, document_date=today, sent_received_date=today,
            recipients=recipients, copies=copies, their_reference=letter.their_reference,
            case_officer=letter.case_officer, linked_cases=linked, source=f"letter:{letter.pk}", registry_date=today,
        )
        entry.status = EntryStatus.DISPATCHED
        entry.save(update_fields=["status"])
        letter.state = LetterState.SENT
        letter.approved_by = user
        letter.approved_at = timezone.now()
        letter.letter_date = today
        letter.registry_entry = entry
        letter.lock_version += 1
        letter.save()
        documents = write_documents(letter, entry, recipients, copies)
        deliveries = plan_deliveries(letter, rows, documents, addresses)
        log_action(
            "correspondence.letter_sent", actor=user, obj=letter, request=request,
            data={"before": {"state": LetterState.DRAFT}, "after": {"state": LetterState.SENT},
                  "entry": entry.reference, "deliveries": len(deliveries), "content_sha256": approved_sha256,
                  "documents": {std: doc.sha256 for std, doc in documents.items()}},
        )
        for delivery in deliveries if enqueue else ():
            if delivery.status == DeliveryStatus.PENDING:
                tasks.deliver.enqueue(delivery.pk)
    return letter


def write_documents(letter, entry, recipients, copies):
    """One main document per written standard in use; returns {standard: DocumentObject}."""
    has_nynorsk = bool(letter.body_nn.strip())
    standards = ["nb"]
    if has_nynorsk:
        standards.append("nn")
    sender = kdd()
    signatories = list(letter.signatories.all())
    documents = {}
    for standard in standards:
        content = render_letter_pdf(
            letter, sender=sender, reference=entry.reference, standard=standard, recipients=recipients,
            copies=copies, signatories=signatories, letter_date=letter.letter_date,
        )
        suffix = "-nynorsk" if standard == "nn" else ""
        filename = f"{slugify(letter.title)[:60] or 'brev'}{suffix}.pdf"
        title = letter.title + (" (nynorsk)" if standard == "nn" else "")
        documents[standard] = add_document(entry, title, content, filename, role=DocumentRole.MAIN,
                                           written_standard=standard)
    return documents


def delivery_addresses(organisations):
    """{organisation id: (transport name, address)}: the first configured transport that can reach each."""
    transports = configured_transports()
    found = {}
    for org in organisations:
        for transport in transports:
            address = transport.address_for(org)
            if address:
                found[org.pk] = (transport.name, address)
                break
    return found


def plan_deliveries(letter, rows, documents, addresses):
    """One delivery per recipient row, by the addresses looked up before the transaction (a recipient added since
    is looked up now)."""
    has_nynorsk = "nn" in documents
    missing = [row.organisation for row in rows if row.organisation_id not in addresses]
    addresses = {**addresses, **(delivery_addresses(missing) if missing else {})}
    deliveries = []
    for row in rows:
        org = row.organisation
        document = documents[_standard_for(org, has_nynorsk)]
        delivery = Delivery(letter=letter, organisation=org, role=row.role, document=document,
                            status=DeliveryStatus.NO_ADDRESS)
        if org.pk in addresses:
            delivery.transport, delivery.address = addresses[org.pk]
            delivery.status = DeliveryStatus.PENDING
        deliveries.append(delivery)
    return Delivery.objects.bulk_create(deliveries)
