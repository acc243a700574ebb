"""One document per version: the version's PDF/A is rendered once, by the one renderer (`pdf.version_pdf`),
stored as a VersionDocument, and from then on read, never rendered again. Downloads, the case log and the
archive package therefore hand on byte-identical files.

RENDERER names the renderer's layout. When the layout improves, raise it: the next request for a version
stores the better rendering as the version's next document (number + 1); the earlier documents stay, with
their checksums, so whatever was registered or handed over from them can still be verified."""

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from ..models import VersionDocument
from .pdf import version_pdf

RENDERER = "agreement-pdf/3"  # 3: a version frozen by the process is named once ("Avtaleforslag", not twice)


def document_filename(version):
    pilot = slugify(version.agreement.pilot.name) or "avtale"
    return f"{pilot}-v{version.number}.pdf"


def stored_document(version):
    """The version's current stored document, rendered and stored on first use."""
    current = VersionDocument.objects.filter(version=version, renderer=RENDERER).order_by("-number").first()
    if current is not None:
        return current
    content = version_pdf(version)
    sha = hashlib.sha256(content).hexdigest()
    number = (VersionDocument.objects.filter(version=version).order_by("-number").values_list("number", flat=True)
              .first() or 0) + 1
    document = VersionDocument(version=version, number=number, renderer=RENDERER, filename=document_filename(version),
                               size=len(content), sha256=sha)
    document.file.save(document.filename, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # another request stored it first: serve that one
        return VersionDocument.objects.get(version=version, renderer=RENDERER)
    return document


def stored_pdf(version):
    return stored_document(version).read()
