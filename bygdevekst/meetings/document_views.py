"""The meeting's documents: minutes written on the page, downloaded as PDF/A or Word and registered in the
case log; attached PDFs uploaded and downloaded. Whoever sees the meeting may read its documents."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from bygdevekst.core.refusals import on_refusal_return_to

from .domain import documents
from .domain import meetings as actions
from .forms import AttachmentForm, MinutesForm
from .views import _meeting


def _to(pk, anchor):
    return reverse("meetings:detail", args=[pk]) + anchor


@require_POST
def write_minutes(request, pk):
    meeting = _meeting(request, pk, "meetings.manage")
    form = MinutesForm(request.POST, instance=meeting, prefix="m")
    if not form.is_valid():
        messages.error(
            request,
            _("The minutes could not be saved: %(errors)s")
            % {"errors": " ".join(e for errs in form.errors.values() for e in errs)},
        )
        return redirect(_to(pk, "#minutes"))
    data = {"minutes": form.cleaned_data["minutes"], "decisions": form.cleaned_data["decisions"]}
    if actions.edit_meeting(meeting, request.user, data, form.cleaned_data["lock_version"], request=request):
        messages.success(request, _("The minutes are saved."))
    else:
        messages.error(
            request,
            _(
                "Someone else changed this meeting while you were writing. Your text was not "
                "saved; copy it, reload the page and write it into the saved minutes."
            ),
        )
    return redirect(_to(pk, "#minutes"))


def _download(request, pk, extension):
    content, name, content_type = documents.download_minutes(_meeting(request, pk), request.user, extension, request)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def minutes_pdf(request, pk):
    return _download(request, pk, "pdf")


@require_safe
def minutes_docx(request, pk):
    return _download(request, pk, "docx")


@require_POST
@on_refusal_return_to(lambda request, pk: _to(pk, "#minutes"))
def register_minutes(request, pk):
    meeting = _meeting(request, pk, "meetings.manage")
    documents.register_minutes(meeting, request.user, request=request)
    messages.success(request, _("The minutes are registered in the pilot's case log."))
    return redirect(_to(pk, "#minutes"))


@require_POST
def attach(request, pk):
    meeting = _meeting(request, pk, "meetings.manage")
    form = AttachmentForm(request.POST, request.FILES, prefix="d")
    if form.is_valid():
        item = documents.attach_document(
            meeting,
            request.user,
            form.cleaned_data["kind"],
            form.cleaned_data["title"],
            form.cleaned_data["file"],
            request=request,
        )
        if item.pdfa_problems:
            messages.warning(request, _("The document is attached as a plain PDF. It says it is %(pdfa)s, but %(problems)s, "
                                        "which PDF/A does not allow. Save it as PDF/A again if it is to be archived.")
                             % {"pdfa": item.pdfa_claimed, "problems": documents.pdfa_problem_text(item.pdfa_problems)})
        else:
            messages.success(request, _("The document is attached."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(_to(pk, "#documents"))


@require_POST
@on_refusal_return_to(lambda request, pk, doc: _to(pk, "#documents"))
def withdraw_attachment(request, pk, doc):
    """R9: a document attached by mistake is withdrawn with a reason, never deleted."""
    meeting = _meeting(request, pk, "meetings.manage")
    item = meeting.attachments.filter(pk=doc).first()
    if item is None:
        raise Http404
    documents.withdraw_attachment(item, request.user, request.POST.get("reason", ""), request=request)
    messages.success(request, _("The document is withdrawn; it stays listed with the reason."))
    return redirect(_to(pk, "#documents"))


@require_safe
def attachment(request, pk, doc):
    meeting = _meeting(request, pk)
    item = meeting.attachments.filter(pk=doc).first()
    if item is None:
        raise Http404
    return FileResponse(documents.open_attachment(item), as_attachment=True, filename=item.filename, content_type="application/pdf")
