"""Existing rows under the sharpened R1/R4: who got a mandate, and approved_at as the last decision's date.

- `mandate_to` is filled only where a council's mandate decision names exactly one holder in its text
  ("ordfører…" or "formannskap…"); otherwise it stays empty (unknown) rather than guessed.
- `approved_at` of an approved or ended agreement becomes the date (noon, Norwegian time) of the last final
  approval by a body R4 requires on its latest final version, when those decisions are recorded.
Executive-committee and mayor decisions without a named delegation stay as they are and no longer count.
"""

import datetime
import zoneinfo

from django.db import migrations

REQUIRED_BODIES = ("kommunestyre", "fylkesting", "fylkesutvalg", "regjeringen")


def forwards(apps, schema_editor):
    Decision = apps.get_model("process", "AnchoringDecision")
    Agreement = apps.get_model("agreements", "Agreement")
    for decision in Decision.objects.filter(gives_mandate=True, mandate_to="", body="kommunestyre"):
        text = decision.decision_text.lower()
        holders = [holder for holder, word in (("ordforer", "ordfør"), ("formannskap", "formannskap")) if word in text]
        if len(holders) == 1:
            Decision.objects.filter(pk=decision.pk).update(mandate_to=holders[0])
    oslo = zoneinfo.ZoneInfo("Europe/Oslo")
    for agreement in Agreement.objects.filter(state__in=("approved", "ended")):
        final = agreement.versions.filter(kind="final").order_by("-number").first()
        if final is None:
            continue
        last = (Decision.objects.filter(agreement=agreement, final_approval=True, postponed=False, rejected=False,
                                        body__in=REQUIRED_BODIES, version_sha256=final.sha256)
                .order_by("-meeting_date").values_list("meeting_date", flat=True).first())
        if last is not None:
            Agreement.objects.filter(pk=agreement.pk).update(
                approved_at=datetime.datetime.combine(last, datetime.time(12), tzinfo=oslo))


class Migration(migrations.Migration):
    dependencies = [
        ("process", "0004_corrections_and_bodies"),
        ("agreements", "0004_draft_revision"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
