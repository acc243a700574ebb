"""The upload validators: every uploaded file is judged here, by its content and size, never by its name.

    from bygdevekst.access.uploads import validate_pdf_upload
    file = forms.FileField(validators=[validate_pdf_upload])

Used by every file field (process: anchoring minutes, signed copies; actionplans: the spreadsheet import,
form and API alike). One limit for all: `settings.MAX_UPLOAD_BYTES`. Each raises ValidationError with a
translated message a person can act on.
"""

import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF_HEADER = b"%PDF-"
PDF_EOF = b"%%EOF"
PDF_HEADER_WINDOW = 1024  # the header may follow a little junk, as readers allow
PDF_TAIL_WINDOW = 2048  # %%EOF must be near the end (trailing whitespace and junk are common)
PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj")  # a file with no object at all is no document
ZIP_SIGNATURE = b"PK\x03\x04"
XLSX_REQUIRED = ("[Content_Types].xml", "xl/workbook.xml")


def _size_limit():
    return settings.MAX_UPLOAD_BYTES


def _check_size(file):
    size = getattr(file, "size", None)
    if size is None:
        return
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > _size_limit():
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(_size_limit())},
        )


def _read(file, offset, length, whence=0):
    file.seek(offset, whence)
    return file.read(length)


def validate_pdf_upload(file):
    """A PDF document: `%PDF-` at the start, an object, and `%%EOF` near the end, within the size limit."""
    _check_size(file)
    try:
        head = _read(file, 0, PDF_HEADER_WINDOW)
        size = getattr(file, "size", None) or len(head)
        tail = _read(file, max(0, size - PDF_TAIL_WINDOW), PDF_TAIL_WINDOW)
    finally:
        file.seek(0)
    if PDF_HEADER not in head:
        raise ValidationError(_("The file is not a PDF document. Upload a PDF file."), code="not_pdf")
    if PDF_EOF not in tail or not PDF_OBJECT.search(head + tail):
        raise ValidationError(
            _("The PDF document is incomplete or damaged. Save it again and upload it anew."), code="truncated_pdf"
        )


def validate_xlsx_upload(file):
    """An Excel workbook (.xlsx): a zip archive holding a workbook, within the size limit."""
    _check_size(file)
    message = _("The file is not an Excel workbook (.xlsx). Save it as .xlsx and upload it again.")
    try:
        if _read(file, 0, len(ZIP_SIGNATURE)) != ZIP_SIGNATURE:
            raise ValidationError(message, code="not_xlsx")
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise ValidationError(
                _("The workbook is damaged and cannot be read. Save it again and upload it anew."), code="broken_xlsx"
            ) from exc
        if not all(name in names for name in XLSX_REQUIRED):
            raise ValidationError(message, code="not_xlsx")
    finally:
        file.seek(0)
