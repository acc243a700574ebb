import hashlib
import io
import os
import zipfile
from pathlib import Path

from django.urls import reverse
from lxml import etree

from bygdevekst.correspondence.demo_letter import TITLE as SEED_TITLE
from bygdevekst.correspondence.domain.archive import BV, NS, SCHEMA_PATH, arkivmelding, validate
from bygdevekst.correspondence.models import Case, DocumentObject, RegistryEntry

DOC = Path(__file__).resolve().parents[2] / "docs" / "archive-package.md"
N = {"a": NS, "bv": BV}
OFFICIAL = Path(__file__).resolve().parents[2] / "bygdevekst" / "correspondence" / "schema" / "eformidling"


def _zip(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_case_package_validates_against_documented_structure(client_for):
    case = Case.objects.get(round__number=2, pilot__isnull=True)
    package = _zip(client_for("kdd").get(reverse("correspondence:export_case", args=[case.pk])))
    xml = package.read("arkivmelding.xml")
    assert validate(xml) == []
    # the schema the test uses is the one the documentation describes
    doc = DOC.read_text()
    assert SCHEMA_PATH.name in doc
    for term in ("saksmappe", "journalpost", "korrespondansepart", "dokumentbeskrivelse", "dokumentobjekt", "sjekksum"):
        assert term in doc
    root = etree.fromstring(xml)
    (mappe,) = root.findall("a:mappe", N)
    assert mappe.findtext("a:saksaar", namespaces=N) == str(case.year)
    assert mappe.findtext("a:sakssekvensnummer", namespaces=N) == str(case.sequence)
    letter = next(r for r in mappe.findall("a:basisregistrering", N) if r.findtext("a:tittel", namespaces=N) == SEED_TITLE)
    assert len(letter.findall("a:korrespondansepart", N)) == 14
    # organisation numbers, which the official korrespondansepart lacks, travel beside it
    numbers = letter.findall("a:virksomhetsspesifikkeMetadata/bv:korrespondansepart", N)
    assert len(numbers) == 14 and all(len(n.get("organisasjonsnummer")) == 9 for n in numbers)
    assert letter.findtext("a:journalposttype", namespaces=N) == "Utgående dokument"
    files = [n for n in package.namelist() if n.startswith("dokumenter/")]
    assert int(root.findtext("a:antallFiler", namespaces=N)) == len(files) >= 2
    checksums = {f.get("referanseDokumentfil"): f.findtext("bv:sjekksum", namespaces=N)
                 for f in root.iter(f"{{{BV}}}dokumentfil")}
    for obj in root.iter(f"{{{NS}}}dokumentobjekt"):
        path = obj.findtext("a:referanseDokumentfil", namespaces=N)
        assert hashlib.sha256(package.read(path)).hexdigest() == checksums[path]
        assert obj.findtext("a:variantformat", namespaces=N) == "Arkivformat"


def test_the_schema_is_eformidlings_own_with_its_licence():
    """The shipped schema is Digdir's, unchanged, and Digdir's sample validates against it."""
    # the copy the project was given lies beside the checkout (here and in CI, where its absence is a failure)
    shared = Path(__file__).resolve().parents[2].parent / "shared" / "standards" / "eformidling-arkivmelding"
    assert SCHEMA_PATH == OFFICIAL / "arkivmelding.xsd"
    assert "Apache License" in (OFFICIAL / "LICENSE").read_text()
    assert shared.exists() or not os.environ.get("CI"), shared
    if shared.exists():
        for name in ("arkivmelding.xsd", "metadatakatalog.xsd", "arkivmelding.xml", "LICENSE"):
            assert (OFFICIAL / name).read_bytes() == (shared / name).read_bytes(), name
    assert validate((OFFICIAL / "arkivmelding.xml").read_bytes()) == []


def test_every_demo_case_package_validates(client_for):
    client = client_for("kdd")
    cases = list(Case.objects.all())
    assert len(cases) >= 6
    for case in cases:
        package = _zip(client.get(reverse("correspondence:export_case", args=[case.pk])))
        assert validate(package.read("arkivmelding.xml")) == [], case.number


def test_journal_number_is_the_registration_year_and_its_sequence(demo):
    entries = list(RegistryEntry.objects.order_by("journal_year", "journal_sequence"))
    for entry in entries:
        assert entry.journal_year == entry.registry_date.year
    by_year = {}
    for entry in entries:
        by_year.setdefault(entry.journal_year, []).append(entry.journal_sequence)
    for sequences in by_year.values():
        assert sequences == list(range(1, len(sequences) + 1))
    entry = entries[-1]
    xml, _files = arkivmelding([entry])
    journalpost = etree.fromstring(xml).find("a:mappe/a:basisregistrering", N)
    assert journalpost.findtext("a:journalaar", namespaces=N) == str(entry.registry_date.year)
    assert journalpost.findtext("a:journalsekvensnummer", namespaces=N) == str(entry.journal_sequence)
    assert journalpost.findtext("a:journaldato", namespaces=N)[:4] == journalpost.findtext("a:journalaar", namespaces=N)


def test_a_signed_agreements_case_is_closed(demo):
    from bygdevekst.process.models import Signing

    signing = Signing.objects.select_related("agreement__pilot").first()
    assert signing is not None, "the demo signs an agreement"
    case = signing.agreement.pilot.case
    assert case.status == "closed" and case.closed_at is not None
    xml, _files = arkivmelding(list(case.entries.all()))
    mappe = etree.fromstring(xml).find("a:mappe", N)
    assert mappe.findtext("a:saksstatus", namespaces=N) == "Avsluttet"
    assert mappe.findtext("a:avsluttetDato", namespaces=N)
    open_case = Case.objects.exclude(pk=case.pk).filter(status="open").first()
    xml, _files = arkivmelding(list(open_case.entries.all()))
    assert etree.fromstring(xml).find("a:mappe", N).findtext("a:saksstatus", namespaces=N) == "Under behandling"


def test_schema_rejects_a_wrong_structure():
    xml = f'<arkivmelding xmlns="{NS}"><system>x</system></arkivmelding>'.encode()
    assert validate(xml)


def test_export_refuses_a_changed_file(client_for, demo):
    entry = RegistryEntry.objects.get(source="demo:question")
    obj = entry.documents.get().document_objects.get()
    original = obj.read()
    try:
        Path(obj.file.path).write_bytes(original + b"tampered")
        response = client_for("kdd").get(reverse("correspondence:export_case", args=[entry.case_id]))
        assert response.status_code == 409
        assert obj.filename in response.content.decode()
    finally:
        Path(obj.file.path).write_bytes(original)
    assert DocumentObject.objects.get(pk=obj.pk).verify()


def test_export_range(client_for):
    url = reverse("correspondence:export_range")
    client = client_for("kdd")
    assert client.get(url).status_code == 200
    bad = client.get(url, {"from": "2024-13-01", "to": "2024-10-31"})
    assert bad.status_code == 400 and 'class="error-summary"' in bad.content.decode()
    backwards = client.get(url, {"from": "2024-11-01", "to": "2024-10-01"})
    assert backwards.status_code == 400
    package = _zip(client.get(url, {"from": "2024-10-01", "to": "2024-10-31"}))
    xml = package.read("arkivmelding.xml")
    assert validate(xml) == []
    titles = [t.text for t in etree.fromstring(xml).iter(f"{{{NS}}}tittel")]
    assert SEED_TITLE in titles


def test_export_permissions(client_for, demo):
    trysil_case = demo["pilots"]["Trysil-regionen"].case
    smola_case = demo["pilots"]["Smøla og Aure"].case
    assert client_for("trysil").get(reverse("correspondence:export_case", args=[trysil_case.pk])).status_code == 403
    assert client_for("trysil").get(reverse("correspondence:export_case", args=[smola_case.pk])).status_code == 404
    assert client_for("trysil").get(reverse("correspondence:export_range")).status_code == 403
    anonymous = client_for(None).get(reverse("correspondence:export_range"))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")


def test_a_closed_case_is_closed_after_its_last_registration_and_reopens(agreement_of, demo):
    """avsluttetDato is never before a journalpost's opprettetDato; a registration in a closed case, or a
    withdrawn signing, opens the case again ("Under behandling"); a corrected signing closes it again."""
    import datetime

    from bygdevekst.correspondence.domain.cases import register_entry
    from bygdevekst.correspondence.enums import EntryType
    from bygdevekst.process.domain import corrections
    from bygdevekst.process.domain.signing import current_signing

    nt = agreement_of("Nord-Troms")
    case = nt.pilot.case
    case.refresh_from_db()
    assert case.status == "closed"
    assert all(e.created_at <= case.closed_at for e in case.entries.all())
    xml, _files = arkivmelding(list(case.entries.all()))
    mappe = etree.fromstring(xml).find("a:mappe", N)
    closed = mappe.findtext("a:avsluttetDato", namespaces=N)
    assert all(r.findtext("a:opprettetDato", namespaces=N) <= closed for r in mappe.findall("a:basisregistrering", N))

    signing = current_signing(nt)
    new = corrections.correct_signing(signing, demo["users"]["kdd"], "Feil dato.", datetime.date(2025, 5, 7),
                                      [(s.organisation, s.name, s.title) for s in signing.signatories.all()])
    case.refresh_from_db()
    assert case.status == "closed" and all(e.created_at <= case.closed_at for e in case.entries.all())
    corrections.withdraw_signing(new, demo["users"]["kdd"], "Signaturene var ikke gyldige.")
    case.refresh_from_db()
    assert case.status == "open" and case.closed_at is None
    xml, _files = arkivmelding(list(case.entries.all()))
    assert etree.fromstring(xml).find("a:mappe", N).findtext("a:saksstatus", namespaces=N) == "Under behandling"
    assert validate(xml) == []

    case.status, case.closed_at = "closed", case.created_at
    case.save(update_fields=["status", "closed_at"])
    register_entry(case, EntryType.INTERNAL_NOTE, "Årsmøte – referat")
    case.refresh_from_db()
    assert case.status == "open" and case.closed_at is None
