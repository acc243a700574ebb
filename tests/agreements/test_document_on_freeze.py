"""A frozen version's document is rendered by the task worker when the version is made, so the first download is
the stored file (issue: the first render of a long text takes seconds)."""

import pytest

from bygdevekst.agreements.documents.store import RENDERER, stored_document
from bygdevekst.agreements.domain.snapshot import freeze_version
from bygdevekst.agreements.models import VersionDocument


@pytest.mark.django_db
def test_a_frozen_version_has_its_document_stored_once_the_freeze_commits(settings, demo,
                                                                        django_capture_on_commit_callbacks):
    settings.RENDER_VERSION_DOCUMENTS_ON_FREEZE = True
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    with django_capture_on_commit_callbacks(execute=True):
        version = freeze_version(agreement, "draft_snapshot", demo["users"]["trysil"], label="Test")
        assert not VersionDocument.objects.filter(version=version).exists()  # nothing before the commit
    document = VersionDocument.objects.get(version=version, renderer=RENDERER)
    assert document.read().startswith(b"%PDF")
    assert stored_document(version) == document  # the download serves these bytes, no second render


@pytest.mark.django_db
def test_no_document_is_rendered_when_the_freeze_is_rolled_back(settings, demo, django_capture_on_commit_callbacks):
    settings.RENDER_VERSION_DOCUMENTS_ON_FREEZE = True
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        freeze_version(agreement, "draft_snapshot", demo["users"]["trysil"], label="Test")
    assert len(callbacks) == 1  # queued for after the commit only
    settings.RENDER_VERSION_DOCUMENTS_ON_FREEZE = False
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        freeze_version(agreement, "draft_snapshot", demo["users"]["trysil"], label="Test 2")
    assert callbacks == []
