"""Documents attached to a meeting: PDF uploads judged by the one validator, their PDF/A claim recorded,
listed on the page and downloaded by whoever sees the meeting."""

from django.core.files.uploadedfile import SimpleUploadedFile
from weasyprint import HTML

from bygdevekst.core.pdf import write_pdf
from bygdevekst.meetings.models import Attachment


def _upload(client, meeting, title, content, kind="presentation"):
    return client.post(
        f"/meetings/{meeting.pk}/documents/",
        {
            "d-kind": kind,
            "d-title": title,
            "d-file": SimpleUploadedFile("upload.pdf", content, content_type="application/pdf"),
        },
    )


def test_attach_list_and_download(client_for, dialogue_meeting):
    kdd = client_for("kdd")
    pdfa = write_pdf('<html lang="nb"><title>Presentasjon</title><p>Lysbilder</p></html>')
    response = _upload(kdd, dialogue_meeting, "Presentasjon fra KDD", pdfa)
    assert response.status_code == 302 and response.url.endswith("#documents")
    plain = HTML(string="<p>Vedtak</p>").write_pdf()
    _upload(kdd, dialogue_meeting, "Kommunestyrets vedtak", plain, kind="council_decision")
    first, second = Attachment.objects.filter(meeting=dialogue_meeting).order_by("pk")
    assert (first.pdfa, second.pdfa) == ("PDF/A-3b", "")
    assert first.filename == "presentasjon-fra-kdd.pdf"

    page = client_for("vinje").get(f"/meetings/{dialogue_meeting.pk}/").content.decode()
    assert "Presentasjon fra KDD" in page and "PDF/A-3b" in page and "Kommunestyrets vedtak" in page
    download = client_for("vinje").get(f"/meetings/{dialogue_meeting.pk}/documents/{first.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdfa
    assert 'filename="presentasjon-fra-kdd.pdf"' in download["Content-Disposition"]
    assert client_for("trysil").get(f"/meetings/{dialogue_meeting.pk}/documents/{first.pk}/").status_code == 404
    assert client_for(None).get(f"/meetings/{dialogue_meeting.pk}/documents/{first.pk}/").status_code == 404
    assert client_for("kdd").get(f"/meetings/{dialogue_meeting.pk}/documents/999999/").status_code == 404


def test_only_the_organiser_attaches_and_only_pdfs(client_for, dialogue_meeting):
    pdf = write_pdf("<html><title>x</title><p>x</p></html>")
    assert _upload(client_for("vinje"), dialogue_meeting, "Min fil", pdf).status_code == 403
    response = _upload(client_for("kdd"), dialogue_meeting, "Ikke PDF", b"<html>not a pdf</html>")
    assert response.status_code == 302
    assert _upload(client_for("kdd"), dialogue_meeting, "Avkortet", pdf[: len(pdf) // 2]).status_code == 302
    assert not Attachment.objects.filter(meeting=dialogue_meeting).exists()
    page = client_for("kdd").get(f"/meetings/{dialogue_meeting.pk}/", HTTP_ACCEPT_LANGUAGE="nb")
    assert page.status_code == 200
