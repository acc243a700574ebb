"""The agreement list writes its answer from plain rows; each item must be, byte for byte, what the single
agreement's answer (built from the objects through the schema) says."""

import json

import pytest


def _items_and_details(client, query=""):
    listed = client.get(f"/api/v1/agreements/{query}")
    assert listed.status_code == 200
    body = listed.json()
    details = [client.get(f"/api/v1/agreements/{item['id']}") for item in body["items"]]
    return listed, body, details


@pytest.mark.parametrize("username", ["kdd", "trysil", "statsforvalter-innlandet", None])
def test_each_listed_agreement_is_byte_for_byte_its_own_answer(api_client, demo, username):
    client = api_client(username)
    listed, body, details = _items_and_details(client, "?limit=500")
    assert body["count"] == len(body["items"]) > 0
    for item, detail in zip(body["items"], details, strict=True):
        assert detail.status_code == 200
        # The list and the single answer go through the same JSON renderer, so re-writing the parsed item
        # gives the bytes the list held for it.
        assert json.dumps(item).encode() == detail.content
    assert listed["Content-Type"] == details[0]["Content-Type"]


def test_the_comparison_covers_every_kind_of_value(api_client, demo):
    body = api_client("kdd").get("/api/v1/agreements/?limit=500").json()
    parties = [p for a in body["items"] for p in a["parties"]]
    assert any(a["late"] for a in body["items"]) and not all(a["late"] for a in body["items"])
    assert any(p["sub_goals"] for p in parties) and any(not p["sub_goals"] for p in parties)
    assert any(a["submitted_at"] for a in body["items"]) and any(a["approved_at"] for a in body["items"])
    assert any(a["period_start"] for a in body["items"])


def test_a_page_of_the_list_is_a_slice_of_the_whole(api_client, demo):
    client = api_client("kdd")
    whole = client.get("/api/v1/agreements/?limit=500").json()
    page = client.get("/api/v1/agreements/?limit=3&offset=2").json()
    assert page == {"items": whole["items"][2:5], "count": whole["count"]}
    filtered = client.get("/api/v1/agreements/?round=2&state=approved").json()
    assert filtered["items"] == [a for a in whole["items"] if a["round"] == 2 and a["state"] == "approved"]
    assert client.get("/api/v1/agreements/?limit=501").status_code == 422


def test_the_openapi_description_states_the_list_as_a_page(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/agreements/"]["get"]
    names = [p["name"] for p in operation["parameters"]]
    assert names == ["round", "pilot", "state", "limit", "offset"]
    limit = next(p for p in operation["parameters"] if p["name"] == "limit")["schema"]
    assert (limit["default"], limit["minimum"], limit["maximum"]) == (50, 1, 500)
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/PagedAgreementOut"}
    paged = spec["components"]["schemas"]["PagedAgreementOut"]
    assert paged["required"] == ["items", "count"]
    assert paged["properties"]["items"]["items"] == {"$ref": "#/components/schemas/AgreementOut"}
