"""The same HTML gives the same PDF bytes, rendered now or a second later (core/pdf.py: a stable file
identifier, no creation time that changes). The test session leans on this: tests/conftest.py renders each
distinct document once per session and hands the same bytes to later requests for exactly that input."""

import time

import weasyprint

from bygdevekst.core import pdf

HTML = """<!doctype html><html lang="nn"><head><title>Avtale</title></head>
<body><h1>Bygdevekstavtale</h1><p>Gáivuotna, Kåfjord og Kaivuono: æ, ø og å.</p></body></html>"""


def test_the_same_html_renders_to_the_same_bytes_and_other_html_does_not(monkeypatch):
    monkeypatch.setattr(pdf, "HTML", weasyprint.HTML)  # the real renderer, not the session's remembered bytes
    first = pdf.write_pdf(HTML, seed="avtale-1")
    time.sleep(1.1)  # a creation time in seconds would differ now
    assert pdf.write_pdf(HTML, seed="avtale-1") == first
    assert pdf.write_pdf(HTML) == pdf.write_pdf(HTML)
    assert pdf.write_pdf(HTML.replace("Avtale", "Avtale 2"), seed="avtale-1") != first
    assert first.startswith(b"%PDF-")


def _counting_renders(monkeypatch):
    """The list that grows by one at each layout WeasyPrint makes from now on in this test."""
    renders = []

    class Counting(weasyprint.HTML):
        def render(self, *args, **kwargs):
            renders.append(1)
            return super().render(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", Counting)
    return renders


def test_the_session_renders_each_distinct_document_once(monkeypatch):
    renders = _counting_renders(monkeypatch)
    # (tests/conftest.py has wrapped pdf.HTML for this test; the real class it calls is now a counting one)
    other = HTML.replace("Avtale", "Avtale for teljing")
    assert pdf.write_pdf(other) == pdf.write_pdf(other)
    assert pdf.write_pdf(other.replace("teljing", "teljing 2")).startswith(b"%PDF-")
    assert len(renders) == 2


DATED = """<!doctype html><html lang="nb"><head><title>Avtale med dato</title>
<meta name="dcterms.created" content="{when}"><meta name="dcterms.modified" content="{when}"></head>
<body><h1>Bygdevekstavtale</h1><p>Versjon 3: Avtaleforslag.</p></body></html>"""


def test_a_document_differing_only_in_its_dates_reuses_the_layout_and_writes_the_bytes_a_fresh_render_writes(
        monkeypatch):
    """tests/conftest.py lays out a version frozen a second later (only its dcterms dates differ) once and writes
    each with its own dates: byte for byte what WeasyPrint writes from scratch."""
    renders = _counting_renders(monkeypatch)
    first, second = DATED.format(when="2026-12-06T13:44:37Z"), DATED.format(when="2026-12-06T13:44:38Z")
    remembered = [pdf.write_pdf(first, seed="dated"), pdf.write_pdf(second, seed="dated")]
    assert len(renders) == 1 and remembered[0] != remembered[1]
    monkeypatch.setattr(pdf, "HTML", weasyprint.HTML)  # now the real renderer, each from scratch
    assert [pdf.write_pdf(first, seed="dated"), pdf.write_pdf(second, seed="dated")] == remembered
