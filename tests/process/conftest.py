import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded PDFs go to a temporary directory, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def agreement_of(demo):
    def get(name):
        from bygdevekst.agreements.models import Agreement

        return Agreement.objects.select_related("pilot__round").get(pilot=demo["pilots"][name])

    return get
