from django.conf import settings
from django.db import migrations

from bygdevekst.audit import triggers


def install(apps, schema_editor):
    if getattr(settings, "AUDIT_DB_TRIGGERS", True):
        triggers.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
