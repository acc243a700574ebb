"""Demo users, invented and named by role; every password is `demo` (demo data only)."""

from django.contrib.auth import get_user_model

from bygdevekst.organisations.enums import Role
from bygdevekst.organisations.models import Membership, Organisation

DEMO_PASSWORD = "demo"  # noqa: S105  demo data only, documented in the README  # nosec B105

# username → (first name, last name, role, organisation lookup, pilot name or None)
USERS = {
    "kdd": ("Saksbehandler", "KDD", Role.CASE_OFFICER, {"org_number": "972417858"}, None),
    "kdd2": ("Avdelingsdirektør", "KDD", Role.CASE_OFFICER, {"org_number": "972417858"}, None),
    "trysil": ("Prosjektleder", "Trysil-regionen", Role.PROJECT_MANAGER, {"municipality_number": "3421"}, "Trysil-regionen"),
    "smola": ("Prosjektleder", "Smøla og Aure", Role.PROJECT_MANAGER, {"municipality_number": "1573"}, "Smøla og Aure"),
    "vinje": ("Prosjektleiar", "Vest-Telemark", Role.PROJECT_MANAGER, {"municipality_number": "4036"}, "Vest-Telemark"),
    "kafjord": ("Prosjektleder", "Nord-Troms", Role.PROJECT_MANAGER, {"municipality_number": "5540"}, "Nord-Troms"),
    "solund": ("Prosjektleiar", "Solund og Fedje", Role.PROJECT_MANAGER, {"municipality_number": "4636"}, "Solund og Fedje"),
    "innlandet": ("Rådgiver", "Innlandet fylkeskommune", Role.COUNTY_OFFICER, {"name": "Innlandet fylkeskommune"}, None),
    "statsforvalter-innlandet": ("Seniorrådgiver", "Statsforvalteren i Innlandet", Role.STATE_ADMINISTRATOR,
                                 {"name": "Statsforvalteren i Innlandet"}, None),
    "politiker-trysil": ("Kommunestyrerepresentant", "Trysil", Role.POLITICIAN, {"municipality_number": "3421"}, None),
    # A cooperation partner, so the partner page has someone to show it to: Husbanken, under a housing
    # sub-goal of the Trysil-regionen agreement.
    "partner-trysil": ("Samarbeidspartner", "Husbanken", Role.PARTNER, {"kind": "state_agency", "name": "Husbanken"},
                       "Trysil-regionen"),
}


def load(ctx):
    User = get_user_model()
    users = {}
    for username, (first, last, role, lookup, pilot_name) in USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.example"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        pilot = ctx["round2_pilots"][pilot_name] if pilot_name else None
        Membership.objects.get_or_create(
            user=user, organisation=Organisation.objects.get(**lookup), role=role, pilot=pilot
        )
        users[username] = user
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"first_name": "Administrator", "last_name": "Bygdevekst", "email": "admin@demo.example",
                  "is_staff": True, "is_superuser": True},
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    users["admin"] = admin
    ctx["users"] = users
