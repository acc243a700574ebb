"""Freezing a named version from the browser or the API (proposal and final are the process app's)."""

from django.db import transaction

from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Stale

from ..enums import AgreementState, VersionKind
from ..guards import text_is_editable
from ..models import Agreement
from .editing import _remember
from .snapshot import content_hash, freeze_version, snapshot

# One kind per state in which the text is editable (guards.EDITABLE_STATES).
KIND_FOR_STATE = {
    AgreementState.DRAFT: VersionKind.DRAFT_SNAPSHOT,
    AgreementState.IN_DIALOGUE: VersionKind.DIALOGUE_REVISION,
}


def freeze_named_version(agreement, user, label, base_lock_version, request=None):
    """Guard (state, lock_version) → freeze → log, under the agreement's row lock. The kind follows the
    agreement's state. Returns (version, created).

    Freezing bumps the lock, so a second click on the same page is stale (Stale, 409) and only one of
    several simultaneous clicks freezes. Freezing text identical to the latest version makes no new version:
    that version is returned (created False)."""
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        text_is_editable.check(locked)
        kind = KIND_FOR_STATE[locked.state]
        if base_lock_version is None or int(base_lock_version) != locked.lock_version:
            raise Stale(base_lock_version, locked.lock_version)
        _remember(locked)
        latest = locked.versions.order_by("-number").first()
        locked.lock_version += 1
        locked.save(update_fields=["lock_version", "updated_at"])
        _remember(locked)
        agreement.lock_version = locked.lock_version
        if latest is not None and latest.sha256 == content_hash(snapshot(locked)):
            log_action("agreement.version_unchanged", actor=user, obj=latest, agreement=locked, request=request,
                       data={"number": latest.number, "sha256": latest.sha256, "lock_version": locked.lock_version})
            return latest, False
        return freeze_logged(locked, kind, user, label, request=request), True


def freeze_logged(agreement, kind, user, label, request=None):
    """Freeze and log it: the one way a named version is made outside the process's own steps."""
    with transaction.atomic():
        version = freeze_version(agreement, kind, user, label)
        log_action(
            "agreement.version_frozen", actor=user, obj=version, agreement=agreement, request=request,
            data={"number": version.number, "kind": kind, "label": label, "sha256": version.sha256},
        )
        return version
