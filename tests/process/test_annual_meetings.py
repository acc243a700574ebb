"""An approved agreement has an annual political meeting every year of its period; a missing one is flagged."""

import datetime
import re

from django.contrib.auth import get_user_model

from bygdevekst.meetings.annual import expected_years, missing_years
from bygdevekst.meetings.domain.meetings import cancel_meeting, create_meeting

TODAY = datetime.date(2026, 12, 6)


def _flags(page):
    """The overview's annual-meeting flags, in whatever language the page is in."""
    return re.findall(r'<p class="annual-meeting-missing">(.*?)</p>', page.content.decode(), re.S)


def test_years_counted_from_approval_to_period_end(agreement_of):
    nt = agreement_of("Nord-Troms")
    assert nt.approved_at.year == 2025
    assert expected_years(nt) == list(range(2025, nt.period_end.year + 1))
    # Not approved yet: nothing is due.
    assert expected_years(agreement_of("Vest-Telemark")) == []


def test_nord_troms_flagged_until_the_meeting_is_recorded(agreement_of, client_for):
    nt = agreement_of("Nord-Troms")
    # 2026 has not ended yet, so only 2025 is missing.
    assert missing_years([nt], TODAY) == {nt.pk: [2025]}
    flags = _flags(client_for("kdd").get("/"))
    assert len(flags) == 1 and "2025" in flags[0]
    assert _flags(client_for(None).get("/")) == []

    kdd = get_user_model().objects.get(username="kdd")
    meeting = create_meeting(kdd, {"kind": "annual", "title": "Årlig politisk møte 2025 – Nord-Troms",
                                   "date": datetime.date(2025, 12, 10), "start_time": datetime.time(12),
                                   "end_time": datetime.time(15), "place": "Storslett"}, agreement=nt)
    assert missing_years([nt], TODAY) == {nt.pk: []}
    assert not any("2025" in flag for flag in _flags(client_for("kdd").get("/")))

    # A cancelled meeting was not held: the year is missing again.
    cancel_meeting(meeting, kdd)
    assert missing_years([nt], TODAY) == {nt.pk: [2025]}


def test_followed_up_pilot_has_every_ended_year(agreement_of):
    rh = agreement_of("Rindal og Holtålen")
    assert expected_years(rh)[:3] == [2023, 2024, 2025]
    assert missing_years([rh], TODAY) == {rh.pk: []}


def test_an_approval_just_after_midnight_on_new_year_s_day_in_oslo_counts_from_the_new_year():
    """The government's approval at 00:30 on 1 January in Oslo (23:30 UTC on New Year's Eve) starts the follow-up in
    the new year: no annual meeting is expected for the year before."""
    from types import SimpleNamespace

    from bygdevekst.agreements.enums import AgreementState

    agreement = SimpleNamespace(
        state=AgreementState.APPROVED, period_start=datetime.date(2026, 7, 1), period_end=datetime.date(2029, 6, 30),
        approved_at=datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC))
    assert expected_years(agreement) == [2027, 2028, 2029]
