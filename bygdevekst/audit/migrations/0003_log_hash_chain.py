"""The log becomes a hash chain: rows already written are chained in id order (the triggers are lifted for the
backfill, in this migration's transaction, and put back). On SQLite, adding a column rebuilds the table, which
drops its triggers: so they are installed again in any case."""

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from bygdevekst.audit import triggers
from bygdevekst.audit.models import chain_hash, chain_fields


def chain_existing_rows(apps, schema_editor):
    ActionLog = apps.get_model("audit", "ActionLog")
    rows = ActionLog.objects.using(schema_editor.connection.alias).order_by("pk")
    triggers.uninstall(schema_editor.connection)
    prev = ""
    for row in rows.iterator(chunk_size=2000):
        row.prev_hash = prev
        row.row_hash = prev = chain_hash(chain_fields(row))
        ActionLog.objects.using(schema_editor.connection.alias).filter(pk=row.pk).update(
            prev_hash=row.prev_hash, row_hash=row.row_hash)
    if getattr(settings, "AUDIT_DB_TRIGGERS", True):
        triggers.install(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_triggers'),
    ]

    operations = [
        migrations.AddField(
            model_name='actionlog',
            name='prev_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="previous row's hash"),
        ),
        migrations.AddField(
            model_name='actionlog',
            name='row_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='row hash'),
        ),
        migrations.AlterField(
            model_name='actionlog',
            name='timestamp',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='time'),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
    ]
