import hashlib
import io
import zipfile
from pathlib import Path

from django.urls import reverse
from lxml import etree

from bygdevekst.correspondence.demo_letter import TITLE as SEED_TITLE
from bygdevekst.correspondence.domain.archive import NS, SCHEMA_PATH, validate
from bygdevekst.correspondence.models import Case, DocumentObject, RegistryEntry

DOC = Path(__file__).resolve().parents[2] / "docs" / "archive-package.md"
N = {"a": NS}


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
    letter = next(r for r in mappe.findall("a:registrering", N) if r.findtext("a:tittel", namespaces=N) == SEED_TITLE)
    assert len(letter.findall("a:korrespondansepart", N)) == 14
    assert letter.findtext("a:journalposttype", namespaces=N) == "Utgående dokument"
    files = [n for n in package.namelist() if n.startswith("dokumenter/")]
    assert int(root.findtext("a:antallFiler", namespaces=N)) == len(files) >= 2
    for obj in root.iter(f"{{{NS}}}dokumentobjekt"):
        content = package.read(obj.findtext("a:referanseDokumentfil", namespaces=N))
        assert hashlib.sha256(content).hexdigest() == obj.findtext("a:sjekksum", namespaces=N)
        assert obj.findtext("a:variantformat", namespaces=N) == "Arkivformat"


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
