"""Which PDF/A a file says it is: the part and conformance in its XMP metadata (pdfaid:part,
pdfaid:conformance), read from the metadata streams (plain or Flate-compressed), and whether the file breaks
a rule every PDF/A part has: no encryption (ISO 19005-1 6.1.3, -2/-3 6.1.3: no Encrypt key in the trailer)
and no JavaScript or launch actions (6.6.1). Those are looked for in the file's own bytes and in its
Flate-compressed object streams. A claim that breaks them is not recorded as PDF/A.

This is an intake check, not a full validation: fonts, colour spaces and the rest of ISO 19005 need
veraPDF, which is not available here."""

import re
import zlib

from django.utils.translation import gettext_lazy as _

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


_OBJECT_STREAM = re.compile(rb"<<(?:(?!>>\s*stream).){0,400}?/Type\s*/ObjStm(?:(?!>>\s*stream).){0,400}?>>\s*stream\r?\n",
                            re.DOTALL)
_ENCRYPT = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")
_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch)\b")
ENCRYPTED, ACTIVE_CONTENT = "encrypted", "active_content"
PROBLEM_LABELS = {ENCRYPTED: _("it is encrypted"), ACTIVE_CONTENT: _("it contains JavaScript or a launch action")}


def _object_streams(data):
    for match in _OBJECT_STREAM.finditer(data):
        end = data.find(b"endstream", match.end())
        if end < 0 or b"FlateDecode" not in match.group(0):
            continue
        try:
            yield zlib.decompressobj().decompress(data[match.end() : end])
        except zlib.error:
            continue


def pdfa_problems(data):
    """The PDF/A rules the file breaks that this check can see: ENCRYPTED, ACTIVE_CONTENT (JavaScript or a
    launch action), in that order; [] when it sees none."""
    problems = []
    if _ENCRYPT.search(data):
        problems.append(ENCRYPTED)
    if _ACTIVE.search(data) or any(_ACTIVE.search(chunk) for chunk in _object_streams(data)):
        problems.append(ACTIVE_CONTENT)
    return problems


def pdfa_identification(data):
    """ "PDF/A-2b" for a file whose XMP metadata declares part 2, conformance B; "" when none does."""
    for xmp in _streams(data):
        part, conformance = _PART.search(xmp), _CONFORMANCE.search(xmp)
        if part and conformance:
            return f"PDF/A-{part.group(1).decode()}{conformance.group(1).decode().lower()}"
    return ""
