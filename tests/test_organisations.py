import pytest
from django.core.exceptions import ValidationError

from bygdevekst.organisations.enums import OrganisationKind
from bygdevekst.organisations.models import Organisation
from bygdevekst.organisations.validators import org_number_is_valid, validate_org_number


@pytest.mark.parametrize("number", ["972417858", "972 417 858"])
def test_org_number_mod11_accepts_kdd(number):
    assert org_number_is_valid(number)


@pytest.mark.parametrize("number", ["972417857", "97241785", "9724178580", "abcdefghi", ""])
def test_org_number_mod11_refuses_wrong_numbers(number):
    assert not org_number_is_valid(number)


def test_org_number_is_optional_but_checked_when_given():
    validate_org_number("")  # optional: no error
    with pytest.raises(ValidationError) as exc:
        validate_org_number("123456789")
    assert exc.value.code == "invalid_org_number"


def test_organisation_full_clean_refuses_bad_org_number(db):
    org = Organisation(kind=OrganisationKind.OTHER, name="Testlag", org_number="123456789")
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert "org_number" in exc.value.message_dict


def test_register_holds_all_357_municipalities(db):
    assert Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).count() == 357


def test_names_are_not_unique_but_numbers_are(db):
    valer = Organisation.objects.filter(short_name="Våler").order_by("municipality_number")
    assert [o.municipality_number for o in valer] == ["3114", "3419"]


def test_kafjord_has_three_official_names_stored_exactly(db):
    kafjord = Organisation.objects.get(municipality_number="5540")
    assert kafjord.name == "Gáivuotna - Kåfjord - Kaivuono kommune"
    names = [(n.name, n.language) for n in kafjord.parallel_names.all()]
    assert names == [("Gáivuotna", "se"), ("Kåfjord", "no"), ("Kaivuono", "fkv")]


def test_nordreisa_and_troms_parallel_names(db):
    nordreisa = Organisation.objects.get(municipality_number="5544")
    assert [n.name for n in nordreisa.parallel_names.all()] == ["Nordreisa", "Ráisa", "Raisi"]
    assert nordreisa.county.name == "Troms - Romsa - Tromssa"


def test_address_lines_print_postal_place_in_capitals(db):
    trysil = Organisation.objects.get(municipality_number="3421")
    assert trysil.address_lines == ["Trysil kommune", "Postboks 200", "2421 TRYSIL"]


def test_municipality_number_is_unique(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(kind=OrganisationKind.MUNICIPALITY, name="Kopi", municipality_number="3421")
