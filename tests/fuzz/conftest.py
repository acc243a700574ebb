import pytest

from tests.fuzz.junk import OVERSIZE_LIMIT


@pytest.fixture(autouse=True)
def fuzz_settings(settings, tmp_path):
    """Uploads to a temporary directory, a small upload limit (so oversize files stay cheap), nb."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAX_UPLOAD_BYTES = OVERSIZE_LIMIT
    settings.LANGUAGE_CODE = "nb"


def pytest_terminal_summary(terminalreporter):
    """Print the tier's figure (forms reached, examples, time) whenever its tests ran, with or without -s."""
    from tests.fuzz.test_forms import summary_lines

    for line in summary_lines():
        terminalreporter.write_line(line)
