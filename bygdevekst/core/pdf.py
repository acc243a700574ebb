"""Every PDF the platform generates goes through `write_pdf`: PDF/A-3b for the archive and tagged
(a structure tree, reading order, `/Lang` from `<html lang>`, the title from `<title>`) so screen
readers can read it, as the accessibility statement promises. One place, so no kind of document can
forget either."""

import hashlib

from weasyprint import HTML

PDF_VARIANT = "pdf/a-3b"
FORMAT_NAME = "PDF/A-3b"


def identifier(seed):
    """A stable file identifier, so the same input gives the same bytes."""
    return hashlib.md5(seed.encode(), usedforsecurity=False).hexdigest().encode()


def write_pdf(html, *, seed=None):
    options = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
    if seed is not None:
        options["pdf_identifier"] = identifier(seed)
    return HTML(string=html, base_url=None).write_pdf(**options)
