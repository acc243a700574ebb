"""The meeting features of the page through the API: answering the invitation, the minutes (registered in the
case log, downloaded), attached PDFs and one's own calendar address — the same permissions, domain functions and
guards as the pages (tests/meetings/)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bygdevekst.audit.models import ActionLog
from bygdevekst.core.pdf import write_pdf
from bygdevekst.correspondence.models import RegistryEntry
from bygdevekst.meetings.models import Attachment, CalendarToken

API = "/api/v1/meetings"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def meeting(demo):
    """Vest-Telemark's dialogue meeting (demo): Vinje kommune (user vinje) takes part; Trysil's people do not."""
    from bygdevekst.meetings.models import Meeting

    return Meeting.objects.get(agreement__pilot=demo["pilots"]["Vest-Telemark"], kind="dialogue")


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def _vinje(meeting):
    return meeting.participants.get(organisation__name="Vinje kommune")


# ---- Answering ------------------------------------------------------------------------------------------------
def test_a_participant_answers_with_the_pages_domain_function(api_client, meeting):
    vinje = _vinje(meeting)
    response = _post(
        api_client("vinje"),
        f"{API}/{meeting.pk}/answer",
        {"participant": vinje.pk, "answer": "TENTATIVE", "comment": "Ordføreren kjem kanskje."},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["participant"] == vinje.pk and body["answer"] == "TENTATIVE"
    assert body["comment"] == "Ordføreren kjem kanskje." and body["organisation_name"] == "Vinje kommune"
    vinje.refresh_from_db()
    assert vinje.answer == "TENTATIVE" and vinje.answered_by.username == "vinje"
    row = ActionLog.objects.filter(action="meeting.answered", object_id=str(meeting.pk)).latest("pk")
    assert row.data["after"] == {"answer": "TENTATIVE", "comment": "Ordføreren kjem kanskje."}
    # Without `participant`: the caller's (only) one; declining changes the answer.
    again = _post(api_client("vinje"), f"{API}/{meeting.pk}/answer", {"answer": "DECLINED"})
    assert again.status_code == 200 and again.json()["participant"] == vinje.pk
    vinje.refresh_from_db()
    assert vinje.answer == "DECLINED" and vinje.answer_comment == ""


def test_answering_for_someone_else_is_refused_and_changes_nothing(api_client, meeting):
    vinje = _vinje(meeting)
    # The administrator belongs to no participant: 403; Trysil's people do not see the meeting: 404.
    assert _post(api_client("admin"), f"{API}/{meeting.pk}/answer", {"answer": "ACCEPTED"}).status_code == 403
    assert _post(api_client("trysil"), f"{API}/{meeting.pk}/answer", {"answer": "ACCEPTED"}).status_code == 404
    assert _post(api_client(None), f"{API}/{meeting.pk}/answer", {"answer": "ACCEPTED"}).status_code == 404
    # KDD answers for the ministry, not for Vinje.
    refused = _post(api_client("kdd"), f"{API}/{meeting.pk}/answer", {"participant": vinje.pk, "answer": "ACCEPTED"})
    assert refused.status_code == 403
    vinje.refresh_from_db()
    assert vinje.answer == "NEEDS-ACTION"


def test_a_cancelled_meeting_takes_no_answer_409(api_client, meeting):
    meeting.cancelled_at = timezone.now()
    meeting.save(update_fields=["cancelled_at"])
    response = _post(api_client("vinje"), f"{API}/{meeting.pk}/answer", {"answer": "ACCEPTED"})
    assert response.status_code == 409
    assert response.json()["reasons"] == ["Møtet er avlyst; det er ingenting å svare på."]
    assert _vinje(meeting).answer == "NEEDS-ACTION"


def test_an_answer_outside_the_schema_is_422(api_client, meeting):
    client = api_client("vinje")
    for body in (
        {"answer": "MAYBE"},
        {},
        {"answer": "ACCEPTED", "comment": "x" * 2001},
        {"answer": "ACCEPTED", "participant": 0},
    ):
        response = _post(client, f"{API}/{meeting.pk}/answer", body)
        assert response.status_code == 422, body
        assert response.json()["errors"] and all(e["message"] for e in response.json()["errors"])
    assert _vinje(meeting).answer == "NEEDS-ACTION"


# ---- Minutes --------------------------------------------------------------------------------------------------
def test_minutes_are_registered_in_the_case_log_and_downloaded(api_client, meeting):
    kdd = api_client("kdd")
    source = f"meeting-minutes:{meeting.pk}"
    nothing = _post(kdd, f"{API}/{meeting.pk}/minutes/register")
    assert nothing.status_code == 409 and nothing.json()["reasons"] == [
        "Skriv referatet eller registrer et utfall før du journalfører det."
    ]
    assert not RegistryEntry.objects.filter(source=source).exists()
    meeting.refresh_from_db()
    edited = _post(
        kdd,
        f"{API}/{meeting.pk}",
        {
            "kind": "dialogue",
            "title": meeting.title,
            "date": meeting.date.isoformat(),
            "lock_version": meeting.lock_version,
            "minutes": "Partene gikk gjennom svaret.",
        },
    )
    assert edited.status_code == 200, edited.content
    assert _post(api_client("vinje"), f"{API}/{meeting.pk}/minutes/register").status_code == 403
    registered = _post(kdd, f"{API}/{meeting.pk}/minutes/register")
    assert registered.status_code == 200, registered.content
    files = registered.json()["files"]
    assert [f["file_format"] for f in files] == ["PDF/A-3b", "DOCX"] and all(len(f["sha256"]) == 64 for f in files)
    entry = RegistryEntry.objects.get(source=source)
    assert sorted(d.document_objects.get().filename for d in entry.documents.all()) == sorted(
        f["filename"] for f in files
    )

    pdf = api_client("vinje").get(f"{API}/{meeting.pk}/minutes.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert 'filename="' in pdf["Content-Disposition"]
    docx = api_client("vinje").get(f"{API}/{meeting.pk}/minutes.docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert api_client("trysil").get(f"{API}/{meeting.pk}/minutes.pdf").status_code == 404
    assert ActionLog.objects.filter(action="meeting.minutes_downloaded", object_id=str(meeting.pk)).count() == 2


# ---- Attachments ----------------------------------------------------------------------------------------------
def _attach(client, meeting, content, title="Presentasjon fra KDD", kind="presentation"):
    return client.post(
        f"{API}/{meeting.pk}/attachments",
        {
            "kind": kind,
            "title": title,
            "file": SimpleUploadedFile("upload.pdf", content, content_type="application/pdf"),
        },
    )


def test_attach_list_and_download_a_pdf(api_client, meeting):
    pdfa = write_pdf('<html lang="nb"><title>Presentasjon</title><p>Lysbilder</p></html>')
    response = _attach(api_client("kdd"), meeting, pdfa)
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["pdfa"] == "PDF/A-3b" and made["filename"] == "presentasjon-fra-kdd.pdf"
    assert ActionLog.objects.filter(action="meeting.document_attached", object_id=str(meeting.pk)).exists()

    listed = api_client("vinje").get(f"{API}/{meeting.pk}/attachments?limit=10&offset=0").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == made["id"]
    download = api_client("vinje").get(f"{API}/{meeting.pk}/attachments/{made['id']}")
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdfa
    assert api_client("trysil").get(f"{API}/{meeting.pk}/attachments/{made['id']}").status_code == 404
    assert api_client("trysil").get(f"{API}/{meeting.pk}/attachments").status_code == 404
    assert api_client("kdd").get(f"{API}/{meeting.pk}/attachments/999999").status_code == 404


def test_attaching_is_the_organisers_and_only_a_pdf(api_client, meeting):
    pdf = write_pdf('<html lang="nb"><title>Vedtak</title><p>Vedtak</p></html>')
    assert _attach(api_client("vinje"), meeting, pdf).status_code == 403
    not_pdf = _attach(api_client("kdd"), meeting, b"GIF89a not a pdf")
    assert not_pdf.status_code == 422
    assert not_pdf.json()["errors"][0]["field"] == "file"
    assert not_pdf.json()["errors"][0]["message"] == "Filen er ikke et PDF-dokument. Last opp en PDF-fil."
    no_title = _attach(api_client("kdd"), meeting, pdf, title="")
    assert no_title.status_code == 422 and no_title.json()["errors"]
    bad_kind = _attach(api_client("kdd"), meeting, pdf, kind="video")
    assert bad_kind.status_code == 422
    assert not Attachment.objects.filter(meeting=meeting).exists()


def test_a_pdf_over_the_upload_limit_is_413_and_not_kept(api_client, meeting, settings):
    settings.MAX_UPLOAD_BYTES = 100
    pdf = write_pdf('<html lang="nb"><title>Stor</title><p>Stor</p></html>')
    response = _attach(api_client("kdd"), meeting, pdf)
    assert response.status_code == 413 and "100" in response.json()["detail"]
    assert not Attachment.objects.filter(meeting=meeting).exists()


# ---- The calendar address -------------------------------------------------------------------------------------
def test_calendar_token_is_shown_once_works_and_is_revoked(api_client, demo):
    client = api_client("vinje")
    made = _post(client, f"{API}/calendar-token")
    assert made.status_code == 201, made.content
    token, url = made.json()["token"], made.json()["feed_url"]
    assert token.startswith("cal_") and url.endswith(f"/calendar/{token}.ics")
    token_row = CalendarToken.objects.get(user=demo["users"]["vinje"], revoked_at__isnull=True)
    assert token_row.token_hash != token  # only its hash is kept
    from django.test import Client

    feed = Client().get(f"/calendar/{token}.ics")
    assert feed.status_code == 200 and b"BEGIN:VCALENDAR" in feed.content
    revoked = _post(client, f"{API}/calendar-token/revoke")
    assert revoked.status_code == 200 and revoked.json() == {"revoked": 1}
    assert Client().get(f"/calendar/{token}.ics").status_code == 404
    assert _post(client, f"{API}/calendar-token/revoke").json() == {"revoked": 0}
    assert ActionLog.objects.filter(action="meeting.calendar_token_revoked").count() == 1


def test_calendar_token_needs_a_person(api_client):
    anonymous = api_client(None)
    assert _post(anonymous, f"{API}/calendar-token").status_code == 403
    assert _post(anonymous, f"{API}/calendar-token/revoke").status_code == 403
    assert not CalendarToken.objects.exists()
