import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads and registered documents go to a temporary directory, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dialogue_meeting(agreement_of):
    """Vest-Telemark's dialogue meeting (demo): Vinje kommune, whose project manager is the user vinje, takes part."""
    return agreement_of("Vest-Telemark").meetings.get(kind="dialogue")


def calendars(outbox):
    """(Content-Type method, parsed calendar) of each message's invitation."""
    import icalendar

    found = []
    for message in outbox:
        (part,) = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
        found.append((part.get_param("method"), icalendar.Calendar.from_ical(part.get_payload(decode=True))))
    return found
