"""Freezing a named version from the browser or the API (proposal and final are the process app's)."""

from django.db import transaction

from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Stale

from ..enums import AgreementState, VersionKind
from ..guards import text_is_editable
from .snapshot import freeze_version

# One kind per state in which the text is editable (guards.EDITABLE_STATES).
KIND_FOR_STATE = {
    AgreementState.DRAFT: VersionKind.DRAFT_SNAPSHOT,
    AgreementState.IN_DIALOGUE: VersionKind.DIALOGUE_REVISION,
}


def freeze_named_version(agreement, user, label, base_lock_version, request=None):
    """Guard (state, lock_version) → freeze → log. The kind follows the agreement's state."""
    with transaction.atomic():
        agreement.refresh_from_db(fields=["state", "lock_version"])
        text_is_editable.check(agreement)
        kind = KIND_FOR_STATE[agreement.state]
        if base_lock_version is None or int(base_lock_version) != agreement.lock_version:
            raise Stale(base_lock_version, agreement.lock_version)
        return freeze_logged(agreement, kind, user, label, request=request)


def freeze_logged(agreement, kind, user, label, request=None):
    """Freeze and log it: the one way a named version is made outside the process's own steps."""
    with transaction.atomic():
        version = freeze_version(agreement, kind, user, label)
        log_action(
            "agreement.version_frozen", actor=user, obj=version, agreement=agreement, request=request,
            data={"number": version.number, "kind": kind, "label": label, "sha256": version.sha256},
        )
        return version
