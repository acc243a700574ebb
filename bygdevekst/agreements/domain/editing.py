"""Editing the draft text: one function applies every edit under the optimistic lock.

guard (state, lock_version) → save → bump lock_version → log, in one transaction. A stale
lock_version saves nothing and raises core.guards.Stale; `changes_since()` tells the user what changed.
"""

from django.db import transaction

from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Stale

from ..guards import text_is_editable
from ..models import Agreement, DraftRevision
from . import diff as diffing
from .snapshot import snapshot


def _remember(agreement):
    """Keep the content at the current lock_version (once), the base a later conflict is compared with."""
    DraftRevision.objects.get_or_create(
        agreement=agreement, lock_version=agreement.lock_version, defaults={"content": snapshot(agreement)}
    )


def apply_edit(agreement, user, base_lock_version, action, change, request=None):
    """Run `change(locked_agreement)` → (obj, data) as one edit. Returns obj."""
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        text_is_editable.check(locked)
        if base_lock_version is None or int(base_lock_version) != locked.lock_version:
            raise Stale(base_lock_version, locked.lock_version)
        _remember(locked)
        obj, data = change(locked)
        locked.lock_version += 1
        locked.save(update_fields=["lock_version", "updated_at"])
        _remember(locked)
        agreement.lock_version = locked.lock_version
        log_action(action, actor=user, obj=obj if obj is not None else locked, agreement=locked,
                   data={**data, "lock_version": locked.lock_version}, request=request)
        return obj


def changes_since(agreement, base_lock_version):
    """The comparison of the draft at the user's base lock_version with the draft now (None if unknown)."""
    try:
        base = DraftRevision.objects.get(agreement=agreement, lock_version=int(base_lock_version)).content
    except (DraftRevision.DoesNotExist, TypeError, ValueError):
        return None
    return diffing.diff(base, snapshot(agreement))


def move(obj, siblings, direction):
    """Swap obj with its neighbour up or down among its siblings; positions become 0..n."""
    items = list(siblings)
    i = next(n for n, s in enumerate(items) if s.pk == obj.pk)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(items):
        items[i], items[j] = items[j], items[i]
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    return items.index(obj) if obj in items else i


# ---- The edits themselves: one function per edit, called by the editor's pages and the API ----------------------
# kind (as in the editor's URLs and the API's paths) → (model, parent model, parent field, log name)
def element_kinds():
    from ..models import Commitment, FocusArea, Section, SubGoal

    return {
        "focus-area": (FocusArea, None, None, "focus_area"),
        "sub-goal": (SubGoal, FocusArea, "focus_area", "sub_goal"),
        "commitment": (Commitment, SubGoal, "sub_goal", "commitment"),
        "section": (Section, None, None, "section"),
    }


def siblings(kind, obj, agreement):
    """The parts of the same kind under the same parent, in order."""
    from ..models import Commitment, SubGoal

    if kind == "focus-area":
        return agreement.focus_areas.order_by("position", "pk")
    if kind == "sub-goal":
        return SubGoal.objects.filter(focus_area_id=obj.focus_area_id).order_by("position", "pk")
    if kind == "commitment":
        return Commitment.objects.filter(sub_goal_id=obj.sub_goal_id).order_by("position", "pk")
    return agreement.sections.order_by("position", "pk")


def _jsonable(values):
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}


def edit_overview(agreement, user, form, request=None):
    """Title, period, purpose and overall goal from a valid AgreementForm, under the lock it carries."""
    from django.forms.models import model_to_dict

    from bygdevekst.audit.log import changes

    fields = list(form.Meta.fields)
    # What is stored, not the instance: validating a model form already wrote the new values onto it.
    before = model_to_dict(Agreement.objects.get(pk=agreement.pk), fields=fields)

    def change(locked):
        for name in fields:
            setattr(locked, name, form.cleaned_data[name])
        locked.save(update_fields=fields)
        after = model_to_dict(locked, fields=fields)
        return locked, {"changes": changes(_jsonable(before), _jsonable(after))}

    return apply_edit(agreement, user, form.cleaned_data["lock_version"], "agreement.edited", change, request)


def save_element(agreement, user, kind, form, created, request=None):
    """Add (created) or edit a part from a valid element form (ELEMENT_FORMS[kind]) bound to its instance, under
    the lock the form carries; a new part goes last among its siblings. Returns the part."""
    from django.db.models import Max
    from django.forms.models import model_to_dict

    from bygdevekst.audit.log import changes

    log_name = element_kinds()[kind][3]
    fields = list(form.Meta.fields)
    stored = None if created else type(form.instance).objects.filter(pk=form.instance.pk).first()
    before = model_to_dict(stored, fields=fields) if stored is not None else {}

    def change(locked):
        instance = form.save(commit=False)
        if created:
            instance.position = (siblings(kind, instance, agreement).aggregate(m=Max("position"))["m"] or 0) + 1
        instance.save()
        if "cooperation_parties" in form.cleaned_data:
            chosen = set(form.cleaned_data["cooperation_parties"])
            for party in form.fields["cooperation_parties"].queryset:
                (party.sub_goals.add if party in chosen else party.sub_goals.remove)(instance)
        after = model_to_dict(instance, fields=fields)
        return instance, {"kind": log_name, "uid": str(instance.uid), "changes": changes(before, after)}

    action = f"agreement.{log_name}_{'added' if created else 'edited'}"
    return apply_edit(agreement, user, form.cleaned_data["lock_version"], action, change, request)


def move_element(agreement, user, kind, obj, direction, base_lock_version, request=None):
    """Swap a part with its neighbour up or down."""
    log_name = element_kinds()[kind][3]

    def change(locked):
        before = obj.position
        move(obj, siblings(kind, obj, agreement), direction)
        return obj, {"kind": log_name, "uid": str(obj.uid), "direction": direction,
                     "position": {"before": before, "after": obj.position}}

    return apply_edit(agreement, user, base_lock_version, f"agreement.{log_name}_moved", change, request)


def remove_element(agreement, user, kind, obj, base_lock_version, request=None):
    """Remove a part (and what is under it) from the draft; frozen versions keep it."""
    log_name = element_kinds()[kind][3]

    def change(locked):
        data = {"kind": log_name, "uid": str(obj.uid), "before": {"title": str(obj)}}
        obj.delete()
        return locked, data

    return apply_edit(agreement, user, base_lock_version, f"agreement.{log_name}_removed", change, request)
