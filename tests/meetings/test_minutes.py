"""Minutes written on the meeting page, produced as tagged PDF/A and as .docx in the agreement's written
standard, opened by LibreOffice, and registered in the pilot's case log."""

import datetime
import io
import subprocess

import docx
from django.contrib.auth import get_user_model

from bygdevekst.correspondence.models import RegistryEntry
from bygdevekst.meetings.domain.meetings import create_meeting
from bygdevekst.meetings.pdfa import pdfa_identification
from tests.pdfs import requires_libreoffice


def _run(*command):
    """A program the test reads the document with (poppler, LibreOffice): fixed arguments, no shell."""
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=180).stdout  # noqa: S603


def _write(client, meeting, minutes, decisions=""):
    meeting.refresh_from_db()
    return client.post(
        f"/meetings/{meeting.pk}/minutes/",
        {"m-minutes": minutes, "m-decisions": decisions, "m-lock_version": meeting.lock_version},
    )


def test_minutes_are_written_on_the_page_and_a_stale_form_saves_nothing(client_for, dialogue_meeting):
    kdd = client_for("kdd")
    assert 'name="m-minutes"' in kdd.get(f"/meetings/{dialogue_meeting.pk}/").content.decode()
    response = _write(kdd, dialogue_meeting, "- Partene gikk gjennom svaret.\n- **Enighet** om delmål 1.", "Vedtatt.")
    assert response.status_code == 302 and response.url.endswith("#minutes")
    dialogue_meeting.refresh_from_db()
    assert dialogue_meeting.minutes.startswith("- Partene") and dialogue_meeting.decisions == "Vedtatt."
    stale = kdd.post(
        f"/meetings/{dialogue_meeting.pk}/minutes/",
        {"m-minutes": "Overskrevet", "m-decisions": "", "m-lock_version": dialogue_meeting.lock_version - 1},
    )
    assert stale.status_code == 302
    dialogue_meeting.refresh_from_db()
    assert dialogue_meeting.minutes.startswith("- Partene")
    assert (
        client_for("vinje")
        .post(
            f"/meetings/{dialogue_meeting.pk}/minutes/",
            {"m-minutes": "x", "m-lock_version": dialogue_meeting.lock_version},
        )
        .status_code
        == 403
    )
    # The participant reads them.
    assert "Enighet" in client_for("vinje").get(f"/meetings/{dialogue_meeting.pk}/").content.decode()


def test_minutes_pdf_is_tagged_pdfa_with_the_text(client_for, dialogue_meeting, tmp_path):
    _write(client_for("kdd"), dialogue_meeting, "Partene drøftet **delmål 1**.", "Teksten justeres.")
    response = client_for("vinje").get(f"/meetings/{dialogue_meeting.pk}/minutes.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "referat-" in response["Content-Disposition"]
    pdf = response.content
    assert pdfa_identification(pdf) == "PDF/A-3b"
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    info = _run("pdfinfo", str(path))
    assert "Tagged:          yes" in info
    text = _run("pdftotext", str(path), "-")
    assert "Referat: " + dialogue_meeting.title in text
    # Vest-Telemark's agreement is written in nynorsk: so are its minutes.
    assert dialogue_meeting.agreement.written_standard == "nn"
    assert "Deltakarar" in text and "Saksliste" in text and "Teksten justeres." in text
    assert "Vinje kommune" in text
    assert client_for("trysil").get(f"/meetings/{dialogue_meeting.pk}/minutes.pdf").status_code == 404


def _nynorsk_meeting(agreement_of):
    solund = agreement_of("Solund og Fedje")
    assert solund.written_standard == "nn"
    meeting = create_meeting(
        get_user_model().objects.get(username="kdd"),
        {
            "kind": "political",
            "title": "Politisk møte – Solund og Fedje",
            "date": datetime.date(2026, 3, 5),
            "start_time": datetime.time(9),
            "end_time": datetime.time(11),
            "place": "Hardbakke",
            "minutes": "Partane drøfta framdrifta.",
            "decisions": "Arbeidet held fram.",
        },
        agreement=solund,
        invite=False,
    )
    return meeting


def test_minutes_docx_speaks_the_agreements_written_standard(client_for, agreement_of):
    meeting = _nynorsk_meeting(agreement_of)
    response = client_for("kdd").get(f"/meetings/{meeting.pk}/minutes.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.core_properties.title == "Referat: Politisk møte – Solund og Fedje"
    assert "Deltakarar" in text and "Stad: Hardbakke" in text and "Partane drøfta framdrifta." in text
    assert "Deltakere" not in text
    assert any(p.style.name == "Heading 1" for p in document.paragraphs)
    # The document is dated by the meeting's start, 09:00 in Oslo on 5 March: 08:00 UTC, as the "Z" it is written with says
    assert document.core_properties.created == datetime.datetime(2026, 3, 5, 8, tzinfo=datetime.UTC)
    # The same meeting gives the same bytes.
    assert client_for("kdd").get(f"/meetings/{meeting.pk}/minutes.docx").content == response.content
    nord_troms = agreement_of("Nord-Troms")
    assert nord_troms.written_standard == "nb"
    bokmal_meeting = nord_troms.meetings.get(kind="dialogue")
    bokmal = docx.Document(io.BytesIO(client_for("kdd").get(f"/meetings/{bokmal_meeting.pk}/minutes.docx").content))
    bokmal_text = "\n".join(p.text for p in bokmal.paragraphs)
    assert "Deltakere" in bokmal_text and "Utfall: enighet" in bokmal_text and "Deltakarar" not in bokmal_text


# CI installs LibreOffice (.ci/run): there a missing soffice is a failure, never a skip
@requires_libreoffice
def test_libreoffice_opens_the_minutes_docx(client_for, agreement_of, tmp_path):
    meeting = _nynorsk_meeting(agreement_of)
    source = tmp_path / "referat.docx"
    source.write_bytes(client_for("kdd").get(f"/meetings/{meeting.pk}/minutes.docx").content)
    profile = f"-env:UserInstallation=file://{tmp_path}/.lo-profile"
    _run("soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source))
    converted = tmp_path / "referat.pdf"
    assert converted.read_bytes().startswith(b"%PDF")
    text = _run("pdftotext", str(converted), "-")
    assert "Deltakarar" in text and "Partane drøfta framdrifta." in text


def test_registering_the_minutes_puts_them_in_the_pilots_case(client_for, dialogue_meeting):
    kdd = client_for("kdd")
    source = f"meeting-minutes:{dialogue_meeting.pk}"
    assert kdd.post(f"/meetings/{dialogue_meeting.pk}/minutes/register/").status_code == 302
    assert not RegistryEntry.objects.filter(source=source).exists()  # nothing written yet: refused
    _write(kdd, dialogue_meeting, "Partene gikk gjennom svaret.")
    assert client_for("vinje").post(f"/meetings/{dialogue_meeting.pk}/minutes/register/").status_code == 403
    assert kdd.post(f"/meetings/{dialogue_meeting.pk}/minutes/register/").status_code == 302
    entry = RegistryEntry.objects.get(source=source)
    assert entry.case.pilot == dialogue_meeting.agreement.pilot and entry.entry_type == "internal_note"
    docs = list(entry.documents.order_by("number"))
    assert len(docs) == 2
    pdf = docs[0].document_objects.get()
    assert pdf.file_format == "PDF/A-3b" and pdf.filename.endswith(".pdf")
    assert pdfa_identification(pdf.file.open("rb").read()) == "PDF/A-3b"
    word = docs[1].document_objects.get()
    assert word.filename.endswith(".docx") and word.variant == "production"
    # Registered again unchanged: nothing new; changed: a second version beside the first.
    kdd.post(f"/meetings/{dialogue_meeting.pk}/minutes/register/")
    assert docs[0].document_objects.count() == 1
    _write(kdd, dialogue_meeting, "Partene gikk gjennom svaret. Tillegg.")
    kdd.post(f"/meetings/{dialogue_meeting.pk}/minutes/register/")
    assert sorted(docs[0].document_objects.values_list("version", flat=True)) == [1, 2]
    assert RegistryEntry.objects.filter(source=source).count() == 1
    from bygdevekst.audit.models import ActionLog

    assert (
        ActionLog.objects.filter(action="meeting.minutes_registered", object_id=str(dialogue_meeting.pk)).count() == 3
    )


def test_the_meeting_page_says_where_the_minutes_are_registered(client_for, dialogue_meeting):
    """A case officer sees on the meeting itself whether, when and under which registry entry the minutes are on
    record, without looking through the case log; the entry is an internal note, so only KDD is shown it."""
    get_user_model().objects.filter(username="kdd").update(language="en")
    kdd = client_for("kdd")
    url = f"/meetings/{dialogue_meeting.pk}/"
    assert "minutes-registered" not in kdd.get(url).content.decode()
    _write(kdd, dialogue_meeting, "Partene gikk gjennom svaret.")
    kdd.post(f"/meetings/{dialogue_meeting.pk}/minutes/register/")
    entry = RegistryEntry.objects.get(source=f"meeting-minutes:{dialogue_meeting.pk}")
    page = kdd.get(url).content.decode()
    assert "The minutes were last registered in the case log" in page
    assert f'<a href="{entry.get_absolute_url()}">Registry entry {entry.reference}</a>' in page
    assert client_for("kdd").get(entry.get_absolute_url()).status_code == 200
    assert "minutes-registered" not in client_for("vinje").get(url).content.decode()
