"""Frozen versions refuse UPDATE and DELETE at the database too (audit/triggers.py), as the log does."""

from django.conf import settings
from django.db import migrations

from bygdevekst.audit import triggers


def install(apps, schema_editor):
    if getattr(settings, "AUDIT_DB_TRIGGERS", True):
        triggers.install(schema_editor.connection, triggers.VERSION_STATEMENTS)


def uninstall(apps, schema_editor):
    triggers.uninstall(schema_editor.connection, triggers.VERSION_STATEMENTS)


class Migration(migrations.Migration):

    dependencies = [("agreements", "0004_draft_revision")]

    operations = [migrations.RunPython(install, uninstall)]
