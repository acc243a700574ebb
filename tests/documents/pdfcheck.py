"""Reading a generated PDF's catalogue and identification without a PDF library: poppler's pdfinfo for
what it reports (Tagged = /MarkInfo Marked, the structure tree, the XMP pdfaid), and the catalogue
dictionary itself from the decompressed object streams for /StructTreeRoot and /Lang."""

import re
import subprocess  # nosec B404  fixed poppler tools on a file the test wrote
import zlib


def _poppler(pdf, tmp_path, *args):
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfinfo", *args, str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603,S607


def catalogue(pdf):
    """The /Type /Catalog dictionary's text, from the file or from a compressed object stream."""
    texts = [pdf]
    # The end-of-line before `endstream` is not part of the data, but a compressed stream may itself end in a CR or
    # LF byte: take everything up to `endstream` and let the decompressor leave what follows the data unused.
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            texts.append(zlib.decompressobj().decompress(match.group(1)))
        except zlib.error:
            continue  # an image or font stream that is not Flate-compressed text
    for text in texts:
        found = re.search(rb"/Type\s*/Catalog(.*?)/OutputIntents", text, re.S)
        if found:
            return found.group(1).decode("latin-1")
    raise AssertionError("no document catalogue found")


def accessibility(pdf, tmp_path):
    """{'tagged', 'struct_tree', 'lang', 'pdfa', 'title', 'structure'} of one PDF."""
    info = _poppler(pdf, tmp_path)
    meta = _poppler(pdf, tmp_path, "-meta")
    structure = _poppler(pdf, tmp_path, "-struct")
    cat = catalogue(pdf)
    lang = re.search(r"/Lang\s*\(([^)]*)\)", cat)
    title = re.search(r"^Title:\s*(.*)$", info, re.M)
    return {
        "tagged": re.search(r"^Tagged:\s*yes", info, re.M) is not None and "/Marked true" in cat,
        "struct_tree": "/StructTreeRoot" in cat,
        "structure": structure,
        "lang": lang.group(1) if lang else None,
        "pdfa": 'pdfaid:part="3"' in meta and 'pdfaid:conformance="B"' in meta,
        "title": title.group(1).strip() if title else "",
    }
