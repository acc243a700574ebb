"""A pilot's people and invitations through the API: the People page's permission, form and domain functions."""

import pytest
from django.core import mail

from bygdevekst.accounts.models import Invitation
from bygdevekst.audit.models import ActionLog


@pytest.fixture
def trysil(demo):
    return demo["pilots"]["Trysil-regionen"]


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _invite(trysil, **extra):
    return {
        "name": "Nina Nyansatt",
        "email": "Nina.Nyansatt@trysil.example",
        "role": "municipal_staff",
        "organisation": trysil.lead_municipality_id,
        **extra,
    }


def test_project_manager_lists_people_and_invites(api_client, trysil, django_capture_on_commit_callbacks):
    client = api_client("trysil")
    people = client.get(f"/api/v1/pilots/{trysil.pk}/people").json()
    assert people["count"] == len(people["items"]) > 0
    assert "trysil" in {p["email"].split("@")[0] for p in people["items"]} or any(
        p["role"] == "project_manager" for p in people["items"]
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, f"/api/v1/pilots/{trysil.pk}/invitations", _invite(trysil))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["email"] == "nina.nyansatt@trysil.example" and body["state"] == "pending" and not body["refreshed"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nina.nyansatt@trysil.example"]
    log = ActionLog.objects.filter(action="invitation.sent").order_by("-pk").first()
    assert log.actor.username == "trysil" and log.data["email"] == "nina.nyansatt@trysil.example"
    again = _post(client, f"/api/v1/pilots/{trysil.pk}/invitations", _invite(trysil))
    assert again.status_code == 201 and again.json()["refreshed"] and again.json()["id"] == body["id"]
    listed = client.get(f"/api/v1/pilots/{trysil.pk}/invitations").json()
    assert body["id"] in [i["id"] for i in listed["items"]]


def test_form_refusal_is_409_with_the_reason(api_client, trysil):
    client = api_client("trysil")
    wrong = _post(
        client,
        f"/api/v1/pilots/{trysil.pk}/invitations",
        _invite(trysil, role="county_officer", organisation=trysil.lead_municipality_id),
    )
    assert wrong.status_code == 409
    assert wrong.json()["errors"][0]["loc"] == ["body", "organisation"] and wrong.json()["reasons"]
    own = _post(client, f"/api/v1/pilots/{trysil.pk}/invitations", _invite(trysil, email=client_email(trysil)))
    assert own.status_code == 409 and own.json()["errors"][0]["loc"] == ["body", "email"]
    assert (
        _post(client, f"/api/v1/pilots/{trysil.pk}/invitations", _invite(trysil, role="case_officer")).status_code
        == 422
    )
    assert not Invitation.objects.filter(email="nina.nyansatt@trysil.example").exists()


def client_email(trysil):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="trysil").email or "trysil"


def test_revoke_then_revoke_again_is_refused(api_client, trysil):
    client = api_client("trysil")
    invitation = _post(client, f"/api/v1/pilots/{trysil.pk}/invitations", _invite(trysil)).json()
    revoked = _post(client, f"/api/v1/pilots/{trysil.pk}/invitations/{invitation['id']}/revoke", {})
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    assert ActionLog.objects.filter(action="invitation.revoked", object_id=str(invitation["id"])).exists()
    again = _post(client, f"/api/v1/pilots/{trysil.pk}/invitations/{invitation['id']}/revoke", {})
    assert again.status_code == 409 and again.json()["reasons"]


@pytest.mark.parametrize(
    ("username", "status"), [("kdd", 403), ("politiker-trysil", 403), ("innlandet", 403), ("smola", 404), (None, 404)]
)
def test_only_the_project_manager_and_the_administrator(api_client, trysil, username, status):
    client = api_client(username)
    assert client.get(f"/api/v1/pilots/{trysil.pk}/people").status_code == status
    assert client.get(f"/api/v1/pilots/{trysil.pk}/invitations").status_code == status
    assert _post(client, f"/api/v1/pilots/{trysil.pk}/invitations", _invite(trysil)).status_code == status
    assert not Invitation.objects.filter(email="nina.nyansatt@trysil.example").exists()
    assert api_client("admin").get(f"/api/v1/pilots/{trysil.pk}/people").status_code == 200
