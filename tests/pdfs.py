"""A minimal valid one-page PDF for tests that upload a signed copy or minutes."""


def tiny_pdf(text="Bygdevekst"):
    """A minimal valid one-page PDF (a catalogue, a page, a text stream, a font, xref and %%EOF)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def requires_libreoffice(test):
    """LibreOffice converts a document to PDF to prove it opens. A laptop without it skips such a test and says so;
    CI installs it (.ci/run), so there a missing `soffice` is a failure, never a skip."""
    import os
    import shutil

    import pytest

    return pytest.mark.skipif(
        shutil.which("soffice") is None and not os.environ.get("CI"),
        reason="LibreOffice (soffice) is not installed on this machine; CI installs it and runs this test",
    )(test)
