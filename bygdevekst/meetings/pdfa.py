"""Which PDF/A a file says it is: the part and conformance in its XMP metadata (pdfaid:part,
pdfaid:conformance), read from the metadata streams (plain or Flate-compressed). This reads the file's
own claim, as archives do on intake; it is no full validation (no veraPDF is available here)."""

import re
import zlib

_METADATA = re.compile(
    rb"<<(?:(?!>>\s*stream).){0,400}?/Type\s*/Metadata(?:(?!>>\s*stream).){0,400}?>>\s*stream\r?\n", re.DOTALL
)
_PART = re.compile(rb"pdfaid:part(?:>|\s*=\s*[\"'])\s*([1-4])")
_CONFORMANCE = re.compile(rb"pdfaid:conformance(?:>|\s*=\s*[\"'])\s*([ABUabu])")


def _streams(data):
    for match in _METADATA.finditer(data):
        end = data.find(b"endstream", match.end())
        if end < 0:
            continue
        raw = data[match.end() : end]
        if b"FlateDecode" in match.group(0):
            try:
                raw = zlib.decompressobj().decompress(raw)
            except zlib.error:
                continue
        yield raw


def pdfa_identification(data):
    """ "PDF/A-2b" for a file whose XMP metadata declares part 2, conformance B; "" when none does."""
    for xmp in _streams(data):
        part, conformance = _PART.search(xmp), _CONFORMANCE.search(xmp)
        if part and conformance:
            return f"PDF/A-{part.group(1).decode()}{conformance.group(1).decode().lower()}"
    return ""
