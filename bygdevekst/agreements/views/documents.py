"""Downloads: any version as PDF/A or Word, a change summary as PDF/A or as Word tracked changes. Each export
is logged."""

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from bygdevekst.access.views import require_perm
from bygdevekst.audit.log import log_action

from ..documents.pdf import changes_pdf
from ..documents.redline import changes_docx
from ..documents.store import stored_document
from ..documents.word import version_docx as render_docx
from .versions import get_version, parse_pair, visible_agreement

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(blob, content_type, filename):
    response = HttpResponse(blob, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(agreement, number, ext):
    return f"{slugify(agreement.pilot.name) or 'avtale'}-v{number}.{ext}"


@require_safe
def version_pdf(request, pk, number):
    agreement = visible_agreement(request, pk)
    version = get_version(request, agreement, number)
    document = stored_document(version)  # rendered once, then always the same stored bytes
    log_action("agreement.exported", obj=version, agreement=agreement, request=request,
               data={"number": version.number, "format": "pdf", "sha256": version.sha256,
                     "document_sha256": document.sha256})
    return _download(document.read(), "application/pdf", _filename(agreement, number, "pdf"))


@require_safe
def version_docx(request, pk, number):
    agreement = visible_agreement(request, pk)
    version = get_version(request, agreement, number)
    blob = render_docx(version)
    log_action("agreement.exported", obj=version, agreement=agreement, request=request,
               data={"number": version.number, "format": "docx", "sha256": version.sha256})
    return _download(blob, DOCX, _filename(agreement, number, "docx"))


@require_safe
def compare_pdf(request, pk):
    agreement = visible_agreement(request, pk)
    require_perm(request.user, "agreements.view_versions", agreement)
    old, new, error = parse_pair(request, agreement)
    if error:
        return HttpResponse(error or _("Choose two versions to compare."), status=400, content_type="text/plain; charset=utf-8")
    blob = changes_pdf(old, new)
    log_action("agreement.exported", obj=agreement, request=request,
               data={"format": "pdf", "changes": {"from": old.number, "to": new.number}})
    return _download(blob, "application/pdf", f"{slugify(agreement.pilot.name) or 'avtale'}-endringar-v{old.number}-v{new.number}.pdf")


@require_safe
def compare_docx(request, pk):
    """The change summary as Word tracked changes: reject all gives the older text, accept all the newer."""
    agreement = visible_agreement(request, pk)
    require_perm(request.user, "agreements.view_versions", agreement)
    old, new, error = parse_pair(request, agreement)
    if error:
        return HttpResponse(error or _("Choose two versions to compare."), status=400, content_type="text/plain; charset=utf-8")
    blob = changes_docx(old, new)
    log_action("agreement.exported", obj=agreement, request=request,
               data={"format": "docx", "changes": {"from": old.number, "to": new.number}})
    return _download(blob, DOCX, f"{slugify(agreement.pilot.name) or 'avtale'}-endringar-v{old.number}-v{new.number}.docx")
