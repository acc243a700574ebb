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
