import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded PDFs go to a temporary directory, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


def settle_dialogue(agreement, user):
    """Record every agenda item of the agreement's dialogue meetings as agreed: the meeting was held (R11)."""
    from bygdevekst.meetings.domain.meetings import record_outcomes
    from bygdevekst.meetings.models import ItemOutcome

    for meeting in agreement.meetings.filter(kind="dialogue"):
        record_outcomes(meeting, user, {item: (ItemOutcome.AGREED, "Enige.") for item in meeting.items.all()})
