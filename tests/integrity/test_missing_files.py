"""A register row whose stored file is gone (e.g. a database restored without its files) is a clear 404/410
page — never a 500 — and `verify` names it."""

import pytest

from bygdevekst.audit.verify import verify
from bygdevekst.correspondence.models import Case, DocumentObject
from bygdevekst.process.models import AnchoringDecision, Signing


@pytest.fixture
def empty_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # every stored file gone


def test_missing_files_are_404_or_410_pages_and_verify_names_them(demo, client_for, empty_media):
    kdd = client_for("kdd")
    obj = DocumentObject.objects.order_by("pk").first()
    assert kdd.get(obj.get_absolute_url()).status_code == 404

    case = Case.objects.filter(entries__documents__document_objects__isnull=False).order_by("pk").first()
    archive = kdd.get(f"/cases/{case.pk}/archive.zip")
    assert archive.status_code == 410 and archive["Content-Type"].startswith("text/html")

    decision = AnchoringDecision.objects.order_by("pk").first()
    AnchoringDecision.objects.filter(pk=decision.pk).update(minutes="anchoring/2024/gone.pdf")
    minutes = kdd.get(f"/process/anchoring/{decision.pk}/minutes.pdf")
    assert minutes.status_code == 410 and minutes["Content-Type"].startswith("text/html")

    signing = Signing.objects.order_by("pk").first()  # (the demo signs its approved agreement)
    Signing.objects.filter(pk=signing.pk).update(signed_copy="signed/2025/gone.pdf")
    assert kdd.get(f"/process/agreements/{signing.agreement_id}/signed.pdf").status_code == 410

    problems = {(kind, problem.split()[-1]) for kind, _what, problem in verify().findings}
    assert ("document object", "missing") in problems and ("anchoringdecision", "missing") in problems
