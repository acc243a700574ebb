"""Registry entries get the registry's own running number (journal year = the registration year,
sequence within that year), numbered for existing entries in registration order; cases get the time
they were closed, and the case of an already signed agreement is closed."""

from django.db import migrations, models
from django.utils import timezone


def number_entries(apps, schema_editor):
    RegistryEntry = apps.get_model("correspondence", "RegistryEntry")
    counters = {}
    for entry in RegistryEntry.objects.order_by("registry_date", "created_at", "pk"):
        year = entry.registry_date.year
        counters[year] = counters.get(year, 0) + 1
        RegistryEntry.objects.filter(pk=entry.pk).update(journal_year=year, journal_sequence=counters[year])


def close_signed(apps, schema_editor):
    Case = apps.get_model("correspondence", "Case")
    try:
        Signing = apps.get_model("process", "Signing")
    except LookupError:
        return
    for signing in Signing.objects.select_related("agreement"):
        Case.objects.filter(pilot_id=signing.agreement.pilot_id).exclude(status="closed").update(
            status="closed", closed_at=signing.recorded_at or timezone.now()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("correspondence", "0001_initial"),
        ("process", "0003_addendum_approval"),
    ]

    operations = [
        migrations.AddField(
            model_name="case", name="closed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="closed"),
        ),
        migrations.AddField(
            model_name="registryentry", name="journal_year",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="journal year"), preserve_default=False,
        ),
        migrations.AddField(
            model_name="registryentry", name="journal_sequence",
            field=models.PositiveIntegerField(default=0, verbose_name="journal sequence number"),
            preserve_default=False,
        ),
        migrations.RunPython(number_entries, migrations.RunPython.noop),
        migrations.RunPython(close_signed, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="registryentry",
            constraint=models.UniqueConstraint(fields=("journal_year", "journal_sequence"), name="unique_journal_number"),
        ),
    ]
