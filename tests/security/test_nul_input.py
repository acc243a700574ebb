"""A NUL character (U+0000) is refused at the door on both databases: PostgreSQL would fail on it in
text and jsonb (a 500), SQLite would store it. 400 in the user's language, nothing written."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bygdevekst.agreements.models import Comment
from bygdevekst.audit.models import ActionLog


@pytest.fixture
def trysil(demo):
    return demo["pilots"]["Trysil-regionen"].agreement


def test_hand_read_post_field_with_nul_is_400_in_norwegian(client_for, trysil):
    client = client_for("trysil")
    logged = ActionLog.objects.count()
    response = client.post(reverse("process:transition", args=[trysil.pk]),
                                         {"action": "withdraw", "comment": "før\x00etter"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "NUL-tegn" in text and "Ingenting ble lagret" in text
    assert ActionLog.objects.count() == logged


def test_nul_in_a_field_name_or_query_is_400(client_for, trysil):
    client = client_for("trysil")
    assert client.post(reverse("process:transition", args=[trysil.pk]), {"bo\x00dy": "x"}).status_code == 400
    assert client.get(reverse("search:search"), {"q": "bolig\x00"}).status_code == 400
    assert client.get("/api/v1/organisations/%00/").status_code == 400


def test_api_json_with_nul_is_problem_json(api_client, trysil):
    commitment = trysil.commitments.first()
    body = json.dumps({"version": 2, "target_kind": "commitment", "target_uid": str(commitment.uid), "body": "a\x00b"})
    assert "\\u0000" in body
    response = api_client("trysil").post(f"/api/v1/agreements/{trysil.pk}/comments/", body,
                                         content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "NUL" in response.json()["detail"]
    assert not Comment.objects.filter(body__contains="a").filter(body__contains="b", agreement=trysil,
                                                                  author__username="trysil").exists()


def test_written_out_escape_and_uploads_pass(client_for, api_client, trysil):
    """Only a decoded NUL counts: a backslash followed by "u0000" is ordinary text, and uploaded files
    (a PDF is full of NUL bytes) are not text fields."""
    commitment = trysil.commitments.first()
    written_out = "Skrevet ut: \\u0000 er ikke en NUL"
    assert "\x00" not in written_out
    body = json.dumps({"version": 2, "target_kind": "commitment", "target_uid": str(commitment.uid),
                       "body": written_out})
    response = api_client("trysil").post(f"/api/v1/agreements/{trysil.pk}/comments/", body,
                                         content_type="application/json")
    assert response.status_code == 201
    assert response.json()["body"] == written_out
    pdf = SimpleUploadedFile("vedtak.pdf", b"%PDF-1.4\n\x00\x00binary\n%%EOF", content_type="application/pdf")
    response = client_for("trysil").post(reverse("process:record_decision", args=[trysil.pk]), {"minutes": pdf})
    assert response.status_code == 200  # the form shown again for its other fields, not the NUL refusal
    assert "NUL" not in response.content.decode()


def test_json_in_utf16_is_decoded_and_checked(api_client, trysil):
    """Found in review: the API decodes UTF-16 JSON too, so the check must decode, not look at bytes."""
    commitment = trysil.commitments.first()
    body = json.dumps({"version": 2, "target_kind": "commitment", "target_uid": str(commitment.uid),
                       "body": "x\x00y"}).encode("utf-16")
    response = api_client("trysil").post(f"/api/v1/agreements/{trysil.pk}/comments/", body,
                                         content_type="application/json")
    assert response.status_code == 400
    assert not Comment.objects.filter(agreement=trysil, author__username="trysil").exists()


@pytest.mark.parametrize("path", ["/", "/api/v1/search"])
def test_deeply_nested_json_is_no_500(client_for, path):
    """Found in review: 3,000 nested lists blew the recursion limit (an anonymous 500)."""
    body = "[" * 3000 + '"\\u0000"' + "]" * 3000
    response = client_for(None).post(path, body, content_type="application/json")
    assert response.status_code < 500
