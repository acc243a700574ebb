"""Every PDF the platform generates goes through `write_pdf`: PDF/A-3b for the archive and tagged
(a structure tree, reading order, `/Lang` from `<html lang>`, the title from `<title>`) so screen
readers can read it, as the accessibility statement promises. One place, so no kind of document can
forget either."""

import hashlib

PDF_VARIANT = "pdf/a-3b"
FORMAT_NAME = "PDF/A-3b"


def HTML(**kwargs):  # noqa: N802  (WeasyPrint's document class, called as it is; tests put their own in its place)
    """WeasyPrint's document, imported when the first PDF is made: loading WeasyPrint (its text and font
    libraries) is about 0.7 s of every process's start, and most processes — a web worker between downloads, a
    management command, a deployment check — never make a PDF."""
    from weasyprint import HTML as Document

    return Document(**kwargs)


def identifier(seed):
    """A stable file identifier, so the same input gives the same bytes."""
    return hashlib.md5(seed.encode(), usedforsecurity=False).hexdigest().encode()


def write_pdf(html, *, seed=None):
    options = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
    if seed is not None:
        options["pdf_identifier"] = identifier(seed)
    return HTML(string=html, base_url=None).write_pdf(**options)
