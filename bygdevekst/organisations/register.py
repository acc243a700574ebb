"""Reference data: every county and municipality (SSB classification 131, from 1 January 2024).

Idempotent: run it again and nothing is duplicated. Matches on the number, never the name
(Våler is both 3114 and 3419).
"""

import csv
from pathlib import Path

from .enums import NameLanguage, OrganisationKind, WrittenStandard
from .models import County, Organisation, OrganisationName

DATA = Path(__file__).parent / "data" / "municipalities.csv"

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


def set_parallel_names(org, official):
    parts = [p.strip() for p in official.split(" - ")]
    if len(parts) < 2:
        return
    for position, part in enumerate(parts):
        OrganisationName.objects.update_or_create(
            organisation=org, name=part, defaults={"language": KNOWN_LANGUAGES.get(part, ""), "position": position}
        )


def import_municipalities(path=DATA):
    """Create or update all counties and municipalities. Returns the number of municipalities."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    counties = {}
    for row in rows:
        counties[row["county_number"]] = row["county"]
    for number, name in counties.items():
        County.objects.update_or_create(number=number, defaults={"name": name})
    existing = {o.municipality_number: o for o in Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)}
    for row in rows:
        number = row["number"]
        official = row["name"]
        defaults = {
            "kind": OrganisationKind.MUNICIPALITY,
            "name": municipality_display_name(official),
            "short_name": official.split(" - ")[1] if official.startswith("Gáivuotna") else official.split(" - ")[0],
            "county_id": row["county_number"],
        }
        org = existing.get(number)
        if org is None:
            org = Organisation.objects.create(
                municipality_number=number,
                written_standard=written_standard_for(number, row["county_number"]),
                **defaults,
            )
        else:
            for key, value in defaults.items():
                setattr(org, key, value)
            org.save()
        set_parallel_names(org, official)
    return len(rows)
