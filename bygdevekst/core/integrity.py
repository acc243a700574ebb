"""Records that carry their own checksum (a frozen version's SHA-256, a stored file's SHA-256, the log's hash
chain) are checked when they are served. A mismatch raises IntegrityBroken; `IntegrityErrorMiddleware` (pages)
and the API root (problem+json) answer it with a clear integrity error instead of the record, and log it.
`manage.py verify` checks every record at once (`core/verify.py`)."""

import hashlib
import json
import logging

from django.shortcuts import render

log = logging.getLogger("bygdevekst.integrity")

# A stored record failing its check is the server's fault, not the request's: 500, with its own page.
STATUS = 500


class IntegrityBroken(Exception):
    """A stored record no longer matches its checksum. `what` names it for the log and the page."""

    def __init__(self, what):
        super().__init__(what)
        self.what = what


def canonical_json(content):
    """The one serialisation a checksum is taken of: sorted keys, no spaces, UTF-8 text."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(content):
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def file_hash(fileobj, chunk=1024 * 1024):
    digest = hashlib.sha256()
    for block in iter(lambda: fileobj.read(chunk), b""):
        digest.update(block)
    return digest.hexdigest()


def open_checked(fieldfile, sha256, what):
    """A stored file opened for reading, after its content was checked against the SHA-256 recorded when it was
    stored: IntegrityBroken (naming `what`) when it differs, FileNotFoundError when the file is gone."""
    handle = fieldfile.open("rb")
    if file_hash(handle) != sha256:
        handle.close()
        raise IntegrityBroken(f"{what} (SHA-256 {sha256})")
    handle.seek(0)
    return handle


def report(request, exc):
    """Log a detected mismatch (no stack trace: the cause is the stored data, not the code)."""
    log.error("integrity check failed: %s (%s %s)", exc.what, request.method if request else "-",
              request.path if request else "-")


class IntegrityErrorMiddleware:
    """Pages: a record that fails its check is shown as the integrity error page, never as its text; a stored
file that is missing is a 410 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, FileNotFoundError):
            # A register row whose stored file is gone (a restore without files, a disk mishap): 410, not 500.
            log.error("stored file missing: %s (%s %s)", exception.filename, request.method, request.path)
            return render(request, "file_missing.html", status=410)
        if not isinstance(exception, IntegrityBroken):
            return None
        report(request, exception)
        return render(request, "integrity_error.html", {"what": exception.what}, status=STATUS)
