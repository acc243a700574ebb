from django.db.models import Prefetch

from bygdevekst.organisations.models import Organisation

from .models import Pilot, Round


def pilots_for_overview(round_=None):
    """Pilots with everything the overview table shows, in a fixed number of queries."""
    qs = Pilot.objects.select_related(
        "round", "county", "county_council", "state_administrator", "lead_municipality", "agreement"
    ).prefetch_related(
        Prefetch("municipalities", queryset=Organisation.objects.order_by("municipality_number")),
        "round__milestones",
    )
    if round_ is not None:
        qs = qs.filter(round=round_)
    return qs.order_by("round__number", "name")


def current_round():
    return Round.objects.filter(status="active").order_by("-number").first() or Round.objects.order_by("-number").first()


def with_statuses(pilots, today=None):
    """Attach each pilot's milestone statuses (R7) and whether it is at risk."""
    from bygdevekst.meetings.annual import missing_years

    from .status import at_risk, pilot_statuses, was_late

    missing = missing_years([getattr(p, "agreement", None) for p in pilots], today)
    for pilot in pilots:
        pilot.statuses = pilot_statuses(pilot, today)
        pilot.at_risk = at_risk(pilot.statuses)
        pilot.late = was_late(pilot.statuses)
        agreement = getattr(pilot, "agreement", None)
        pilot.missing_annual_meetings = missing.get(agreement.pk, []) if agreement else []
    return pilots
