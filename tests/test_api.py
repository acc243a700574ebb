import io

import pytest
from django.core.management import call_command


def test_create_api_token_prints_token_as_last_word(db):
    out = io.StringIO()
    call_command("create_api_token", "kdd", stdout=out)
    token = out.getvalue().strip().splitlines()[-1].split()[-1]
    assert token.startswith("bv_")
    out2 = io.StringIO()
    call_command("create_api_token", "kdd", stdout=out2)  # callable again, a new token
    assert out2.getvalue().strip().split()[-1] != token


def test_token_is_stored_hashed(db):
    from django.contrib.auth import get_user_model

    from bygdevekst.accounts.models import ApiToken

    token, raw = ApiToken.issue(get_user_model().objects.get(username="kdd"), "t")
    assert raw not in (token.token_hash, token.prefix) and len(token.token_hash) == 64


def test_token_lists_round_2_pilots(api_client):
    data = api_client("kdd").get("/api/v1/pilots/?round=2").json()
    assert data["count"] == 5
    assert {p["name"] for p in data["items"]} == {
        "Trysil-regionen", "Smøla og Aure", "Vest-Telemark", "Nord-Troms", "Solund og Fedje"}
    assert sum(len(p["municipalities"]) for p in data["items"]) == 18


def test_bad_token_is_401(db, client):
    response = client.get("/api/v1/pilots/", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_limit_and_offset(api_client):
    client = api_client("kdd")
    first = client.get("/api/v1/organisations/?limit=10&offset=0").json()
    second = client.get("/api/v1/organisations/?limit=10&offset=10").json()
    assert len(first["items"]) == 10 and first["count"] > 357
    assert {o["id"] for o in first["items"]}.isdisjoint({o["id"] for o in second["items"]})
    assert len(client.get("/api/v1/organisations/?limit=500").json()["items"]) == first["count"]
    assert client.get("/api/v1/organisations/?limit=501").status_code in (400, 422)


def test_rounds_with_milestones(api_client):
    rounds = api_client("kdd").get("/api/v1/rounds/").json()["items"]
    round2 = next(r for r in rounds if r["number"] == 2)
    deadline = [m for m in round2["milestones"] if m["nature"] == "deadline"]
    assert deadline == [{**deadline[0], "date": "2024-11-29", "kind": "proposal"}]


def test_kdd_sees_all_agreements_with_parties(api_client):
    data = api_client("kdd").get("/api/v1/agreements/?round=2").json()
    assert data["count"] == 5
    one = api_client("kdd").get(f"/api/v1/agreements/{data['items'][0]['id']}").json()
    assert {"id", "pilot", "state", "parties"} <= set(one)
    assert all({"organisation", "role"} <= set(p) for p in one["parties"])


@pytest.mark.parametrize(
    "username,expected",
    [
        ("kdd", 10), ("admin", 10),
        ("trysil", 7),  # own draft + 5 approved round-1 agreements + Nord-Troms (approved in the demo)
        ("statsforvalter-innlandet", 7),
        (None, 6),  # the public: approved only
    ],
)
def test_agreement_list_is_what_the_user_may_see(api_client, username, expected):
    assert api_client(username).get("/api/v1/agreements/").json()["count"] == expected


def test_outsider_gets_404_on_another_pilots_draft(api_client, demo):
    agreement = demo["pilots"]["Smøla og Aure"].agreement
    assert api_client("trysil").get(f"/api/v1/agreements/{agreement.pk}").status_code == 404
    assert api_client("smola").get(f"/api/v1/agreements/{agreement.pk}").status_code == 200


def test_openapi_document(db, client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/agreements/" in spec["paths"]
