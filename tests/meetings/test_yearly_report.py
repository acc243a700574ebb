"""The yearly report shows its annual political meeting, and offers the year's meeting when none is linked."""

import datetime

from django.urls import reverse

from bygdevekst.actionplans.domain.reports import start_report
from bygdevekst.meetings.models import Meeting


def test_report_offers_the_years_annual_meeting_and_shows_the_linked_one(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    report = start_report(trysil, 2026)
    earlier = Meeting.objects.create(
        kind="annual", agreement=trysil, title="Årlig politisk møte 2025", date=datetime.date(2025, 11, 20)
    )
    this_year = Meeting.objects.create(
        kind="annual",
        agreement=trysil,
        title="Årlig politisk møte 2026",
        date=datetime.date(2026, 11, 19),
        place="Trysil rådhus",
        minutes="Partene gikk gjennom rapporten.",
    )
    client = client_for("trysil")
    page = client.get(reverse("actionplans:report", args=[report.pk])).content.decode()
    assert f'<option value="{this_year.pk}" selected>' in page
    assert f'<option value="{earlier.pk}">' in page
    assert f'href="{this_year.get_absolute_url()}"' in page

    assert (
        client.post(reverse("actionplans:report_meeting", args=[report.pk]), {"meeting": this_year.pk}).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.meeting == this_year
    page = client.get(reverse("actionplans:report", args=[report.pk])).content.decode()
    assert "Partene gikk gjennom rapporten." in page and "Trysil rådhus" in page
