"""Documents: PDF/A (checked with poppler) and Word, labels in the agreement's written standard,
reproducible from the version, exports logged."""

import io
import subprocess

import pytest
from docx import Document

from bygdevekst.agreements.domain.snapshot import freeze_version
from bygdevekst.agreements.models import Section
from bygdevekst.audit.models import ActionLog

SAMI = "Sámegiella: á č đ ŋ š ŧ ž – Gáivuotna, æøå ÆØÅ"


def _poppler(tool, pdf, tmp_path, *args):
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    command = [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])]
    # Fixed poppler tools on a file the test wrote.
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


@pytest.fixture
def sami_version(demo):
    agreement = demo["pilots"]["Nord-Troms"].agreement
    Section.objects.create(agreement=agreement, title="Språk og kultur", body=f"**{SAMI}**\n\n- første\n- andre",
                           position=99)
    return freeze_version(agreement, "draft_snapshot", demo["users"]["kafjord"], label="Med samisk tekst")


def test_version_pdf_is_pdfa_with_embedded_fonts_and_exact_text(client_for, sami_version, tmp_path):
    agreement = sami_version.agreement
    response = client_for("kafjord").get(f"/agreements/{agreement.pk}/versions/{sami_version.number}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    pdf = response.content
    meta = _poppler("pdfinfo", pdf, tmp_path, "-meta")
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="B"' in meta
    fonts = _poppler("pdffonts", pdf, tmp_path).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    text = _poppler("pdftotext", pdf, tmp_path)
    for expected in ("á č đ ŋ š ŧ ž", "Gáivuotna - Kåfjord - Kaivuono kommune", "æøå ÆØÅ", "Avtaleparter",
                     "Hovedpart", sami_version.sha256):
        assert expected in text, expected
    log = ActionLog.objects.filter(action="agreement.exported", agreement=agreement).latest("pk")
    assert log.data["format"] == "pdf" and log.data["number"] == sami_version.number


def test_nynorsk_agreement_document_says_avtalepartar(client_for, demo, tmp_path):
    agreement = demo["pilots"]["Vest-Telemark"].agreement
    pdf = client_for("vinje").get(f"/agreements/{agreement.pk}/versions/1.pdf").content
    text = _poppler("pdftotext", pdf, tmp_path)
    assert "Avtalepartar" in text and "Avtaleparter" not in text and "Hovudpart" in text
    assert "Forpliktingar" in text


def test_pdf_front_page_lists_parties_and_roles(demo, tmp_path):
    from bygdevekst.agreements.documents.pdf import version_pdf

    agreement = demo["pilots"]["Vest-Telemark"].agreement
    version = agreement.versions.get(number=1)
    front = _poppler("pdftotext", version_pdf(version), tmp_path, "-f", "1", "-l", "1")
    assert "Telemark fylkeskommune" in front and "Samarbeidspart" in front and "Vinje kommune" in front


def test_documents_are_reproducible_from_the_version(sami_version):
    from bygdevekst.agreements.documents.pdf import version_pdf
    from bygdevekst.agreements.documents.word import version_docx

    assert version_pdf(sami_version) == version_pdf(sami_version)
    assert version_docx(sami_version) == version_docx(sami_version)


def test_word_document_has_real_headings_lists_and_labels(client_for, sami_version):
    agreement = sami_version.agreement
    response = client_for("kafjord").get(f"/agreements/{agreement.pk}/versions/{sami_version.number}.docx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    document = Document(io.BytesIO(response.content))
    styles = {(p.style.name, p.text) for p in document.paragraphs}
    assert ("Heading 1", "Avtaleparter") in styles
    assert any(style == "Heading 2" and text.startswith("Delmål 1.1") for style, text in styles)
    assert ("List Bullet", "første") in styles
    assert any(SAMI in text for _, text in styles)
    assert document.core_properties.created.replace(tzinfo=None) == sami_version.created_at.replace(
        tzinfo=None, microsecond=0)


def test_change_summary_pdf(client_for, draft, tmp_path):
    response = client_for("trysil").get(f"/agreements/{draft.pk}/compare.pdf?from=1&to=2")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _poppler("pdftotext", response.content, tmp_path)
    assert "Endringsoversikt" in text and "Grønn omstilling i skog- og trenæringen" in text
    assert 'pdfaid:part="3"' in _poppler("pdfinfo", response.content, tmp_path, "-meta")
    assert client_for("trysil").get(f"/agreements/{draft.pk}/compare.pdf?from=1").status_code == 400


@pytest.mark.parametrize(("username", "status"), [("smola", 404), (None, 404), ("statsforvalter-innlandet", 200)])
def test_document_download_roles(client_for, draft, username, status):
    assert client_for(username).get(f"/agreements/{draft.pk}/versions/1.docx").status_code == status


def test_public_downloads_the_final_text_of_an_approved_agreement(client_for, demo):
    agreement = demo["pilots"]["Indre Namdal"].agreement
    final = agreement.versions.get(kind="final")
    assert client_for(None).get(f"/agreements/{agreement.pk}/versions/{final.number}.pdf").status_code == 200
