"""The change summary as a Word document with real tracked changes: w:ins / w:del authored and dated by the
version, reject all = the older text, accept all = the newer one, and LibreOffice reads them as revisions."""

import io
import os
import shutil
import subprocess
import zipfile

import docx
import pytest
from django.urls import reverse
from lxml import etree

from bygdevekst.agreements.domain.diff import diff, is_empty, unmarked
from bygdevekst.agreements.models import Agreement
from tests.pdfs import requires_libreoffice

pytestmark = pytest.mark.django_db

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def fetch(client, agreement, a, b):
    response = client.get(reverse("agreements:compare_docx", args=[agreement.pk]), {"from": a, "to": b})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    return response.content


def body(blob):
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def side(root, which):
    """The document's text with every revision accepted ("new") or rejected ("old"), paragraph by paragraph."""
    paragraphs = []
    for p in root.iter(f"{{{W}}}p"):
        mark = p.find("w:pPr/w:rPr/w:ins" if which == "old" else "w:pPr/w:rPr/w:del", NS)
        if mark is not None:
            continue  # the paragraph exists only on the other side
        text = []
        for el in p.iter(f"{{{W}}}t", f"{{{W}}}delText", f"{{{W}}}br"):
            inside = {a.tag for a in el.iterancestors()}
            if el.tag == f"{{{W}}}br":
                text.append("\n")
            elif which == "new" and el.tag == f"{{{W}}}t" and f"{{{W}}}del" not in inside:
                text.append(el.text or "")
            elif which == "old" and f"{{{W}}}ins" not in inside:
                text.append(el.text or "")
        paragraphs.append("".join(text))
    return "\n".join(paragraphs)


def pairs():
    for agreement in Agreement.objects.all():
        versions = list(agreement.versions.order_by("number"))
        if len(versions) >= 2:
            yield agreement, versions[0], versions[-1]


def test_revisions_are_authored_and_dated_by_the_version(client_for):
    client = client_for("kdd")
    seen_ins = seen_del = 0
    for agreement, old, new in pairs():
        root = body(fetch(client, agreement, old.number, new.number))
        marks = root.findall(".//w:ins", NS) + root.findall(".//w:del", NS)
        if is_empty(diff(old.content, new.content)):
            continue
        assert marks, agreement.pilot.name
        for m in marks:
            assert m.get(f"{{{W}}}author").startswith(("Versjon", "Version")) and f" {new.number}:" in m.get(
                f"{{{W}}}author")
            assert m.get(f"{{{W}}}date") == new.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        ids = [m.get(f"{{{W}}}id") for m in marks]
        assert len(ids) == len(set(ids))
        seen_ins += len(root.findall(".//w:ins", NS))
        seen_del += len(root.findall(".//w:del", NS))
    assert seen_ins and seen_del, "the demo has insertions and deletions between versions"


def test_reject_all_gives_the_older_text_and_accept_all_the_newer(client_for):
    client = client_for("kdd")
    checked = 0
    for agreement, old, new in pairs():
        root = body(fetch(client, agreement, old.number, new.number))
        old_text, new_text = side(root, "old"), side(root, "new")
        for version, text in ((old, old_text), (new, new_text)):
            c = version.content
            for field in ("title", "purpose", "overall_goal"):
                if c.get(field):
                    assert unmarked(c[field]) in text, (agreement.pilot.name, version.number, field)
            for fa in c.get("focus_areas", []):
                assert unmarked(fa["title"]) in text
                for sg in fa.get("sub_goals", []):
                    assert unmarked(sg["title"]) in text
                    for commitment in sg.get("commitments", []):
                        assert unmarked(commitment["text"]) in text
            for section in c.get("sections", []):
                assert unmarked(section["body"]) in text
        assert "**" not in old_text + new_text  # markup, not words
        if not is_empty(diff(old.content, new.content)):
            assert old_text != new_text
        checked += 1
    assert checked >= 4


def test_python_docx_opens_it(client_for):
    agreement, old, new = next(p for p in pairs() if p[0].pilot.name == "Nord-Troms")
    document = docx.Document(io.BytesIO(fetch(client_for("kdd"), agreement, old.number, new.number)))
    assert document.core_properties.title == new.content["title"]
    assert any(p.style.name == "Heading 1" for p in document.paragraphs)


# CI installs LibreOffice (.ci/run): there a missing soffice is a failure, never a skip
@requires_libreoffice
def test_libreoffice_shows_them_as_revisions(client_for, tmp_path):
    agreement, old, new = next(p for p in pairs() if p[0].pilot.name == "Nord-Troms")
    source = tmp_path / "changes.docx"
    source.write_bytes(fetch(client_for("kdd"), agreement, old.number, new.number))
    # The two conversions run side by side, each with a LibreOffice profile of its own (one profile is one process).
    conversions = [
        subprocess.Popen(["soffice", f"-env:UserInstallation=file://{tmp_path}/.lo-profile-{fmt}", "--headless",  # noqa: S603, S607
                          "--convert-to", fmt, "--outdir", str(tmp_path), str(source)],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for fmt in ("pdf", "fodt")
    ]
    for conversion in conversions:
        output, _ = conversion.communicate(timeout=180)
        assert conversion.returncode == 0, output
    assert (tmp_path / "changes.pdf").read_bytes().startswith(b"%PDF")
    flat = etree.parse(str(tmp_path / "changes.fodt"))
    ns = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0", "dc": "http://purl.org/dc/elements/1.1/"}
    regions = flat.findall(".//text:tracked-changes/text:changed-region", ns)
    assert regions
    kinds = {child.tag.split("}")[1] for r in regions for child in r}
    assert {"insertion", "deletion"} <= kinds
    creators = {c.text for c in flat.findall(".//text:changed-region//dc:creator", ns)}
    assert creators == {f"Versjon {new.number}: Endeleg avtaletekst"} or creators == {
        f"Versjon {new.number}: Endelig avtaletekst"}
    if shutil.which("pdftotext") or os.environ.get("CI"):  # poppler-utils: CI installs it, so there it always runs
        text = subprocess.run(["pdftotext", str(tmp_path / "changes.pdf"), "-"],  # noqa: S603, S607
                              capture_output=True, text=True, check=True).stdout
        assert new.content["title"].split()[0] in text
