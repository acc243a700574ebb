"""Start the agreement of a pilot that has none (a new round's pilot): the project manager or KDD."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bygdevekst.access.views import require_perm
from bygdevekst.core.refusals import on_refusal_return_to
from bygdevekst.programme.models import Pilot

from ..domain.start import start_agreement


def _pilot_page(request, pilot_pk):
    return get_object_or_404(Pilot, pk=pilot_pk).get_absolute_url()


@require_POST
@login_required
@on_refusal_return_to(_pilot_page)
def start(request, pilot_pk):
    pilot = get_object_or_404(Pilot.objects.select_related("lead_municipality", "county_council"), pk=pilot_pk)
    require_perm(request.user, "agreements.start", pilot)
    agreement = start_agreement(pilot, request.user, request=request)
    messages.success(request, _("The draft agreement is started. Write it here; nothing is sent until you submit."))
    return redirect("agreements:editor", pk=agreement.pk)
