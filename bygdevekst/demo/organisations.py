"""Organisations exactly as the letter prints them; others left empty rather than invented."""

from bygdevekst.organisations.enums import OrganisationKind, WrittenStandard
from bygdevekst.organisations.models import County, Organisation
from bygdevekst.organisations.register import import_municipalities

KDD = {
    "kind": OrganisationKind.MINISTRY,
    "name": "Kommunal- og distriktsdepartementet",
    "short_name": "KDD",
    "org_number": "972417858",
    "department": "Regionalpolitisk avdeling",
    "postal_address": "Postboks 8112 Dep",
    "postal_code": "0032",
    "postal_place": "Oslo",
    "office_address": "Akersg. 59",
    "email": "postmottak@kdd.dep.no",
    "phone": "22 24 90 90",
    "website": "www.kdd.dep.no",
}

# Addresses as the letter prints them (municipality number → address, postal code, place).
MUNICIPAL_ADDRESSES = {
    "5540": ("Postboks 74", "9148", "OLDERDALEN"),
    "1573": ("Postboks 34", "6571", "SMØLA"),
    "4636": ("Hardbakke 26", "6924", "HARDBAKKE"),
    "3421": ("Postboks 200", "2421", "TRYSIL"),
    "4036": ("Vinjevegen 192", "3890", "VINJE"),
}

# County councils: number → (name, address, postal code, place). The four the letter addresses
# have their printed addresses; the rest have a name only.
COUNTY_COUNCILS = {
    "34": ("Innlandet fylkeskommune", "Postboks 4404 Bedriftssenteret", "2325", "HAMAR"),
    "40": ("Telemark fylkeskommune", "Postboks 2844", "3702", "SKIEN"),
    "55": ("Troms fylkeskommune", "Postboks 6600", "9296", "TROMSØ"),
    "46": ("Vestland fylkeskommune", "Postboks 7900", "5020", "BERGEN"),
    "15": ("Møre og Romsdal fylkeskommune", "", "", ""),
    "50": ("Trøndelag fylkeskommune", "", "", ""),
    "56": ("Finnmark fylkeskommune", "", "", ""),
}

# State administrators the demo's pilots deal with, by the counties they cover; names, organisation
# numbers and coverage come from the register (organisation-numbers.csv).
STATE_ADMINISTRATORS = [["34"], ["15"], ["55", "56"], ["39", "40"], ["46"], ["50"]]


# State agencies that take part as cooperation parties under named sub-goals (no organisation number: left
# empty rather than invented).
STATE_AGENCIES = {
    "Husbanken": {"short_name": "Husbanken", "email": "post@husbanken.example"},
}


def _slug(text):
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "á": "a", " ": "-"})
    return text.lower().translate(table)


def load(ctx):
    import_municipalities()
    kdd, _ = Organisation.objects.update_or_create(org_number=KDD["org_number"], defaults=KDD)
    ctx["kdd"] = kdd
    for number, (address, code, place) in MUNICIPAL_ADDRESSES.items():
        Organisation.objects.filter(municipality_number=number).update(
            postal_address=address, postal_code=code, postal_place=place
        )
    # Every demo organisation gets an e-mail address on a .example domain.
    for org in Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, email=""):
        org.email = f"postmottak@{_slug(org.short_name)}.kommune.example"
        org.save(update_fields=["email"])
    councils = {}
    for number, (name, address, code, place) in COUNTY_COUNCILS.items():
        county = County.objects.get(number=number)
        org, _ = Organisation.objects.update_or_create(
            kind=OrganisationKind.COUNTY_COUNCIL,
            county=county,
            defaults={
                "name": name,
                "short_name": name,
                "postal_address": address,
                "postal_code": code,
                "postal_place": place,
                "email": f"post@{_slug(name.split(' fylkeskommune')[0])}.fylkeskommune.example",
                "written_standard": WrittenStandard.NYNORSK if number == "46" else WrittenStandard.BOKMAL,
            },
        )
        councils[number] = org
    ctx["county_councils"] = councils
    administrators = {}
    for counties in STATE_ADMINISTRATORS:
        org = Organisation.objects.get(kind=OrganisationKind.STATE_ADMINISTRATOR, covered_counties__number=counties[0])
        org.email = f"sf{_slug(org.name.split(' i ', 1)[1])}@statsforvalteren.example"
        org.written_standard = WrittenStandard.NYNORSK if counties == ["46"] else WrittenStandard.BOKMAL
        org.save(update_fields=["email", "written_standard"])
        for number in counties:
            administrators[number] = org
    ctx["state_administrators"] = administrators
    ctx["state_agencies"] = {
        name: Organisation.objects.update_or_create(kind=OrganisationKind.STATE_AGENCY, name=name, defaults=fields)[0]
        for name, fields in STATE_AGENCIES.items()
    }
