"""Brings an existing database to the official register shipped in organisations/data/: the corrected
Sami and Kven parallel names (and "Nordland - Nordlánnda"), and the organisation numbers of the
municipalities, county councils and state administrators. A new, empty database is left alone: the
register is loaded by `manage.py import_municipalities` (or the demo)."""

from django.db import migrations


def bring_to_register(apps, schema_editor):
    from bygdevekst.organisations.register import import_municipalities

    County = apps.get_model("organisations", "County")
    Organisation = apps.get_model("organisations", "Organisation")
    OrganisationName = apps.get_model("organisations", "OrganisationName")
    if not Organisation.objects.filter(kind="municipality").exists():
        return
    import_municipalities(models=(County, Organisation, OrganisationName))


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_initial"),
    ]

    operations = [migrations.RunPython(bring_to_register, migrations.RunPython.noop)]
