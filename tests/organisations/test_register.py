"""The organisation register matches the official files the project ships (and the shared originals):
names with Sami/Kven parallel forms in their official order, counties, organisation numbers."""

import csv
import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from bygdevekst.organisations.enums import OrganisationKind
from bygdevekst.organisations.models import County, Organisation, OrganisationName
from bygdevekst.organisations.register import DATA, ORG_NUMBERS, municipality_display_name

# shared/ lies beside the project checkout (here and in CI); a laptop may not have it
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_shipped_files_are_the_official_ones():
    if not SHARED.exists() and not os.environ.get("CI"):  # in CI a missing copy is a failure, never a skip
        pytest.skip("the shared reference data is not on this machine; the shipped copies are checked below")
    assert DATA.read_bytes() == (SHARED / "municipalities.csv").read_bytes()
    assert ORG_NUMBERS.read_bytes() == (SHARED / "organisation-numbers.csv").read_bytes()


def _assert_register_matches_files():
    municipalities = {o.municipality_number: o for o in Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)}
    rows = _rows(DATA)
    assert len(rows) == len(municipalities) == 357
    for row in rows:
        org = municipalities[row["number"]]
        assert org.name == municipality_display_name(row["name"]), row
        assert org.county_id == row["county_number"]
        parts = row["name"].split(" - ")
        if len(parts) > 1:
            assert list(org.parallel_names.values_list("name", flat=True)) == parts
        else:
            assert not org.parallel_names.exists()
    assert {c.number: c.name for c in County.objects.all()} == {r["county_number"]: r["county"] for r in rows}
    numbers = _rows(ORG_NUMBERS)
    assert [r["kind"] for r in numbers].count("municipality") == 357
    for row in numbers:
        if row["kind"] == "municipality":
            assert municipalities[row["number"]].org_number == row["org_number"]
        else:
            org = Organisation.objects.get(org_number=row["org_number"])
            assert org.name == row["name"]
            if row["kind"] == "county_council" and row["number"] != "03":
                assert org.kind == OrganisationKind.COUNTY_COUNCIL and org.county_id == row["number"]
            elif row["kind"] == "state_administrator":
                assert org.kind == OrganisationKind.STATE_ADMINISTRATOR and org.covered_counties.exists()
    assert Organisation.objects.filter(kind=OrganisationKind.COUNTY_COUNCIL).count() == 14  # 03 is Oslo kommune
    assert Organisation.objects.filter(kind=OrganisationKind.STATE_ADMINISTRATOR).count() == 10


@pytest.mark.django_db
def test_register_matches_the_files(demo):
    _assert_register_matches_files()
    assert County.objects.get(number="18").name == "Nordland - Nordlánnda"
    tana = Organisation.objects.get(municipality_number="5628")
    assert tana.name == "Deatnu - Tana kommune" and tana.short_name == "Tana"


@pytest.mark.django_db
def test_migration_and_command_bring_an_old_register_to_the_files(demo):
    """An existing database with the old names and no numbers: the data migration and the command both fix it."""
    tana = Organisation.objects.get(municipality_number="5628")
    migration = importlib.import_module("bygdevekst.organisations.migrations.0003_official_register")
    for bring in (lambda: migration.bring_to_register(django_apps, None),
                  lambda: call_command("import_municipalities", stdout=open("/dev/null", "w"))):  # noqa: SIM115
        Organisation.objects.filter(pk=tana.pk).update(name="Tana kommune", org_number="")
        OrganisationName.objects.filter(organisation=tana).delete()
        OrganisationName.objects.create(organisation=tana, name="Tana", position=0)
        OrganisationName.objects.create(organisation=tana, name="Deatnu", position=1)
        County.objects.filter(number="18").update(name="Nordland")
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).update(org_number="")
        bring()
        _assert_register_matches_files()


@pytest.mark.django_db
def test_demo_letter_shows_official_names(demo):
    from bygdevekst.correspondence.demo_letter import TITLE
    from bygdevekst.correspondence.models import Letter

    letter = Letter.objects.get(title=TITLE)
    parties = letter.registry_entry.parties.all()
    names = {p.name for p in parties}
    official = {r["name"] for r in _rows(ORG_NUMBERS) if r["kind"] != "municipality"}
    municipal = {municipality_display_name(r["name"]) for r in _rows(DATA)}
    assert names <= official | municipal, names - official - municipal
    assert "Statsforvaltaren i Vestland" in names and "Gáivuotna - Kåfjord - Kaivuono kommune" in names
    assert all(len(p.org_number) == 9 for p in parties if p.role != "sender")
