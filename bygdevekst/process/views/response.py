"""The state's written response: write and edit (draft), approve (second case officer), publish."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from bygdevekst.core.guards import Refused
from bygdevekst.core.refusals import on_refusal_return_to
from bygdevekst.core.shown import ContentChanged, shown_fields

from ..domain import response as domain
from ..domain.transitions import guard
from ..enums import Action, ResponseState
from ..forms import ResponseForm
from ..models import StateResponse
from .common import get_agreement
from .confirm import PUBLISH_RESPONSE, confirmation_page, confirmed


def _response(request, pk, perm):
    response = StateResponse.objects.select_related("agreement", "author", "approved_by", "version").filter(pk=pk).first()
    if response is None:
        raise Http404
    get_agreement(request, response.agreement_id, perm)
    return response


@on_refusal_return_to("process:agreement")
def edit_response(request, pk):
    """Write a new response for agreement `pk`, or edit its draft."""
    agreement = get_agreement(request, pk, "process.write_response")
    response = agreement.state_responses.filter(state=ResponseState.DRAFT).first()
    if response is None:
        domain.has_proposal.check(agreement)
    version = response.version if response else domain.proposal_version(agreement)
    targets = domain.targets(version)
    initial = {"general": response.general, "lock_version": response.lock_version} if response else {}
    if response:
        for item in response.items.all():
            initial[f"d_{item.target_uid}"] = item.disposition
            initial[f"t_{item.target_uid}"] = item.text
    form = ResponseForm(request.POST or None, initial=initial, targets=targets)
    conflict = False
    if request.method == "POST" and form.is_valid():
        if response and form.cleaned_data.get("lock_version") != response.lock_version:
            conflict = True
            form.add_error(None, _("Someone else saved this response while you were writing (by %(user)s). "
                                   "Your text is kept below; compare and save again.")
                           % {"user": response.author})
            form.data = form.data.copy()
            form.data["lock_version"] = response.lock_version
        else:
            response = domain.save_response(agreement, request.user, form.cleaned_data["general"], form.items(),
                                            response=response, request=request)
            messages.success(request, _("The response is saved as a draft."))
            return redirect("process:response", pk=response.pk)
    return render(request, "process/response_form.html", {
        "agreement": agreement, "form": form, "response": response, "version": version, "conflict": conflict,
    })


@require_safe
def response_detail(request, pk):
    response = _response(request, pk, "process.view_process")
    if not response.is_published:
        # Drafts are internal to KDD.
        get_agreement(request, response.agreement_id, "process.write_response")
    return _render_detail(request, response)


def _render_detail(request, response, changed=None, status=200):
    return render(request, "process/response.html", {
        "response": response, "agreement": response.agreement, "items": response.items.all(),
        "shown": shown_fields(domain.response_content(response)), "changed": changed,
        "can_approve": request.user.has_perm("process.approve_response", response.agreement)
        and domain.response_is_draft.holds(response) and domain.response_not_by_approver.holds(response, request.user),
        "can_publish": request.user.has_perm("process.write_response", response.agreement)
        and response.state == ResponseState.APPROVED,
    }, status=status)


@require_POST
@on_refusal_return_to("process:response")
def approve_response(request, pk):
    response = _response(request, pk, "process.approve_response")
    try:
        domain.approve_response(response, request.user, request, shown_sha256=request.POST.get("shown_sha256", ""),
                                shown_content=request.POST.get("shown_content", ""))
    except ContentChanged as changed:
        # R10: show the approver what changed since they opened it, with the current text to approve instead.
        response.refresh_from_db()
        return _render_detail(request, response, changed=changed, status=409)
    messages.success(request, _("The response is approved and can be published."))
    return redirect("process:response", pk=response.pk)


@require_POST
@on_refusal_return_to("process:response")
def publish_response(request, pk):
    response = _response(request, pk, "process.write_response")
    if not confirmed(request):
        # Irreversible: name the consequence first; a response that cannot be published is refused at once.
        reasons = guard(response.agreement, Action.RESPOND, request.user, response=response)
        if reasons:
            raise Refused(reasons)
        return confirmation_page(request, response.agreement, PUBLISH_RESPONSE,
                                 reverse("process:publish_response", args=[response.pk]),
                                 cancel_url=reverse("process:response", args=[response.pk]))
    domain.publish_response(response, request.user, request)
    messages.success(request, _("The response is published and the agreement is responded to."))
    return redirect("process:response", pk=response.pk)
