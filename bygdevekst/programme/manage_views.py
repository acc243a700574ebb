"""KDD creates and edits rounds, pilots and milestones in the app."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bygdevekst.access.views import require_perm
from bygdevekst.audit.log import changes, log_action

from .forms import MilestoneForm, PilotForm, RoundForm
from .models import Milestone, Pilot, Round


def _plain(obj, form):
    """The form's fields of `obj` as plain values (`form`: a form or its class)."""
    data = model_to_dict(obj, fields=form.Meta.fields)
    return {k: ([o.pk for o in v] if isinstance(v, list) else str(v) if v is not None else None) for k, v in data.items()}


def _edit(request, form_class, instance, action, title, crumbs, initial=None, **save_kwargs):
    require_perm(request.user, "programme.manage_rounds")
    # The values before the change, read before the form is bound (validation writes onto the instance).
    before = _plain(instance, form_class) if instance is not None and instance.pk else {}
    form = form_class(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if instance is not None and instance.pk:
                current = (type(instance).objects.select_for_update().filter(pk=instance.pk)
                           .values_list("lock_version", flat=True).get())
                if form.cleaned_data.get("lock_version") != current:
                    form.add_error(None, _("Someone else changed this while you were editing."))
                    form.add_error(None, _("Nothing was saved; your input is kept below. Open the page again "
                                           "to see what changed, then make your change again."))
                    return render(request, "programme/form.html",
                                  {"form": form, "title": title, "crumbs": crumbs}, status=409)
                instance.lock_version = current + 1
            obj = form.save(commit=False)
            for key, value in save_kwargs.items():
                setattr(obj, key, value)
            obj.save()
            form.save_m2m()
            log_action(action, actor=request.user, obj=obj, request=request, data=changes(before, _plain(obj, form)))
        messages.success(request, _("Saved."))
        return obj
    return render(request, "programme/form.html", {"form": form, "title": title, "crumbs": crumbs})


@login_required
def round_create(request):
    result = _edit(request, RoundForm, None, "round.created", _("New round"), [])
    return redirect(result.get_absolute_url()) if isinstance(result, Round) else result


@login_required
def round_edit(request, pk):
    round_ = get_object_or_404(Round, pk=pk)
    result = _edit(request, RoundForm, round_, "round.edited", _("Edit round"), [(round_.name, round_.get_absolute_url())])
    return redirect(result.get_absolute_url()) if isinstance(result, Round) else result


@login_required
def pilot_create(request, round_pk):
    round_ = get_object_or_404(Round, pk=round_pk)
    result = _edit(request, PilotForm, None, "pilot.created", _("New pilot"),
                   [(round_.name, round_.get_absolute_url())], initial={"round": round_})
    return redirect(result.get_absolute_url()) if isinstance(result, Pilot) else result


@login_required
def pilot_edit(request, pk):
    pilot = get_object_or_404(Pilot.objects.select_related("round"), pk=pk)
    result = _edit(request, PilotForm, pilot, "pilot.edited", _("Edit pilot"),
                   [(pilot.round.name, pilot.round.get_absolute_url()), (pilot.name, pilot.get_absolute_url())])
    return redirect(result.get_absolute_url()) if isinstance(result, Pilot) else result


@login_required
def milestone_create(request, round_pk):
    round_ = get_object_or_404(Round, pk=round_pk)
    result = _edit(request, MilestoneForm, None, "milestone.created", _("New milestone"),
                   [(round_.name, round_.get_absolute_url())], round=round_)
    return redirect(reverse("programme:round", args=[round_.pk])) if isinstance(result, Milestone) else result


@login_required
def milestone_edit(request, pk):
    milestone = get_object_or_404(Milestone.objects.select_related("round"), pk=pk)
    round_ = milestone.round
    result = _edit(request, MilestoneForm, milestone, "milestone.edited", _("Edit milestone"),
                   [(round_.name, round_.get_absolute_url())])
    return redirect(reverse("programme:round", args=[round_.pk])) if isinstance(result, Milestone) else result
