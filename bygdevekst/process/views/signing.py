"""Signing an approved agreement, and addenda to an agreement in force."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from bygdevekst.agreements.enums import PartyRole
from bygdevekst.core.refusals import on_refusal_return_to

from ..domain import addenda
from ..domain.signing import can_be_signed, current_signing, record_signing, signed_copy_filename
from ..forms import AddendumForm, SigningForm
from .common import back_to_process, get_agreement


@on_refusal_return_to("process:agreement")
def sign(request, pk):
    agreement = get_agreement(request, pk, "process.sign")
    can_be_signed.check(agreement)
    parties = list(agreement.parties.filter(role=PartyRole.MAIN_PARTY).select_related("organisation"))
    form = SigningForm(request.POST or None, request.FILES or None, parties=parties)
    if request.method == "POST" and form.is_valid():
        record_signing(
            agreement, form.cleaned_data["signed_on"],
            [(p.organisation, form.cleaned_data[f"s_{p.organisation_id}"], "") for p in parties],
            request.user, signed_copy=form.cleaned_data["signed_copy"], request=request,
        )
        messages.success(request, _("The signing is recorded."))
        return back_to_process(agreement)
    return render(request, "programme/form.html", {
        "form": form, "multipart": True, "title": _("Signature page"),
        "intro": _("One signatory per main party, the signing date and the scanned signed copy."),
        "crumbs": [(agreement.pilot.name, agreement.pilot.get_absolute_url()),
                   (_("Process"), reverse("process:agreement", args=[agreement.pk]))],
        "cancel_url": reverse("process:agreement", args=[agreement.pk]),
    })


@require_safe
def signed_copy(request, pk):
    agreement = get_agreement(request, pk, "agreements.view_agreement")
    signing = current_signing(agreement)
    if signing is None or not signing.signed_copy:
        raise Http404
    return FileResponse(signing.signed_copy.open("rb"), content_type="application/pdf",
                        filename=signed_copy_filename(signing))


@on_refusal_return_to("process:agreement")
def add_addendum(request, pk):
    agreement = get_agreement(request, pk, "process.manage_addenda")
    addenda.in_force.check(agreement)
    form = AddendumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        addendum = addenda.create_addendum(agreement, request.user, form.cleaned_data["title"],
                                           form.cleaned_data["text"], request=request)
        messages.success(request, _("Addendum %(n)s is created.") % {"n": addendum.number})
        return back_to_process(agreement)
    return render(request, "programme/form.html", {
        "form": form, "title": _("New addendum"),
        "crumbs": [(agreement.pilot.name, agreement.pilot.get_absolute_url()),
                   (_("Process"), reverse("process:agreement", args=[agreement.pk]))],
        "cancel_url": reverse("process:agreement", args=[agreement.pk]),
    })


def _addendum(request, pk, number):
    agreement = get_agreement(request, pk, "process.manage_addenda")
    addendum = agreement.addenda.filter(number=number).first()
    if addendum is None:
        raise Http404
    return agreement, addendum


@require_POST
@on_refusal_return_to("process:agreement")
def send_addendum(request, pk, number):
    agreement, addendum = _addendum(request, pk, number)
    addenda.send_for_approval(addendum, request.user, request)
    messages.success(request, _("Addendum %(n)s is sent for approval.") % {"n": number})
    return back_to_process(agreement)


@require_POST
@on_refusal_return_to("process:agreement")
def approve_addendum(request, pk, number):
    agreement, addendum = _addendum(request, pk, number)
    addenda.approve_addendum(addendum, request.user, request)
    messages.success(request, _("Addendum %(n)s is approved.") % {"n": number})
    return back_to_process(agreement)
