"""The API's contract: a body failing the declared schema is a 422 naming each field once in the user's language; a
schema-valid request the domain refuses is a 409 with reasons (never 400 or 422); every list is {items, count}
with limit/offset."""

import pytest
from django.contrib.auth import get_user_model

from bygdevekst.process.models import AnchoringDecision


@pytest.fixture
def trysil_agreement(demo):
    return demo["pilots"]["Trysil-regionen"].agreement


def _nb(api_client, username):
    get_user_model().objects.filter(username=username).update(language="nb")
    return api_client(username)


def test_schema_failure_is_422_with_each_field_once_in_bokmal(api_client, trysil_agreement):
    client = _nb(api_client, "trysil")
    response = client.post(
        f"/api/v1/agreements/{trysil_agreement.pk}/anchoring-decisions",
        {"organisation": "abc", "body": "bogus", "meeting_date": "igår"},
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    fields = [e["field"] for e in errors]
    assert sorted(fields) == ["body", "meeting_date", "organisation"]  # each once, named as sent
    by_field = {e["field"]: e["message"] for e in errors}
    assert by_field["body"].startswith("Velg en av:") and "kommunestyre" in by_field["body"]
    assert by_field["organisation"] == "Oppgi et heltall."
    assert by_field["meeting_date"] == "Oppgi en dato som ÅÅÅÅ-MM-DD."
    for message in by_field.values():  # none of pydantic's English
        assert "Input should" not in message and "valid" not in message


def test_missing_fields_are_required_in_nynorsk(api_client, trysil_agreement):
    get_user_model().objects.filter(username="trysil").update(language="nn")
    response = api_client("trysil").post(
        f"/api/v1/agreements/{trysil_agreement.pk}/transitions", {}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "action", "message": "Feltet er påkravd.", "loc": ["body", "payload", "action"], "type": "missing"}
    ]


def test_schema_valid_decision_the_form_refuses_is_409_with_readable_reasons(api_client, trysil_agreement):
    """Nothing ticked, and an organisation the caller does not record for: both reasons, once each, no __all__."""
    client = _nb(api_client, "trysil")
    before = AnchoringDecision.objects.count()
    response = client.post(
        f"/api/v1/agreements/{trysil_agreement.pk}/anchoring-decisions",
        {"organisation": 999999, "body": "kommunestyre", "meeting_date": "2024-11-21"},
    )
    assert response.status_code == 409, response.content
    reasons = response.json()["reasons"]
    assert reasons and len(reasons) == len(set(reasons))
    assert not any("__all__" in r for r in reasons)
    assert any(r.startswith("Organisasjon") for r in reasons)
    assert AnchoringDecision.objects.count() == before
    errors = response.json()["errors"]
    assert any(e["field"] == "organisation" for e in errors)
    assert all(e["message"] and e["field"] != "__all__" for e in errors)


def test_a_comment_on_a_part_not_in_the_version_is_a_409_not_a_400(api_client, trysil_agreement):
    response = api_client("trysil").post(
        f"/api/v1/agreements/{trysil_agreement.pk}/comments/",
        {"version": 1, "target_kind": "section", "target_uid": "00000000-0000-4000-8000-000000000000", "body": "Hei"},
        content_type="application/json",
    )
    assert response.status_code == 409 and response.json()["reasons"]


def test_a_stale_draft_edit_is_409_with_the_current_lock_version(api_client, trysil_agreement):
    client = api_client("trysil")
    draft = client.get(f"/api/v1/agreements/{trysil_agreement.pk}/draft").json()
    response = client.post(
        f"/api/v1/agreements/{trysil_agreement.pk}/draft",
        {"lock_version": draft["lock_version"] - 1, "title": "Ny tittel"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["lock_version"] == draft["lock_version"]
    trysil_agreement.refresh_from_db()
    assert trysil_agreement.title != "Ny tittel"


@pytest.mark.parametrize(
    "path",
    [
        "versions/",
        "comments/",
        "anchoring-decisions",
        "anchoring-exceptions",
        "partner-confirmations",
        "county-confirmations",
        "signings",
        "addenda",
        "history",
    ],
)
def test_every_list_is_items_and_count_with_limit_and_offset(api_client, trysil_agreement, path):
    client = api_client("kdd")
    url = f"/api/v1/agreements/{trysil_agreement.pk}/{path}"
    whole = client.get(url).json()
    assert set(whole) == {"items", "count"} and whole["count"] == len(whole["items"])
    page = client.get(f"{url}?limit=1&offset=1").json()
    assert page["count"] == whole["count"] and page["items"] == whole["items"][1:2]
    assert client.get(f"{url}?limit=501").status_code == 422


def test_agreements_carry_late_and_the_draft_carries_codes(api_client, trysil_agreement):
    client = api_client("kdd")
    listed = client.get("/api/v1/agreements/?round=2").json()["items"]
    assert all(isinstance(a["late"], bool) for a in listed)
    draft = client.get(f"/api/v1/agreements/{trysil_agreement.pk}/draft").json()
    codes = [sg["code"] for fa in draft["focus_areas"] for sg in fa["sub_goals"]]
    assert codes[0] == "1.1"
    commitment = next(c for fa in draft["focus_areas"] for sg in fa["sub_goals"] for c in sg["commitments"])
    assert commitment["code"].count(".") == 2


def test_the_openapi_description_states_the_constraints(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    compare = spec["paths"]["/api/v1/agreements/{agreement_id}/versions/compare"]["get"]["parameters"]
    required = {p["name"]: p.get("required", False) for p in compare}
    assert required["from"] and required["to"]
    assert all(p["schema"].get("minimum") == 1 for p in compare if p["name"] in ("from", "to"))
    schemas = spec["components"]["schemas"]
    assert schemas["WithdrawalIn"]["properties"]["reason"]["pattern"] == "^[^\\x00]*$"
    assert "enum" in str(schemas["CountyRoleIn"]) or "CountyRole" in schemas
    assert schemas["FieldError"]["required"] == ["message"] and "field" in schemas["FieldError"]["properties"]
