"""The programme, round 1 (finished) and round 2 with the letter's timetable and pilots."""

import datetime

from bygdevekst.organisations.models import Organisation
from bygdevekst.programme.enums import MilestoneKind, MilestoneNature, RoundStatus
from bygdevekst.programme.models import Milestone, Pilot, Programme, Round

# name → (municipality numbers, addressed municipality, county number)
ROUND_2 = {
    "Trysil-regionen": (["3421", "3419", "3422", "3425"], "3421", "34"),
    "Smøla og Aure": (["1573", "1576"], "1573", "15"),
    "Vest-Telemark": (["4022", "4028", "4030", "4032", "4034", "4036"], "4036", "40"),
    "Nord-Troms": (["5540", "5542", "5544", "5546"], "5540", "55"),
    "Solund og Fedje": (["4636", "4633"], "4636", "46"),
}

ROUND_1 = {
    "Vestre Varanger": (["5630", "5632", "5636", "5628"], "5630", "56"),
    "Midt-Finnmark": (["5624", "5622", "5620", "5626"], "5622", "56"),
    "Hammerfest, Hasvik og Måsøy": (["5603", "5616", "5618"], "5603", "56"),
    "Rindal og Holtålen": (["5061", "5026"], "5061", "50"),
    "Indre Namdal": (["5043", "5045", "5042", "5044"], "5045", "50"),
}

ROUND_2_MILESTONES = [
    (MilestoneKind.PROPOSAL, MilestoneNature.DEADLINE, "Frist for avtaleforslag", datetime.date(2024, 11, 29), ""),
    (MilestoneKind.RESPONSE, MilestoneNature.EXPECTED, "Skriftlig respons fra departementet",
     datetime.date(2025, 1, 15), "januar 2025"),
    (MilestoneKind.DIALOGUE, MilestoneNature.EXPECTED, "Dialog om endelig ordlyd", datetime.date(2025, 1, 31),
     "tentativt januar 2025"),
    (MilestoneKind.APPROVAL, MilestoneNature.EXPECTED, "Formell godkjenning i kommunestyrer, fylkeskommune og regjering",
     datetime.date(2025, 4, 20), "frem mot påske 2025"),
]

ROUND_1_MILESTONES = [
    (MilestoneKind.APPROVAL, MilestoneNature.EXPECTED, "Avtaler godkjent og signert", datetime.date(2023, 6, 30), "2023"),
]


def _pilots(round_, spec, ctx):
    pilots = {}
    for name, (numbers, lead, county_number) in spec.items():
        orgs = {o.municipality_number: o for o in Organisation.objects.filter(municipality_number__in=numbers)}
        pilot, _ = Pilot.objects.update_or_create(
            round=round_,
            name=name,
            defaults={
                "lead_municipality": orgs[lead],
                "county_id": county_number,
                "county_council": ctx["county_councils"][county_number],
                "state_administrator": ctx["state_administrators"][county_number],
            },
        )
        pilot.municipalities.set([orgs[n] for n in numbers])
        pilots[name] = pilot
    return pilots


def _milestones(round_, spec):
    for kind, nature, title, date, note in spec:
        Milestone.objects.update_or_create(
            round=round_, kind=kind, defaults={"nature": nature, "title": title, "date": date, "date_note": note}
        )


def load(ctx):
    programme, _ = Programme.objects.get_or_create(
        name="Bygdevekstavtaler",
        defaults={
            "owner": ctx["kdd"],
            "description": "Samarbeidsavtaler mellom staten og distriktskommuner om bosetting, "
            "tilgang på kompetent arbeidskraft og framtidsrettet næringsliv.",
        },
    )
    round1, _ = Round.objects.update_or_create(
        programme=programme, number=1, defaults={"name": "Pulje 1", "year": 2022, "status": RoundStatus.FINISHED}
    )
    round2, _ = Round.objects.update_or_create(
        programme=programme, number=2, defaults={"name": "Pulje 2", "year": 2024, "status": RoundStatus.ACTIVE}
    )
    _milestones(round1, ROUND_1_MILESTONES)
    _milestones(round2, ROUND_2_MILESTONES)
    ctx["programme"] = programme
    ctx["round1"], ctx["round2"] = round1, round2
    ctx["round1_pilots"] = _pilots(round1, ROUND_1, ctx)
    ctx["round2_pilots"] = _pilots(round2, ROUND_2, ctx)
