"""Every kind of PDF the platform generates is PDF/A-3b and tagged: a structure tree, /MarkInfo Marked,
the document language and a title (the accessibility statement promises tagged documents)."""

import pytest

from bygdevekst.actionplans.exports import plan_pdf
from bygdevekst.actionplans.models import ActionPlan
from bygdevekst.agreements.documents.pdf import changes_pdf, version_pdf
from bygdevekst.agreements.models import AgreementVersion
from bygdevekst.correspondence.domain.cases import kdd
from bygdevekst.correspondence.domain.pdf import render_text_pdf
from bygdevekst.correspondence.models import DocumentObject

from .pdfcheck import accessibility


def _assert_accessible(pdf, tmp_path, lang):
    found = accessibility(pdf, tmp_path)
    assert found["pdfa"], "no PDF/A-3b identification"
    assert found["tagged"] and found["struct_tree"], "not tagged"
    assert "Document" in found["structure"] and "P (block)" in found["structure"]
    assert found["lang"] == lang
    assert found["title"]


def _versions():
    versions = list(AgreementVersion.objects.select_related("agreement").order_by("agreement", "number"))
    pair = next((a, b) for a, b in zip(versions, versions[1:], strict=False) if a.agreement_id == b.agreement_id)
    return versions, pair


@pytest.mark.django_db
def test_version_and_change_summary_pdfs_are_tagged_pdfa(demo, tmp_path):
    versions, (old, new) = _versions()
    nynorsk = next(v for v in versions if v.content.get("written_standard") == "nn")
    for version in (versions[0], nynorsk):
        _assert_accessible(version_pdf(version), tmp_path, "nn" if version is nynorsk else "nb")
    lang = "nn" if new.content.get("written_standard") == "nn" else "nb"
    _assert_accessible(changes_pdf(old, new), tmp_path, lang)


@pytest.mark.django_db
def test_action_plan_pdf_is_tagged_pdfa(demo, tmp_path):
    plan = ActionPlan.objects.select_related("agreement").first()
    lang = "nn" if plan.agreement.written_standard == "nn" else "nb"
    _assert_accessible(plan_pdf(plan), tmp_path, lang)


@pytest.mark.django_db
def test_registered_text_pdf_is_tagged_pdfa(demo, tmp_path):
    _assert_accessible(render_text_pdf("Notat", [("h", "Overskrift"), ("p", "Tekst")], sender=kdd(), lang="nn"),
                       tmp_path, "nn")


@pytest.mark.django_db
def test_every_pdf_stored_in_the_case_log_is_tagged_pdfa(demo, tmp_path):
    """Letters (both written standards), agreement versions and notes the demo registered."""
    objects = DocumentObject.objects.filter(file_format="PDF/A-3b").select_related("description__entry")
    kinds = set()
    for obj in objects:
        found = accessibility(obj.read(), tmp_path)
        assert found["pdfa"] and found["tagged"] and found["struct_tree"], obj.filename
        assert found["lang"] in ("nb", "nn") and found["title"], obj.filename
        entry = obj.description.entry
        kinds.add("letter" if hasattr(entry, "letter") else entry.source.split(":")[0] or "note")
    assert {"letter", "agreement-version"} <= kinds, kinds


@pytest.mark.django_db
def test_minutes_and_letters_are_tagged_pdfa_in_their_written_standard(demo, tmp_path):
    """The two kinds not drawn above: a meeting's minutes (in its agreement's written standard) and a letter in
    each written standard, each with its structure tree and its language."""
    from bygdevekst.meetings.minutes import minutes_pdf, written_standard
    from bygdevekst.meetings.models import Meeting

    meetings = list(Meeting.objects.filter(agreement__isnull=False).select_related("agreement"))
    for lang in ("nb", "nn"):
        meeting = next(m for m in meetings if written_standard(m) == lang)
        _assert_accessible(minutes_pdf(meeting), tmp_path, lang)
    from bygdevekst.correspondence.domain.pdf import render_letter_pdf
    from bygdevekst.correspondence.models import Letter

    letter = Letter.objects.select_related("registry_entry").exclude(registry_entry=None).first()
    recipients = [p.organisation for p in letter.recipients.select_related("organisation")[:2]] or [kdd()]
    for lang in ("nb", "nn"):
        pdf = render_letter_pdf(letter, sender=kdd(), reference=letter.registry_entry.reference, standard=lang,
                                recipients=recipients, copies=[], signatories=[], letter_date=letter.letter_date)
        _assert_accessible(pdf, tmp_path, lang)
