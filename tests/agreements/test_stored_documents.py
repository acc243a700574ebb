"""One document, one renderer: a version's PDF is rendered once, stored, and the download, the case log and
the archive package hand on the same bytes. Earlier registered renderings stay; a better one is added as a new
document version."""

import hashlib
import io
import subprocess  # nosec B404  poppler's pdftotext on a file the test wrote
import zipfile

import pytest
from django.urls import reverse

from bygdevekst.agreements.documents import store
from bygdevekst.agreements.models import FrozenVersionError, VersionDocument
from bygdevekst.audit.models import ActionLog
from bygdevekst.correspondence.domain.cases import kdd
from bygdevekst.correspondence.domain.pdf import render_text_pdf
from bygdevekst.correspondence.models import DocumentObject, RegistryEntry
from bygdevekst.correspondence.receivers import refresh_version_documents


def _text(pdf, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603,S607


def _registered_version(demo):
    entry = RegistryEntry.objects.filter(source__startswith="agreement-version:").select_related("case").first()
    assert entry is not None, "the demo registers agreement versions"
    from bygdevekst.agreements.models import AgreementVersion

    return entry, AgreementVersion.objects.select_related("agreement__pilot").get(pk=entry.source.split(":")[1])


@pytest.mark.django_db
def test_download_case_log_and_archive_hold_the_same_bytes(demo, client_for):
    entry, version = _registered_version(demo)
    stored = VersionDocument.objects.get(version=version, renderer=store.RENDERER)
    registered = entry.documents.get().document_objects.order_by("-version").first()
    response = client_for("kdd").get(f"/agreements/{version.agreement_id}/versions/{version.number}.pdf")
    assert response.status_code == 200
    again = client_for("kdd").get(f"/agreements/{version.agreement_id}/versions/{version.number}.pdf")
    assert response.content == again.content == stored.read() == registered.read()
    assert hashlib.sha256(response.content).hexdigest() == stored.sha256 == registered.sha256
    package = zipfile.ZipFile(io.BytesIO(client_for("kdd").get(
        reverse("correspondence:export_case", args=[entry.case_id])).content))
    assert registered.read() in [package.read(n) for n in package.namelist() if n.startswith("dokumenter/")]
    log = ActionLog.objects.filter(action="agreement.exported", agreement=version.agreement).latest("pk")
    assert log.data["document_sha256"] == stored.sha256
    assert VersionDocument.objects.filter(version=version).count() == 1  # rendered once, never again


@pytest.mark.django_db
def test_the_registered_document_is_the_full_rendering(demo, tmp_path):
    """Party list, headings in the agreement's written standard, no raw markup."""
    for entry in RegistryEntry.objects.filter(source__startswith="agreement-version:"):
        obj = entry.documents.get().document_objects.order_by("-version").first()
        text = _text(obj.read(), tmp_path)
        assert "**" not in text
        assert ("Avtalepartar" in text) or ("Avtaleparter" in text)
        nynorsk = "Avtalepartar" in text
        if nynorsk:
            assert "Overordnet mål" not in text and "Avtaleparter" not in text  # bokmål headings


@pytest.mark.django_db
def test_stored_documents_are_never_changed(demo):
    document = VersionDocument.objects.first()
    with pytest.raises(FrozenVersionError):
        document.save()
    with pytest.raises(FrozenVersionError):
        VersionDocument.objects.filter(pk=document.pk).update(size=1)


@pytest.mark.django_db
def test_an_earlier_rendering_stays_and_the_better_one_is_a_new_version(demo):
    """A case log from before the one renderer: its plain PDF stays, the stored document is added beside it."""
    entry, version = _registered_version(demo)
    description = entry.documents.get()
    current = description.document_objects.order_by("-version").first()
    old = DocumentObject(description=description, version=current.version + 1, filename="avtale-gammel.pdf",
                         size=0, sha256="")
    content = render_text_pdf("Gammel utgave", [("p", "**rå** tekst")], sender=kdd())
    old.sha256, old.size = hashlib.sha256(content).hexdigest(), len(content)
    from django.core.files.base import ContentFile

    old.file.save(old.filename, ContentFile(content), save=False)
    old.save()
    assert refresh_version_documents() >= 1
    objects = list(description.document_objects.order_by("version"))
    assert objects[-2].pk == old.pk and objects[-2].read() == content and objects[-2].verify()
    newest = objects[-1]
    assert newest.version == old.version + 1 and newest.read() == store.stored_pdf(version)
    assert refresh_version_documents() == 0  # nothing twice
    assert ActionLog.objects.filter(action="correspondence.document_version_added").exists()


@pytest.mark.django_db
def test_a_new_renderer_adds_a_document_version(demo, monkeypatch):
    _entry, version = _registered_version(demo)
    first = store.stored_document(version)
    monkeypatch.setattr(store, "RENDERER", "agreement-pdf/test-next")
    second = store.stored_document(version)
    assert second.number == first.number + 1 and VersionDocument.objects.filter(pk=first.pk).exists()
    assert store.stored_document(version).pk == second.pk


@pytest.mark.django_db
def test_compare_pdf_has_no_raw_markup(demo, client_for, tmp_path):
    from bygdevekst.agreements.domain.snapshot import freeze_version
    from bygdevekst.agreements.models import Section

    agreement = demo["pilots"]["Nord-Troms"].agreement
    before = agreement.versions.order_by("-number").first()
    section = Section.objects.filter(agreement=agreement).first()
    section.body += "\n\nDette er **viktig** å vite."
    section.save()
    after = freeze_version(agreement, "draft_snapshot", demo["users"]["kafjord"], label="Med merknad")
    url = reverse("agreements:compare_pdf", args=[agreement.pk]) + f"?from={before.number}&to={after.number}"
    response = client_for("kafjord").get(url)
    assert response.status_code == 200, response.content[:200]
    text = _text(response.content, tmp_path)
    assert "viktig" in text and "**" not in text


@pytest.mark.django_db
def test_a_changed_stored_document_is_never_served(demo, client_for):
    """The download serves the stored bytes only while they have their recorded SHA-256: a file changed on disk
    gives the integrity error page, never the changed file."""
    _entry, version = _registered_version(demo)
    document = store.stored_document(version)
    original = document.read()
    url = f"/agreements/{version.agreement_id}/versions/{version.number}.pdf"
    try:
        with document.file.open("wb") as handle:
            handle.write(original + b"tampered")
        response = client_for("kdd").get(url)
        assert response.status_code == 500 and response["Content-Type"].startswith("text/html")
        assert b"tampered" not in response.content and document.filename in response.content.decode()
    finally:
        with document.file.open("wb") as handle:
            handle.write(original)
    assert client_for("kdd").get(url).content == original


@pytest.mark.django_db
def test_the_registered_response_is_the_response_as_published(demo, tmp_path):
    """The state's response in the case log: the general part drawn from the safe text format (never raw
    markup) and every disposition, in the agreement's written standard."""
    from bygdevekst.correspondence.receivers import response_lines
    from bygdevekst.process.models import StateResponse

    from ..documents.pdfcheck import accessibility

    entries = list(RegistryEntry.objects.filter(source__startswith="response:"))
    assert entries, "the demo publishes a response"
    for entry in entries:
        response = StateResponse.objects.select_related("agreement").get(pk=entry.source.split(":")[1])
        pdf = entry.documents.get().document_objects.get().read()
        text = _text(pdf, tmp_path)
        lang = "nn" if response.agreement.written_standard == "nn" else "nb"
        assert accessibility(pdf, tmp_path)["lang"] == lang
        assert "**" not in text and "Generell del" in text
        for item in response.items.all():
            assert item.target_title[:30] in text.replace("\n", " ")
    lines = [("safe_text", "Dette er **viktig** å vite.\n\n- første punkt")]
    text = _text(render_text_pdf("Respons", lines, sender=kdd(), lang="nn"), tmp_path)
    assert "viktig" in text and "første punkt" in text and "**" not in text and "- første" not in text
    assert response_lines(response, "nn")[0] == ("h", "Generell del")


@pytest.mark.django_db
def test_compare_page_has_no_raw_markup(demo, client_for):
    """The compare page shows a changed text's words, never the safe text format's ** around them."""
    import re

    from bygdevekst.agreements.domain.snapshot import freeze_version
    from bygdevekst.agreements.models import Section

    agreement = demo["pilots"]["Nord-Troms"].agreement
    before = agreement.versions.order_by("-number").first()
    section = Section.objects.filter(agreement=agreement).first()
    section.body += "\n\nDette er **viktig** å vite."
    section.save()
    after = freeze_version(agreement, "draft_snapshot", demo["users"]["kafjord"], label="Med merknad")
    url = reverse("agreements:compare", args=[agreement.pk]) + f"?from={before.number}&to={after.number}"
    response = client_for("kafjord").get(url)
    assert response.status_code == 200
    main = response.content.decode()
    main = main[main.index("<main"): main.index("</main>")]
    text = re.sub(r"<[^>]+>", "", main)
    assert "viktig" in text and "**" not in text
