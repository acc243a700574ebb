"""The archive hand-over package: the PDF/A files plus Noark 5 metadata as `arkivmelding.xml`
(saksmappe → journalpost → dokumentbeskrivelse → dokumentobjekt, korrespondansepart), valid against
eFormidling's official `arkivmelding.xsd` (shipped unchanged in correspondence/schema/eformidling/).
What the official schema has no element for (checksums, file sizes and formats, the parties'
organisation numbers) travels in `virksomhetsspesifikkeMetadata`. See docs/archive-package.md."""

import datetime
import functools
import hashlib
import io
import uuid
import zipfile
from itertools import groupby
from pathlib import Path

from django.utils import timezone
from lxml import etree

from ..enums import CaseStatus, DocumentRole, EntryStatus, EntryType, PartyRole, Variant

NS = "http://www.arkivverket.no/standarder/noark5/arkivmelding"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
# Bygdevekst's own additions inside virksomhetsspesifikkeMetadata (the schema allows any content there).
BV = "urn:bygdevekst:arkivmelding:tillegg:1"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "eformidling" / "arkivmelding.xsd"
SYSTEM_NAMESPACE = uuid.UUID("6f1d3c58-3a52-4c1e-9a0e-6d2f0b6f4b7a")
SYSTEM = "Bygdevekst"

ENTRY_TYPES = {EntryType.INCOMING: "Inngående dokument", EntryType.OUTGOING: "Utgående dokument",
               EntryType.INTERNAL_NOTE: "Organinternt dokument uten oppfølging"}
ENTRY_STATUS = {EntryStatus.REGISTERED: "Journalført", EntryStatus.DISPATCHED: "Ekspedert",
                EntryStatus.ARCHIVED: "Arkivert"}
CASE_STATUS = {CaseStatus.OPEN: "Under behandling", CaseStatus.CLOSED: "Avsluttet"}
PARTY_TYPES = {PartyRole.SENDER: "Avsender", PartyRole.RECIPIENT: "Mottaker", PartyRole.COPY_RECIPIENT: "Kopimottaker"}
DOCUMENT_ROLES = {DocumentRole.MAIN: "Hoveddokument", DocumentRole.ATTACHMENT: "Vedlegg"}
VARIANTS = {Variant.ARCHIVE: "Arkivformat", Variant.PRODUCTION: "Produksjonsformat"}
FORMATS = {"PDF/A-3b": "fmt/480", "PDF/A-2b": "fmt/477", "PDF/A-1b": "fmt/354", "PDF": "fmt/276"}


class ExportError(Exception):
    """The package cannot be handed over as it is."""


class ChecksumMismatch(ExportError):
    """A stored file no longer has the checksum recorded when it was written: never hand it over."""

    def __init__(self, message, filename):
        super().__init__(message)
        self.filename = filename


def system_id(kind, pk):
    return str(uuid.uuid5(SYSTEM_NAMESPACE, f"{kind}:{pk}"))


def _el(parent, name, text=None, ns=NS, **attrs):
    element = etree.SubElement(parent, f"{{{ns}}}{name}", attrs)
    if text is not None:
        element.text = str(text)
    return element


def _person(user):
    return (user.get_full_name() or user.username) if user is not None else SYSTEM


def _when(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _day(date):
    """A date as the schema's dateTime (sendtDato, mottattDato): the start of that day, Oslo time."""
    return _when(timezone.make_aware(datetime.datetime.combine(date, datetime.time())))


def _party(parent, party):
    el = _el(parent, "korrespondansepart")
    _el(el, "korrespondanseparttype", PARTY_TYPES[party.role])
    _el(el, "korrespondansepartNavn", party.name)
    if party.postal_address:
        _el(el, "postadresse", party.postal_address)
    if party.postal_code:
        _el(el, "postnummer", party.postal_code)
    if party.postal_place:
        _el(el, "poststed", party.postal_place.upper())
    if party.email:
        _el(el, "epostadresse", party.email)


def _object(doc, obj, entry, files, created_by, reference):
    content = obj.read()
    actual = hashlib.sha256(content).hexdigest()
    if actual != obj.sha256:
        raise ChecksumMismatch(f"{obj.filename} (entry {entry.reference}): recorded {obj.sha256}, found {actual}",
                               obj.filename)
    path = reference(obj)
    files.append((path, content, obj))
    o = _el(doc, "dokumentobjekt")
    _el(o, "versjonsnummer", obj.version)
    _el(o, "variantformat", VARIANTS[obj.variant])
    _el(o, "opprettetDato", _when(obj.created_at))
    _el(o, "opprettetAv", created_by)
    _el(o, "referanseDokumentfil", path)


def _extras(el, entry, entry_files):
    """What the official schema has no place for: each file's checksum, size and format, and the
    parties' organisation numbers (the key eFormidling and the registers address by)."""
    extra = _el(el, "virksomhetsspesifikkeMetadata")
    for path, _content, obj in entry_files:
        f = _el(extra, "dokumentfil", ns=BV, referanseDokumentfil=path)
        _el(f, "sjekksum", obj.sha256, ns=BV)
        _el(f, "sjekksumAlgoritme", "SHA-256", ns=BV)
        _el(f, "filstoerrelse", obj.size, ns=BV)
        _el(f, "format", FORMATS.get(obj.file_format, obj.file_format), ns=BV)
        _el(f, "formatDetaljer", obj.file_format, ns=BV)
    for party in entry.parties.all():
        if party.org_number:
            _el(extra, "korrespondansepart", ns=BV, navn=party.name, organisasjonsnummer=party.org_number)


def _package_path(obj):
    return f"dokumenter/{system_id('object', obj.pk)}-{obj.filename}"


def _entry(parent, entry, case_id, files, only=None, reference=_package_path):
    created_by = _person(entry.case_officer)
    el = _el(parent, "basisregistrering", **{f"{{{XSI}}}type": "journalpost"})
    _el(el, "systemID", system_id("entry", entry.pk))
    _el(el, "opprettetDato", _when(entry.created_at))
    _el(el, "opprettetAv", created_by)
    _el(el, "referanseForelderMappe", case_id)
    if entry.access_restriction or entry.legal_basis:
        skjerming = _el(el, "skjerming")
        _el(skjerming, "tilgangsrestriksjon", entry.access_restriction or "Unntatt offentlighet")
        _el(skjerming, "skjermingshjemmel", entry.legal_basis or "-")
        _el(skjerming, "skjermingMetadata", "Tittel registrering")
    entry_files = []
    for description in entry.documents.all():
        objects = [o for o in description.document_objects.all() if only is None or o.pk in only]
        if not objects:
            continue
        doc = _el(el, "dokumentbeskrivelse")
        _el(doc, "systemID", system_id("description", description.pk))
        _el(doc, "dokumenttype", "Brev" if entry.entry_type != EntryType.INTERNAL_NOTE else "Notat")
        _el(doc, "dokumentstatus", "Dokumentet er ferdigstilt")
        _el(doc, "tittel", description.title)
        _el(doc, "opprettetDato", _when(entry.created_at))
        _el(doc, "opprettetAv", created_by)
        _el(doc, "tilknyttetRegistreringSom", DOCUMENT_ROLES[description.role])
        _el(doc, "dokumentnummer", description.number)
        _el(doc, "tilknyttetDato", _when(entry.created_at))
        _el(doc, "tilknyttetAv", created_by)
        for obj in objects:
            _object(doc, obj, entry, entry_files, created_by, reference)
    files.extend(entry_files)
    _el(el, "tittel", entry.title)
    _el(el, "offentligTittel", entry.public_title)
    _extras(el, entry, entry_files)
    _el(el, "journalaar", entry.journal_year)
    _el(el, "journalsekvensnummer", entry.journal_sequence)
    _el(el, "journalpostnummer", entry.number)
    _el(el, "journalposttype", ENTRY_TYPES[entry.entry_type])
    _el(el, "journalstatus", ENTRY_STATUS[entry.status])
    _el(el, "journaldato", entry.registry_date.isoformat())
    _el(el, "dokumentetsDato", entry.document_date.isoformat())
    if entry.sent_received_date:
        name = "mottattDato" if entry.entry_type == EntryType.INCOMING else "sendtDato"
        _el(el, name, _day(entry.sent_received_date))
    for party in entry.parties.all():
        _party(el, party)


def _case(parent, case, entries, files, unit, **options):
    el = _el(parent, "mappe", **{f"{{{XSI}}}type": "saksmappe"})
    case_id = system_id("case", case.pk)
    _el(el, "systemID", case_id)
    _el(el, "tittel", case.title)
    _el(el, "offentligTittel", case.public_title)
    _el(el, "opprettetDato", _when(case.created_at))
    _el(el, "opprettetAv", _person(case.responsible))
    if case.status == CaseStatus.CLOSED and case.closed_at:
        _el(el, "avsluttetDato", _when(case.closed_at))
        _el(el, "avsluttetAv", SYSTEM)
    for entry in entries:
        _entry(el, entry, case_id, files, **options)
    _el(el, "saksaar", case.year)
    _el(el, "sakssekvensnummer", case.sequence)
    _el(el, "saksdato", timezone.localtime(case.created_at).date().isoformat())
    _el(el, "administrativEnhet", unit)
    _el(el, "saksansvarlig", _person(case.responsible))
    _el(el, "saksstatus", CASE_STATUS[case.status])


def _unit():
    from .cases import kdd

    ministry = kdd()
    return ministry.department or ministry.name


def arkivmelding(entries, *, only=None, reference=_package_path):
    """(xml bytes, [(path, content)]) for registry entries prefetched with parties and documents.
    `only`: the document objects' ids to include (one recipient's letter); `reference`: a document
    object's file name in the message (a path inside the .zip by default)."""
    files = []
    root = etree.Element(f"{{{NS}}}arkivmelding", nsmap={None: NS, "xsi": XSI, "bv": BV})
    _el(root, "system", SYSTEM)
    _el(root, "meldingId", str(uuid.uuid4()))
    _el(root, "tidspunkt", _when(timezone.now()))
    count = _el(root, "antallFiler", 0)
    unit = _unit()
    ordered = sorted(entries, key=lambda e: (e.case.year, e.case.sequence, e.number))
    for _key, group in groupby(ordered, key=lambda e: e.case_id):
        group = list(group)
        _case(root, group[0].case, group, files, unit, only=only, reference=reference)
    count.text = str(len(files))
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml, [(path, content) for path, content, _obj in files]


@functools.cache
def _schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def validate(xml_bytes):
    """Validate against eFormidling's arkivmelding.xsd; returns the list of errors (empty: valid)."""
    schema = _schema()
    document = etree.fromstring(xml_bytes)
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def build_package(entries):
    """The .zip: arkivmelding.xml and dokumenter/…; refuses (ExportError) if a file changed."""
    xml, files = arkivmelding(entries)
    errors = validate(xml)
    if errors:
        raise ExportError("arkivmelding.xml does not match its schema: " + "; ".join(errors[:3]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("arkivmelding.xml", xml)
        for path, content in files:
            archive.writestr(path, content)
    return buffer.getvalue()
