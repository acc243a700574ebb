"""Recording anchoring decisions, the per-round matrix, and the minutes download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from bygdevekst.access.views import require_perm
from bygdevekst.access.visibility import visible_agreements
from bygdevekst.core.guards import Refused
from bygdevekst.programme.models import Round
from bygdevekst.programme.queries import current_round

from ..domain import anchoring
from ..domain.matrix import round_matrix
from ..enums import AddendumState
from ..forms import AnchoringDecisionForm
from ..models import AnchoringDecision
from .common import back_to_process, get_agreement, recordable_organisations


def record_decision(request, pk):
    agreement = get_agreement(request, pk, "process.record_anchoring")
    orgs = recordable_organisations(request.user, agreement)
    addenda = agreement.addenda.filter(state=AddendumState.IN_APPROVAL)
    form = AnchoringDecisionForm(request.POST or None, request.FILES or None, organisations=orgs, addenda=addenda)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in form.Meta.fields if k in form.cleaned_data}
        try:
            anchoring.record_decision(agreement, request.user, request=request, **data)
        except Refused as refusal:
            for reason in refusal.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, _("The decision is recorded."))
            return back_to_process(agreement)
    return render(request, "programme/form.html", {
        "form": form, "multipart": True, "title": _("Record a political decision"),
        "intro": _("A final approval is recorded against the agreement's final version and its SHA-256."),
        "crumbs": [(agreement.pilot.name, agreement.pilot.get_absolute_url()),
                   (_("Process"), reverse("process:agreement", args=[agreement.pk]))],
        "cancel_url": reverse("process:agreement", args=[agreement.pk]),
    })


@require_safe
def minutes_download(request, pk):
    decision = get_object_or_404(AnchoringDecision.objects.select_related("agreement"), pk=pk)
    if not visible_agreements(request.user).filter(pk=decision.agreement_id).exists() or not decision.minutes:
        raise Http404
    require_perm(request.user, "process.view_process", decision.agreement)
    return FileResponse(decision.minutes.open("rb"), content_type="application/pdf",
                        filename=anchoring.minutes_filename(decision))


@require_safe
@login_required
def matrix(request, pk=None):
    require_perm(request.user, "process.view_matrix")
    round_ = get_object_or_404(Round, pk=pk) if pk else current_round()
    if round_ is None:
        raise Http404
    return render(request, "process/matrix.html", {"round": round_, "rows": round_matrix(round_),
                                                    "rounds": Round.objects.order_by("-number")})
