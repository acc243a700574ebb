"""Demo action plans: drafts for the round-2 pilots (frozen when the process demo submits them, R6),
and Rindal og Holtålen (round 1) with two years of plans, status reports and annual political meetings.

The agreements demo runs before this one; sub-goals are looked up by agreement, not by title.
"""

import datetime

from django.db import transaction

from bygdevekst.agreements.models import SubGoal
from bygdevekst.organisations.enums import OrganisationKind

from .domain.plans import copy_plan
from .enums import FundingSource, MeasureStatus, PlanStatus, ReportStatus
from .models import ActionPlan, BudgetLine, Measure, MeasureStatusChange, ReportEntry, YearlyReport

# theme → [(title nb, title nn, description, indicator, baseline, target, kdd kr/yr, own share kr/yr, other)]
MEASURES = {
    "housing": [
        ("Utleieboliger for unge og tilflyttere", "Utleigebustader for unge og tilflyttarar",
         "Kommunene bygger og formidler utleieboliger i samarbeid med Husbanken.",
         "Nye utleieboliger tatt i bruk", "0", "12", 600_000, 400_000, 0),
        ("Tomtebank og boligveiledning", "Tomtebank og bustadrettleiing",
         "Felles oversikt over tomter og veiledning for dem som vil bygge.",
         "Solgte boligtomter per år", "3", "10", 150_000, 100_000, 0),
    ],
    "competence": [
        ("Lærlingløftet i kommunene", "Lærlingløftet i kommunane",
         "Flere læreplasser i kommunal sektor, med felles oppfølging av lærlingene.",
         "Lærlinger i kommunene", "6", "14", 350_000, 250_000, 0),
        ("Desentralisert sykepleierutdanning", "Desentralisert sjukepleiarutdanning",
         "Studiesenteret tilbyr deltidsstudier i samarbeid med universitetet.",
         "Studenter i desentralisert utdanning", "0", "20", 500_000, 200_000, 150_000),
    ],
    "business": [
        ("Gründerprogram og næringshage", "Gründarprogram og næringshage",
         "Oppfølging av nye bedrifter det første året, med kontorplass i næringshagen.",
         "Nye bedrifter etablert", "0", "8", 450_000, 150_000, 200_000),
        ("Fellesskap for fjernarbeid", "Fellesskap for fjernarbeid",
         "Kontorfellesskap der folk som jobber for arbeidsgivere andre steder kan sitte.",
         "Faste brukere av kontorfellesskapet", "0", "15", 200_000, 100_000, 0),
    ],
    "other": [
        ("Kunnskapsgrunnlag og følgeevaluering", "Kunnskapsgrunnlag og følgjeevaluering",
         "Et felles kunnskapsgrunnlag som oppdateres hvert år.", "Årlig statusnotat", "0", "1", 200_000, 50_000, 0),
    ],
}


def _theme(focus_area_title):
    title = focus_area_title.lower()
    if "bolig" in title or "bustad" in title:
        return "housing"
    if "kompetanse" in title or "arbeidskraft" in title:
        return "competence"
    if "næring" in title:
        return "business"
    return "other"


def _parties(agreement):
    parties = [p.organisation for p in agreement.parties.select_related("organisation")]
    municipalities = [o for o in parties if o.kind == OrganisationKind.MUNICIPALITY]
    county = next((o for o in parties if o.kind == OrganisationKind.COUNTY_COUNCIL), None)
    return municipalities, county


def build_plan(agreement, year, *, status=PlanStatus.DRAFT, years=2):
    """A plan for `year` with measures under the agreement's sub-goals and budget lines by source."""
    nynorsk = agreement.written_standard == "nn"
    municipalities, county = _parties(agreement)
    lead = agreement.pilot.lead_municipality
    plan = ActionPlan.objects.create(agreement=agreement, year=year, revision=1, status=status)
    sub_goals = list(SubGoal.objects.filter(agreement=agreement).select_related("focus_area")
                     .order_by("focus_area__position", "position", "pk"))
    used = {}
    number = 0
    for sg in sub_goals:
        theme = _theme(sg.focus_area.title)
        pick = used.get(theme, 0)
        used[theme] = pick + 1
        options = MEASURES[theme]
        if pick >= len(options):
            continue
        nb, nn, description, indicator, baseline, target, kdd, own, other = options[pick]
        number += 1
        responsible = municipalities[(number - 1) % len(municipalities)] if municipalities else lead
        measure = Measure.objects.create(
            plan=plan, number=number, title=nn if nynorsk else nb, description=description,
            sub_goal_uids=[str(sg.uid)], responsible=responsible,
            start_year=year, start_quarter=1 + (number % 2), end_year=year + years - 1, end_quarter=4,
            indicator=indicator, baseline=baseline, target=target,
        )
        cooperation = [m for m in municipalities if m != responsible][:2]
        if county is not None and theme == "competence":
            cooperation.append(county)
        measure.cooperation_parties.set(cooperation)
        for y in range(year, year + years):
            lines = [(FundingSource.KDD_GRANT, None, kdd), (FundingSource.MUNICIPALITY, responsible, own)]
            if other:
                lines.append((FundingSource.OTHER, None, other))
            if theme == "competence" and y == year:
                lines.append((FundingSource.STATE_ADMINISTRATOR, None, 100_000))
            BudgetLine.objects.bulk_create(
                BudgetLine(measure=measure, year=y, source=source, organisation=org, planned=amount)
                for source, org, amount in lines
            )
    return plan


def _report(agreement, plan, year, progress, summary, meeting, submitted_at):
    report = YearlyReport.objects.create(agreement=agreement, plan=plan, year=year, summary=summary, meeting=meeting)
    for m in plan.measures.prefetch_related("budget_lines").order_by("number"):
        percent, text = progress.get(m.number, (0, ""))
        ReportEntry.objects.create(
            report=report, measure_uid=m.uid, number=m.number, title=m.title, status=m.status, percent=percent,
            spent=sum(b.spent for b in m.budget_lines.all() if b.year == year), text=text,
        )
    report.status, report.submitted_at = ReportStatus.SUBMITTED, submitted_at
    report.save()
    return report


def _annual_meeting(agreement, date, place, minutes, decisions):
    from bygdevekst.meetings.models import AgendaItem, Meeting, Participant

    meeting = Meeting.objects.create(
        kind="annual", round=agreement.pilot.round, agreement=agreement,
        title=f"Årlig politisk møte {date.year} – {agreement.pilot.name}", date=date, place=place,
        start_time=datetime.time(12, 0), end_time=datetime.time(15, 30),
        agenda="1. Statusrapport for handlingsplanen\n2. Prioriteringer for neste år\n3. Eventuelt",
        minutes=minutes, decisions=decisions,
    )
    for party in agreement.parties.select_related("organisation"):
        capacity = "main_party" if party.role == "main_party" else "cooperation_party"
        Participant.objects.create(meeting=meeting, organisation=party.organisation, capacity=capacity,
                                   invited=True, attended=True, representatives="Ordfører / politisk ledelse"
                                   if party.organisation.kind == OrganisationKind.MUNICIPALITY else "")
    for pos, title in enumerate(["Statusrapport for handlingsplanen", "Prioriteringer for neste år"]):
        AgendaItem.objects.create(meeting=meeting, position=pos, title=title, outcome="agreed")
    return meeting


# The round-1 pilot's follow-up, per measure (by its bokmål title): (status, percent, text) for 2024 and 2025.
FOLLOW_UP = {
    "Utleieboliger for unge og tilflyttere": [
        (MeasureStatus.IN_PROGRESS, 40, "Fire utleieboliger er under bygging."),
        (MeasureStatus.DONE, 100, "Tolv utleieboliger er tatt i bruk."),
    ],
    "Tomtebank og boligveiledning": [
        (MeasureStatus.IN_PROGRESS, 50, "Tomtebanken er åpnet."),
        (MeasureStatus.IN_PROGRESS, 70, "Ti tomter er solgt."),
    ],
    "Lærlingløftet i kommunene": [
        (MeasureStatus.DELAYED, 10, "Forsinket: det mangler veiledere."),
        (MeasureStatus.IN_PROGRESS, 60, "Elleve lærlinger er i gang."),
    ],
    "Desentralisert sykepleierutdanning": [
        (MeasureStatus.IN_PROGRESS, 30, "Første kull har startet."),
        (MeasureStatus.IN_PROGRESS, 65, "Andre kull har startet."),
    ],
    "Gründerprogram og næringshage": [
        (MeasureStatus.IN_PROGRESS, 25, "Tre bedrifter er med i programmet."),
        (MeasureStatus.DELAYED, 40, "Forsinket: næringshagen må finne nye lokaler."),
    ],
}


BOKMAL_TITLE = {nn: nb for options in MEASURES.values() for nb, nn, *_rest in options}


def _follow_up(plan, index, note, spent_share):
    """Set each measure's status for the year (with history) and what was spent; returns the progress."""
    progress = {}
    for measure in plan.measures.order_by("number"):
        title = BOKMAL_TITLE.get(measure.title, measure.title)
        status, percent, text = FOLLOW_UP.get(title, [(MeasureStatus.IN_PROGRESS, 20, "")] * 2)[index]
        if measure.status != status:
            MeasureStatusChange.objects.create(agreement_id=plan.agreement_id, measure_uid=measure.uid,
                                               from_status=measure.status, to_status=status, note=note)
            measure.status = status
            measure.save(update_fields=["status"])
        for line in measure.budget_lines.filter(year=plan.year):
            line.spent = line.planned * spent_share // 100 // 1000 * 1000
            line.save(update_fields=["spent"])
        progress[measure.number] = (percent, text)
    return progress


def _round1(agreement):
    """Two years of follow-up: plan 2024 (adopted) → report 2024 → meeting; plan 2025 → report → meeting."""
    # The first annual meeting, in the autumn the agreement started: no plan to report on yet.
    _annual_meeting(
        agreement, datetime.date(2023, 11, 16), "Rindal rådhus",
        "Partene gikk gjennom avtalen og arbeidet med den første handlingsplanen.",
        "Kommunene legger fram forslag til handlingsplan for 2024 innen 1. februar.",
    )
    plan24 = build_plan(agreement, 2024, status=PlanStatus.ADOPTED, years=2)
    progress = _follow_up(plan24, 0, "Statusrapport 2024", 80)
    m24 = _annual_meeting(
        agreement, datetime.date(2024, 11, 14), "Rindal",
        "Partene gikk gjennom statusrapporten. Lærlingtiltaket er forsinket fordi det mangler veiledere.",
        "Partene slutter seg til statusrapporten. Kommunene setter av veiledere til lærlingene fra 2025.",
    )
    _report(agreement, plan24, 2024, progress,
            "Første år med handlingsplanen. De fleste tiltakene går etter planen; lærlingtiltaket er forsinket.",
            m24, datetime.datetime(2024, 11, 1, 12, tzinfo=datetime.UTC))
    plan25 = copy_plan(plan24, status=PlanStatus.ADOPTED, year=2025)
    progress = _follow_up(plan25, 1, "Statusrapport 2025", 70)
    m25 = _annual_meeting(
        agreement, datetime.date(2025, 11, 13), "Ålen",
        "Utleieboligene er tatt i bruk. Lærlingtiltaket er i gang igjen etter at veiledere er på plass.",
        "Partene ber om at handlingsplanen for 2026 legger mer vekt på næringsutvikling.",
    )
    _report(agreement, plan25, 2025, progress,
            "Andre år: boligtiltaket er fullført, og lærlingtiltaket er tilbake i rute.", m25,
            datetime.datetime(2025, 11, 3, 12, tzinfo=datetime.UTC))


def load(ctx):
    if ActionPlan.objects.exists():
        return
    agreements = ctx.get("agreements") or {}
    with transaction.atomic():
        for name in ctx.get("round2_pilots", {}):
            agreement = agreements.get(name)
            if agreement is not None:
                build_plan(agreement, 2025, years=3)
        round1 = agreements.get("Rindal og Holtålen")
        if round1 is not None:
            _round1(round1)
