"""The round-2 demo carries the letter's public facts exactly."""

import datetime

from bygdevekst.agreements.enums import CountyRole, PartyRole
from bygdevekst.organisations.models import Organisation
from bygdevekst.programme.models import Milestone, Pilot, Round

LETTER_ADDRESS_LIST = [
    ["Gáivuotna - Kåfjord - Kaivuono kommune", "Postboks 74", "9148 OLDERDALEN"],
    ["Innlandet fylkeskommune", "Postboks 4404 Bedriftssenteret", "2325 HAMAR"],
    ["Smøla kommune", "Postboks 34", "6571 SMØLA"],
    ["Solund kommune", "Hardbakke 26", "6924 HARDBAKKE"],
    ["Telemark fylkeskommune", "Postboks 2844", "3702 SKIEN"],
    ["Troms fylkeskommune", "Postboks 6600", "9296 TROMSØ"],
    ["Trysil kommune", "Postboks 200", "2421 TRYSIL"],
    ["Vestland fylkeskommune", "Postboks 7900", "5020 BERGEN"],
    ["Vinje kommune", "Vinjevegen 192", "3890 VINJE"],
]


def test_round_2_has_five_pilots_with_18_municipalities(db):
    round2 = Round.objects.get(number=2)
    pilots = Pilot.objects.filter(round=round2)
    assert pilots.count() == 5
    numbers = sorted(m.municipality_number for p in pilots for m in p.municipalities.all())
    assert len(numbers) == 18 == len(set(numbers))
    assert numbers == sorted([
        "3421", "3419", "3422", "3425", "1573", "1576", "4022", "4028", "4030", "4032", "4034", "4036",
        "5540", "5542", "5544", "5546", "4636", "4633",
    ])


def test_smola_pilot_has_no_county_party(db):
    agreement = Pilot.objects.get(name="Smøla og Aure").agreement
    assert agreement.county_role == CountyRole.NOT_PARTY
    assert not agreement.parties.filter(organisation__kind="county_council").exists()


def test_county_roles_as_the_letter_addresses_them(db):
    roles = {p.name: p.agreement.county_role for p in Pilot.objects.filter(round__number=2)}
    assert roles["Trysil-regionen"] == CountyRole.MAIN_PARTY
    assert roles["Nord-Troms"] == CountyRole.MAIN_PARTY
    assert roles["Vest-Telemark"] == CountyRole.COOPERATION_PARTY
    assert roles["Solund og Fedje"] == CountyRole.COOPERATION_PARTY


def test_cooperation_party_is_tied_to_named_sub_goals(db):
    agreement = Pilot.objects.get(name="Vest-Telemark").agreement
    party = agreement.parties.get(organisation__kind="county_council")
    assert party.role == PartyRole.COOPERATION_PARTY
    assert party.sub_goals.count() >= 1


def test_addresses_exactly_as_printed_in_the_letter(db):
    for lines in LETTER_ADDRESS_LIST:
        org = Organisation.objects.get(name=lines[0])
        assert org.address_lines == lines


def test_kdd_facts(db):
    kdd = Organisation.objects.get(org_number="972417858")
    assert kdd.name == "Kommunal- og distriktsdepartementet"
    assert kdd.address_lines == ["Kommunal- og distriktsdepartementet", "Postboks 8112 Dep", "0032 OSLO"]
    assert kdd.department == "Regionalpolitisk avdeling"
    assert kdd.email == "postmottak@kdd.dep.no"


def test_state_administrators_get_copies(db):
    names = sorted(p.state_administrator.name for p in Pilot.objects.filter(round__number=2))
    assert names == sorted([
        "Statsforvalteren i Innlandet", "Statsforvaltaren i Møre og Romsdal", "Statsforvalteren i Troms og Finnmark",
        "Statsforvalteren i Vestfold og Telemark", "Statsforvaltaren i Vestland",
    ])


def test_round_2_milestones_only_proposal_is_a_deadline(db):
    milestones = Milestone.objects.filter(round__number=2)
    deadlines = [m for m in milestones if m.is_deadline]
    assert [(m.kind, m.date) for m in deadlines] == [("proposal", datetime.date(2024, 11, 29))]
    expected = {m.kind: m.date for m in milestones if not m.is_deadline}
    assert expected["dialogue"].year == 2025 and expected["dialogue"].month == 1
    assert expected["approval"] == datetime.date(2025, 4, 20)  # Easter Sunday 2025


def test_round_1_is_finished_with_five_pilots(db):
    round1 = Round.objects.get(number=1)
    assert round1.status == "finished"
    assert sorted(round1.pilots.values_list("name", flat=True)) == sorted([
        "Vestre Varanger", "Midt-Finnmark", "Hammerfest, Hasvik og Måsøy", "Rindal og Holtålen", "Indre Namdal",
    ])


def test_demo_users_are_named_by_role_with_example_addresses(demo):
    for username, user in demo["users"].items():
        assert user.email.endswith(".example"), username
        assert user.check_password("demo")


def test_demo_loader_is_idempotent(db):
    """Loading the demo again adds nothing: no organisation, pilot, agreement or version twice."""
    from bygdevekst.agreements.models import Agreement, AgreementVersion
    from bygdevekst.demo.loader import load_demo

    def counts():
        return [m.objects.count() for m in (Organisation, Pilot, Agreement, AgreementVersion)]

    before = counts()
    load_demo()
    assert counts() == before and min(before) > 0
