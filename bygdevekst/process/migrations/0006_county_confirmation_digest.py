"""R3: a county council's confirmation covers the commitment as it was confirmed. Existing confirmations get the
digest of their commitment as it stands now, so nothing already confirmed is flagged again by the migration."""

import hashlib

from django.db import migrations, models


def commitment_digest(c):
    return hashlib.sha256(f"{c.uid}|{c.kind}|{c.amount_nok}|{c.text}".encode("utf-8")).hexdigest()


def forwards(apps, schema_editor):
    Confirmation = apps.get_model("process", "CountyCommitmentConfirmation")
    Commitment = apps.get_model("agreements", "Commitment")
    for confirmation in Confirmation.objects.filter(digest=""):
        commitment = Commitment.objects.filter(
            agreement_id=confirmation.agreement_id, uid=confirmation.commitment_uid
        ).first()
        if commitment is not None:
            Confirmation.objects.filter(pk=confirmation.pk).update(digest=commitment_digest(commitment))


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0001_initial"),
        ("process", "0005_bodies_and_dates_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="countycommitmentconfirmation",
            name="digest",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
