"""Cases and registry entries: numbering, and writing an entry with its parties and documents."""

import hashlib

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from ..enums import CaseStatus, DocumentRole, PartyRole, Variant
from ..models import Case, CorrespondenceParty, DocumentDescription, DocumentObject, RegistryEntry

FIRST_SEQUENCE = 1201  # a ministry's registry is well under way when a programme starts


def _next_sequence(year):
    current = Case.objects.filter(year=year).aggregate(m=Max("sequence"))["m"]
    return (current or FIRST_SEQUENCE - 1) + 1


def case_for_round(round_, responsible=None):
    case = Case.objects.filter(round=round_, pilot__isnull=True).first()
    if case is None:
        case = Case.objects.create(
            year=round_.year, sequence=_next_sequence(round_.year), round=round_, responsible=responsible,
            title=f"Bygdevekstavtaler – {round_.name.lower()}", public_title=f"Bygdevekstavtaler – {round_.name.lower()}",
        )
    return case


def case_for_pilot(pilot, responsible=None):
    case = Case.objects.filter(pilot=pilot).first()
    if case is None:
        year = pilot.round.year
        title = f"Bygdevekstavtale – {pilot.name}"
        case = Case.objects.create(
            year=year, sequence=_next_sequence(year), round=pilot.round, pilot=pilot, responsible=responsible,
            title=title, public_title=title,
        )
    return case


def kdd():
    from bygdevekst.organisations.models import Organisation

    return Organisation.objects.get(org_number="972417858")


JOURNAL_LOCK = 0x4A4E  # advisory-lock namespace for the journal's running number


def _lock_journal(year):
    """Two registrations in the same year must not draw the same journalsekvensnummer: PostgreSQL takes a
    transaction-scoped advisory lock per year (SQLite already writes one transaction at a time)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [JOURNAL_LOCK, year])


@transaction.atomic
def register_entry(
    case, entry_type, title, *, public_title="", document_date=None, sent_received_date=None, senders=(),
    recipients=(), copies=(), access_restriction="", legal_basis="", their_reference="", case_officer=None,
    source="", linked_cases=(), registry_date=None,
):
    """Write one registry entry with its correspondence parties (organisations). Documents follow
    with add_document()."""
    today = timezone.localdate()
    registered = registry_date or today
    if case.status == CaseStatus.CLOSED:
        reopen_case(case)  # a closed case takes no registration: a new one reopens it
    number = (case.entries.aggregate(m=Max("number"))["m"] or 0) + 1
    _lock_journal(registered.year)
    journal = RegistryEntry.objects.filter(journal_year=registered.year).aggregate(m=Max("journal_sequence"))["m"]
    entry = RegistryEntry.objects.create(
        case=case, number=number, journal_year=registered.year, journal_sequence=(journal or 0) + 1, entry_type=entry_type, title=title, public_title=public_title or title,
        registry_date=registered, document_date=document_date or today,
        sent_received_date=sent_received_date, access_restriction=access_restriction, legal_basis=legal_basis,
        their_reference=their_reference, case_officer=case_officer, source=source,
    )
    parties = []
    for role, orgs in ((PartyRole.SENDER, senders), (PartyRole.RECIPIENT, recipients), (PartyRole.COPY_RECIPIENT, copies)):
        for org in orgs:
            party = CorrespondenceParty.from_organisation(org, role, position=len(parties))
            party.entry = entry
            parties.append(party)
    CorrespondenceParty.objects.bulk_create(parties)
    linked = [c for c in linked_cases if c.pk != case.pk]
    if linked:
        entry.linked_cases.set(linked)
    return entry


def add_document(entry, title, content, filename, *, role=DocumentRole.MAIN, written_standard="",
                 variant=Variant.ARCHIVE, file_format="PDF/A-3b", mime_type="application/pdf"):
    """Store a file as a new document description with one document object; returns the object."""
    number = entry.documents.count() + 1
    description = DocumentDescription.objects.create(
        entry=entry, role=role, number=number, title=title, written_standard=written_standard
    )
    sha = hashlib.sha256(content).hexdigest()
    obj = DocumentObject(
        description=description, variant=variant, file_format=file_format, mime_type=mime_type,
        filename=filename, size=len(content), sha256=sha,
    )
    obj.file.save(filename, ContentFile(content), save=False)
    obj.save()
    return obj


def close_case(case, when=None):
    """A case whose matter is settled (the agreement signed) is closed: saksstatus "Avsluttet". It is closed
    no earlier than its last registration (avsluttetDato never before a journalpost's opprettetDato)."""
    if case.status != CaseStatus.CLOSED:
        last = case.entries.aggregate(m=Max("created_at"))["m"]
        closed = when or timezone.now()
        case.status = CaseStatus.CLOSED
        case.closed_at = max(closed, last) if last else closed
        case.save(update_fields=["status", "closed_at"])
    return case


def reopen_case(case):
    """The matter is open again (a registration after closing, a withdrawn signing): "Under behandling"."""
    if case.status == CaseStatus.CLOSED:
        case.status = CaseStatus.OPEN
        case.closed_at = None
        case.save(update_fields=["status", "closed_at"])
    return case


def add_object_version(description, content, filename, *, variant=Variant.ARCHIVE, file_format="PDF/A-3b",
                       mime_type="application/pdf"):
    """A new version of a registered document beside the earlier ones (Noark: versjonsnummer + 1). What
    was registered stays, with its checksum; nothing is replaced."""
    latest = description.document_objects.order_by("-version").values_list("version", flat=True).first() or 0
    sha = hashlib.sha256(content).hexdigest()
    obj = DocumentObject(
        description=description, version=latest + 1, variant=variant, file_format=file_format, mime_type=mime_type,
        filename=filename, size=len(content), sha256=sha,
    )
    obj.file.save(filename, ContentFile(content), save=False)
    obj.save()
    return obj
