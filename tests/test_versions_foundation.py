"""R5 at the model level: a frozen version cannot be changed by any path."""

import pytest

from bygdevekst.agreements.domain.snapshot import content_hash, freeze_version
from bygdevekst.agreements.models import AgreementVersion, FrozenVersionError


def test_R5_frozen_version_cannot_be_saved_updated_or_deleted(demo):
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    version = freeze_version(agreement, "draft_snapshot", demo["users"]["trysil"], label="test")
    assert version.sha256 == content_hash(version.content)
    version.label = "changed"
    with pytest.raises(FrozenVersionError):
        version.save()
    with pytest.raises(FrozenVersionError):
        AgreementVersion.objects.filter(pk=version.pk).update(label="changed")
    with pytest.raises(FrozenVersionError):
        version.delete()
    with pytest.raises(FrozenVersionError):
        AgreementVersion.objects.filter(pk=version.pk).delete()
    assert AgreementVersion.objects.get(pk=version.pk).label == "test"


def test_versions_are_numbered_in_order(demo):
    agreement = demo["pilots"]["Nord-Troms"].agreement
    first = freeze_version(agreement, "draft_snapshot", None)
    second = freeze_version(agreement, "draft_snapshot", None)
    assert second.number == first.number + 1
    assert first.sha256 == second.sha256  # same content, same hash
