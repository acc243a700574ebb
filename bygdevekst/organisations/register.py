"""Reference data: every county and municipality (SSB classification 131, from 1 January 2024, with
the official Sami and Kven parallel names in their official order), and the organisation numbers
(Enhetsregisteret) of the municipalities, county councils and state administrators. The files are in
`data/` (see data/README.md).

Idempotent: run it again and nothing is duplicated. Matches on the number, never the name
(Våler is both 3114 and 3419). The functions take the models as arguments so the data migration can
run them with the historical models.
"""

import csv
from pathlib import Path

from .enums import NameLanguage, OrganisationKind, WrittenStandard
from .models import County, Organisation, OrganisationName

DATA = Path(__file__).parent / "data" / "municipalities.csv"
ORG_NUMBERS = Path(__file__).parent / "data" / "organisation-numbers.csv"

# The Norwegian form of each municipality with parallel names: the short name used where space is
# short. (The official name's order of forms varies and is kept as it is.)
NORWEGIAN_FORMS = {
    "Hattfjelldal", "Fauske", "Evenes", "Sortland", "Hamarøy", "Trondheim", "Namsos", "Røros", "Snåsa",
    "Røyrvik", "Harstad", "Tjeldsund", "Lavangen", "Storfjord", "Kåfjord", "Nordreisa", "Hammerfest",
    "Karasjok", "Kautokeino", "Porsanger", "Tana", "Nesseby",
}

# State administrators by the counties their names list (the file has no county column).
STATE_ADMINISTRATOR_COUNTIES = {
    "Østfold, Buskerud, Oslo og Akershus": ["31", "32", "03", "33"], "Innlandet": ["34"],
    "Vestfold og Telemark": ["39", "40"], "Agder": ["42"], "Rogaland": ["11"], "Vestland": ["46"],
    "Møre og Romsdal": ["15"], "Trøndelag": ["50"], "Nordland": ["18"], "Troms og Finnmark": ["55", "56"],
}

# Languages of the parallel forms we know; others are stored without a language tag.
KNOWN_LANGUAGES = {
    "Gáivuotna": NameLanguage.NORTHERN_SAMI,
    "Kåfjord": NameLanguage.NORWEGIAN,
    "Kaivuono": NameLanguage.KVEN,
    "Nordreisa": NameLanguage.NORWEGIAN,
    "Ráisa": NameLanguage.NORTHERN_SAMI,
    "Raisi": NameLanguage.KVEN,
    "Troms": NameLanguage.NORWEGIAN,
    "Romsa": NameLanguage.NORTHERN_SAMI,
    "Tromssa": NameLanguage.KVEN,
}

# Written standard (målform) where the register should not default to bokmål. Check against the
# municipalities' own decisions (Språkrådet's list) before production use.
NYNORSK_MUNICIPALITIES = {"4022", "4028", "4030", "4032", "4034", "4036"}
NEUTRAL_MUNICIPALITIES = {"4601"}
NYNORSK_COUNTIES = {"46"}


def municipality_display_name(name):
    return f"{name} kommune"


def written_standard_for(number, county_number):
    if number in NEUTRAL_MUNICIPALITIES:
        return WrittenStandard.NEUTRAL
    if number in NYNORSK_MUNICIPALITIES or county_number in NYNORSK_COUNTIES:
        return WrittenStandard.NYNORSK
    return WrittenStandard.BOKMAL


def short_name_of(official):
    parts = [p.strip() for p in official.split(" - ")]
    return next((p for p in parts if p in NORWEGIAN_FORMS), parts[0])


def set_parallel_names(org, official, OrganisationName=OrganisationName):  # noqa: N803  a model class
    parts = [p.strip() for p in official.split(" - ")]
    if len(parts) < 2:
        OrganisationName.objects.filter(organisation=org).delete()
        return
    OrganisationName.objects.filter(organisation=org).exclude(name__in=parts).delete()
    for position, part in enumerate(parts):
        language = KNOWN_LANGUAGES.get(part) or (NameLanguage.NORWEGIAN if part in NORWEGIAN_FORMS else "")
        OrganisationName.objects.update_or_create(
            organisation=org, name=part, defaults={"language": language, "position": position}
        )


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def import_municipalities(path=DATA, numbers_path=ORG_NUMBERS, models=None):
    """Create or update all counties and municipalities, then the organisation numbers (and the county
    councils and state administrators they name). Returns the number of municipalities."""
    County_, Organisation_, OrganisationName_ = models or (County, Organisation, OrganisationName)  # noqa: N806
    rows = _rows(path)
    counties = {}
    for row in rows:
        counties[row["county_number"]] = row["county"]
    for number, name in counties.items():
        County_.objects.update_or_create(number=number, defaults={"name": name})
    existing = {o.municipality_number: o for o in Organisation_.objects.filter(kind=OrganisationKind.MUNICIPALITY)}
    for row in rows:
        number = row["number"]
        official = row["name"]
        defaults = {
            "kind": OrganisationKind.MUNICIPALITY,
            "name": municipality_display_name(official),
            "short_name": short_name_of(official),
            "county_id": row["county_number"],
        }
        org = existing.get(number)
        if org is None:
            org = Organisation_.objects.create(
                municipality_number=number,
                written_standard=written_standard_for(number, row["county_number"]),
                **defaults,
            )
        else:
            for key, value in defaults.items():
                setattr(org, key, value)
            org.save()
        set_parallel_names(org, official, OrganisationName_)
    if numbers_path is not None:
        import_organisation_numbers(numbers_path, models=(County_, Organisation_))
    return len(rows)


def _state_administrator(Organisation_, row):  # noqa: N803
    """Found by its number, else by its name in either written standard (Statsforvalteren/-aren)."""
    org = Organisation_.objects.filter(org_number=row["org_number"]).first()
    if org is None:
        region = row["name"].split(" i ", 1)[1]
        names = [f"Statsforvalteren i {region}", f"Statsforvaltaren i {region}"]
        org = Organisation_.objects.filter(kind=OrganisationKind.STATE_ADMINISTRATOR, name__in=names).first()
    return org


def import_organisation_numbers(path=ORG_NUMBERS, models=None):
    """Organisation numbers for every municipality, county council and state administrator in the file;
    county councils and state administrators missing from the database are created with the official name.
    County 03's council is Oslo kommune itself (one organisation number), so no second organisation."""
    County_, Organisation_ = models or (County, Organisation)  # noqa: N806
    rows = _rows(path)
    for row in rows:
        kind, number, org_number = row["kind"], row["number"], row["org_number"]
        if kind == "municipality":
            Organisation_.objects.filter(kind=OrganisationKind.MUNICIPALITY, municipality_number=number).update(
                org_number=org_number
            )
        elif kind == "county_council":
            if Organisation_.objects.filter(org_number=org_number, kind=OrganisationKind.MUNICIPALITY).exists():
                continue
            org = (Organisation_.objects.filter(kind=OrganisationKind.COUNTY_COUNCIL, county_id=number).first()
                   or Organisation_(kind=OrganisationKind.COUNTY_COUNCIL, county_id=number,
                                    written_standard=WrittenStandard.NYNORSK if number in NYNORSK_COUNTIES
                                    else WrittenStandard.BOKMAL))
            org.name, org.short_name, org.org_number = row["name"], row["name"], org_number
            org.save()
        elif kind == "state_administrator":
            org = _state_administrator(Organisation_, row) or Organisation_(
                kind=OrganisationKind.STATE_ADMINISTRATOR,
                written_standard=WrittenStandard.NYNORSK if row["name"].startswith("Statsforvaltaren")
                else WrittenStandard.BOKMAL,
            )
            org.name, org.short_name, org.org_number = row["name"], row["name"], org_number
            org.save()
            region = row["name"].split(" i ", 1)[1]
            org.covered_counties.set(County_.objects.filter(number__in=STATE_ADMINISTRATOR_COUNTIES[region]))
    return len(rows)
