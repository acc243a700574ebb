"""Documents attached to a meeting: PDF uploads judged by the one validator, their PDF/A claim recorded,
listed on the page and downloaded by whoever sees the meeting."""

from django.contrib.auth import get_user_model
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


def test_R9_a_document_attached_by_mistake_is_withdrawn_with_a_reason_never_deleted(client_for, dialogue_meeting,
                                                                                   api_client):
    from bygdevekst.audit.models import ActionLog

    kdd = client_for("kdd")
    pdf = HTML(string="<p>Feil fil</p>").write_pdf()
    _upload(kdd, dialogue_meeting, "Feil presentasjon", pdf)
    item = Attachment.objects.get(meeting=dialogue_meeting, title="Feil presentasjon")
    url = f"/meetings/{dialogue_meeting.pk}/documents/{item.pk}/withdraw/"
    page = kdd.get(f"/meetings/{dialogue_meeting.pk}/").content.decode()
    assert f'action="{url}"' in page  # the organiser is offered the withdrawal beside the document

    # no reason: refused, nothing changes; a participant who is no organiser may not
    assert kdd.post(url, {"reason": "  "}, HTTP_ACCEPT_LANGUAGE="nb").status_code == 302
    assert client_for("vinje").post(url, {"reason": "Feil"}).status_code == 403
    item.refresh_from_db()
    assert item.withdrawn_at is None

    assert kdd.post(url, {"reason": "Presentasjonen fra et annet møte."}).status_code == 302
    item.refresh_from_db()
    assert item.withdrawn_at and item.withdrawal_reason == "Presentasjonen fra et annet møte."
    assert Attachment.objects.filter(pk=item.pk).exists()  # never deleted
    entry = ActionLog.objects.filter(action="meeting.document_withdrawn").latest("pk")
    assert entry.data["reason"] == "Presentasjonen fra et annet møte." and entry.data["sha256"] == item.sha256

    page = client_for("vinje").get(f"/meetings/{dialogue_meeting.pk}/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "<del>" in page and "Presentasjonen fra et annet møte." in page and "Trukket tilbake" in page
    assert client_for("vinje").get(f"/meetings/{dialogue_meeting.pk}/documents/{item.pk}/").status_code == 200

    # the API: the same function; a second withdrawal is a 409 with the reason
    api = api_client("kdd")
    again = api.post(f"/api/v1/meetings/{dialogue_meeting.pk}/attachments/{item.pk}/withdraw",
                     {"reason": "Igjen"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="nb")
    assert again.status_code == 409 and "allerede trukket tilbake" in again.json()["reasons"][0]
    listed = api.get(f"/api/v1/meetings/{dialogue_meeting.pk}/attachments").json()["items"]
    assert next(a for a in listed if a["id"] == item.pk)["withdrawal_reason"] == "Presentasjonen fra et annet møte."


def test_R9_withdrawing_a_document_through_the_api(client_for, dialogue_meeting, api_client):
    _upload(client_for("kdd"), dialogue_meeting, "Utkast", HTML(string="<p>Utkast</p>").write_pdf())
    item = Attachment.objects.get(meeting=dialogue_meeting, title="Utkast")
    url = f"/api/v1/meetings/{dialogue_meeting.pk}/attachments/{item.pk}/withdraw"
    assert api_client("vinje").post(url, {"reason": "Feil"}, content_type="application/json").status_code == 403
    assert api_client("kdd").post(url, {}, content_type="application/json").status_code == 422
    done = api_client("kdd").post(url, {"reason": "Feil utkast"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["withdrawal_reason"] == "Feil utkast" and done.json()["withdrawn_at"]


def _with_update(pdf, body):
    """The file with an incremental update appended (as an editing program writes one)."""
    return pdf + b"\n" + body + b"\n%%EOF\n"


def test_a_pdfa_claim_the_file_breaks_is_not_recorded_as_pdfa(client_for, dialogue_meeting):
    """Every PDF/A part forbids encryption and JavaScript or launch actions; a file that declares PDF/A and has
    them is kept as a plain PDF, and the page and the log say why."""
    import zlib

    from bygdevekst.audit.models import ActionLog
    from bygdevekst.meetings.pdfa import pdfa_identification, pdfa_problems

    get_user_model().objects.filter(username="kdd").update(language="en")
    pdfa = write_pdf('<html lang="nb"><title>Vedtak</title><p>Vedtak</p></html>')
    assert pdfa_identification(pdfa) == "PDF/A-3b" and pdfa_problems(pdfa) == []
    encrypted = _with_update(pdfa, b"trailer\n<< /Size 99 /Encrypt 98 0 R >>")
    scripted = _with_update(pdfa, b"97 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj")
    packed = zlib.compress(b"96 0 << /S /Launch /F (calc.exe) >>")
    hidden = _with_update(pdfa, b"95 0 obj\n<< /Type /ObjStm /N 1 /First 5 /Filter /FlateDecode /Length "
                          + str(len(packed)).encode() + b" >>\nstream\n" + packed + b"\nendstream\nendobj")
    assert pdfa_problems(encrypted) == ["encrypted"]
    assert pdfa_problems(scripted) == ["active_content"] and pdfa_problems(hidden) == ["active_content"]

    kdd = client_for("kdd")
    response = _upload(kdd, dialogue_meeting, "Kommunestyrets vedtak", encrypted, kind="council_decision")
    assert response.status_code == 302
    page = kdd.get(response.url)
    warnings = [str(m) for m in page.context["messages"]]
    assert any("attached as a plain PDF" in m and "PDF/A-3b" in m and "encrypted" in m for m in warnings), warnings
    item = Attachment.objects.get(meeting=dialogue_meeting, title="Kommunestyrets vedtak")
    assert item.pdfa == "" and "PDF (not PDF/A)" in page.content.decode()
    entry = ActionLog.objects.filter(action="meeting.document_attached").latest("pk")
    assert entry.data["pdfa_claimed"] == "PDF/A-3b" and entry.data["pdfa_problems"] == ["encrypted"]

    _upload(kdd, dialogue_meeting, "Presentasjon", hidden)
    assert Attachment.objects.get(meeting=dialogue_meeting, title="Presentasjon").pdfa == ""
    _upload(kdd, dialogue_meeting, "Ren presentasjon", pdfa)
    assert Attachment.objects.get(meeting=dialogue_meeting, title="Ren presentasjon").pdfa == "PDF/A-3b"
