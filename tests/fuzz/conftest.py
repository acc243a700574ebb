import pytest

from tests.fuzz.junk import OVERSIZE_LIMIT


@pytest.fixture(autouse=True)
def fuzz_settings(settings, tmp_path):
    """Uploads to a temporary directory, a small upload limit (so oversize files stay cheap), nb."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAX_UPLOAD_BYTES = OVERSIZE_LIMIT
    settings.LANGUAGE_CODE = "nb"
