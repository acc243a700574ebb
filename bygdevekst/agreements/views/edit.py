"""Editing the draft in the browser (project manager; draft or dialogue). Every save is optimistic-locked."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bygdevekst.access.views import get_visible_or_404, require_perm
from bygdevekst.access.visibility import visible_agreements
from bygdevekst.core.guards import Stale
from bygdevekst.core.refusals import on_refusal_return_to

from ..domain import diff as diffing
from ..domain.editing import changes_since, edit_overview, element_kinds, move_element, remove_element, save_element
from ..forms import ELEMENT_FORMS, AgreementForm
from ..models import AgreementParty, Commitment, SubGoal

# kind in the URL → (model, parent model or None, parent field, log name): the domain's one table
ELEMENTS = element_kinds()


def _editable(request, pk):
    agreement = get_visible_or_404(
        lambda u: visible_agreements(u).select_related("pilot__round"), request.user, pk=pk
    )
    require_perm(request.user, "agreements.edit_draft", agreement)
    return agreement


def _element(kind, agreement, uid):
    if kind not in ELEMENTS:
        raise Http404
    model = ELEMENTS[kind][0]
    obj = model.objects.filter(agreement=agreement, uid=uid).first()
    if obj is None:
        raise Http404
    return obj


def _conflict_context(agreement, base):
    result = changes_since(agreement, base)
    contents = []
    if result is not None:
        from ..domain.snapshot import snapshot

        contents = [snapshot(agreement)]
    return {"conflict": True, "conflict_changes": result, "names": diffing.titles(*contents) if contents else {}}


def _structure(agreement):
    return agreement.focus_areas.order_by("position", "pk").prefetch_related(
        Prefetch(
            "sub_goals",
            queryset=SubGoal.objects.order_by("position", "pk").prefetch_related(
                Prefetch("commitments", queryset=Commitment.objects.select_related("party").order_by("position", "pk")),
                Prefetch("cooperation_parties", queryset=AgreementParty.objects.select_related("organisation")),
            ),
        )
    )


def editor(request, pk, extra=None, status=200):
    agreement = _editable(request, pk)
    context = {
        "agreement": agreement,
        "focus_areas": _structure(agreement),
        "sections": agreement.sections.order_by("position", "pk"),
        **(extra or {}),
    }
    return render(request, "agreements/edit/editor.html", context, status=status)


def _rebind_with_current_lock(form_class, request, agreement, **kwargs):
    data = request.POST.copy()
    data["lock_version"] = agreement.lock_version
    form = form_class(data, agreement=agreement, **kwargs)
    form.is_valid()
    return form


@on_refusal_return_to("agreements:detail")
def overview_form(request, pk):
    agreement = _editable(request, pk)
    context = {"agreement": agreement, "heading": _("Title, period and goal")}
    if request.method == "POST":
        form = AgreementForm(request.POST, instance=agreement, agreement=agreement)
        if form.is_valid():
            try:
                edit_overview(agreement, request.user, form, request)
            except Stale as conflict:  # the person's input is kept, with what changed since
                agreement.refresh_from_db()
                context.update(_conflict_context(agreement, conflict.base))
                form = _rebind_with_current_lock(AgreementForm, request, agreement, instance=agreement)
                return render(request, "agreements/edit/form.html", {**context, "form": form}, status=409)
            messages.success(request, _("The agreement was saved."))
            return redirect("agreements:editor", pk=agreement.pk)
    else:
        form = AgreementForm(instance=agreement, agreement=agreement)
    return render(request, "agreements/edit/form.html", {**context, "form": form})


@on_refusal_return_to("agreements:detail")
def element_form(request, pk, kind, uid=None):
    agreement = _editable(request, pk)
    if kind not in ELEMENTS:
        raise Http404
    model, parent_model, parent_field, _log_name = ELEMENTS[kind]
    form_class = ELEMENT_FORMS[kind]
    if uid is not None:
        obj = _element(kind, agreement, uid)
        parent = getattr(obj, parent_field) if parent_field else None
    else:
        parent = None
        if parent_model is not None:
            parent = parent_model.objects.filter(agreement=agreement, uid=request.GET.get("parent") or None).first()
            if parent is None:
                raise Http404
        obj = model(**({parent_field: parent} if parent_field else {"agreement": agreement}))
    context = {"agreement": agreement, "kind": kind, "parent": parent, "obj": obj,
               "heading": _("Edit") if uid else _("Add")}
    if request.method != "POST":
        form = form_class(instance=obj, agreement=agreement)
        return render(request, "agreements/edit/form.html", {**context, "form": form})
    form = form_class(request.POST, instance=obj, agreement=agreement)
    if not form.is_valid():
        return render(request, "agreements/edit/form.html", {**context, "form": form}, status=400)
    try:
        save_element(agreement, request.user, kind, form, created=uid is None, request=request)
    except Stale as conflict:  # the person's input is kept, with what changed since
        agreement.refresh_from_db()
        context.update(_conflict_context(agreement, conflict.base))
        form = _rebind_with_current_lock(form_class, request, agreement, instance=obj)
        return render(request, "agreements/edit/form.html", {**context, "form": form}, status=409)
    messages.success(request, _("Saved."))
    return redirect("agreements:editor", pk=agreement.pk)


def _post_lock_version(request):
    try:
        return int(request.POST.get("lock_version", ""))
    except ValueError:
        return None


@require_POST
@on_refusal_return_to("agreements:detail")
def element_move(request, pk, kind, uid):
    agreement = _editable(request, pk)
    obj = _element(kind, agreement, uid)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    return _run_structural(request, agreement, lambda lock: move_element(
        agreement, request.user, kind, obj, direction, lock, request), _("Moved."))


@require_POST
@on_refusal_return_to("agreements:detail")
def element_remove(request, pk, kind, uid):
    agreement = _editable(request, pk)
    obj = _element(kind, agreement, uid)
    return _run_structural(request, agreement, lambda lock: remove_element(
        agreement, request.user, kind, obj, lock, request), _("Removed."))


def _run_structural(request, agreement, edit, done):
    try:
        edit(_post_lock_version(request))
    except Stale as conflict:  # the person's input is kept, with what changed since
        agreement.refresh_from_db()
        return editor(request, agreement.pk, extra=_conflict_context(agreement, conflict.base), status=409)
    messages.success(request, done)
    return redirect("agreements:editor", pk=agreement.pk)
