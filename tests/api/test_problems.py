"""Every error of the API is application/problem+json (RFC 9457), in the user's language."""

import pytest

PROBLEM = "application/problem+json"


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"]
    return body


def test_unknown_object_is_a_404_problem(api_client):
    for url in ("/api/v1/agreements/999999", "/api/v1/pilots/999999", "/api/v1/organisations/999999"):
        assert_problem(api_client("kdd").get(url), 404)


def test_unknown_path_is_a_404_problem(api_client):
    assert_problem(api_client("kdd").get("/api/v1/no-such-thing"), 404)
    assert_problem(api_client("kdd").get("/api/v1/agreements/not-a-number"), 404)


def test_path_without_slash_redirects_like_the_rest_of_the_site(api_client):
    response = api_client("kdd").get("/api/v1/pilots?round=2")
    assert response.status_code == 301 and response["Location"] == "/api/v1/pilots/?round=2"


def test_outsider_gets_the_same_404_as_for_nothing(api_client, demo):
    draft = demo["pilots"]["Smøla og Aure"].agreement
    hidden = assert_problem(api_client("trysil").get(f"/api/v1/agreements/{draft.pk}"), 404)
    missing = assert_problem(api_client("trysil").get("/api/v1/agreements/999999"), 404)
    assert hidden == missing  # nothing tells an outsider that the draft exists


def test_bad_token_is_a_401_problem_with_a_challenge(client, db):
    response = client.get("/api/v1/pilots/", headers={"Authorization": "Bearer bv_wrong"})
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_invalid_query_is_a_422_problem_listing_the_errors(api_client):
    body = assert_problem(api_client("kdd").get("/api/v1/organisations/?limit=abc"), 422)
    assert body["errors"][0]["loc"] == ["query", "limit"]
    body = assert_problem(api_client("kdd").get("/api/v1/organisations/?limit=501"), 422)
    assert body["errors"][0]["loc"] == ["query", "limit"]


def test_undeclared_method_is_a_405_problem_with_allow(api_client):
    response = api_client("kdd").delete("/api/v1/pilots/")
    assert_problem(response, 405)
    assert response["Allow"] == "GET"


def test_huge_numbers_never_give_a_500(api_client):
    client = api_client("kdd")
    assert_problem(client.get("/api/v1/agreements/" + "9" * 30), 404)
    response = client.get("/api/v1/agreements/?pilot=" + "9" * 30)
    assert response.status_code in (200, 422)
    assert client.get("/api/v1/pilots/?round=" + "9" * 30).status_code in (200, 422)


def test_nul_character_is_a_400_problem(api_client):
    assert_problem(api_client("kdd").get("/api/v1/organisations/?kind=a%00b"), 400)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_problem_is_in_the_language_asked_for(client, db, language):
    response = client.get("/api/v1/pilots/", headers={"Authorization": "Bearer x", "Accept-Language": language})
    assert_problem(response, 401)
    assert response["Content-Language"] == language


def test_token_users_language_wins_over_accept_language(api_client, demo):
    user = demo["users"]["kdd"]
    user.language = "nn"
    user.save(update_fields=["language"])
    response = api_client("kdd").get("/api/v1/agreements/999999", headers={"Accept-Language": "en"})
    assert_problem(response, 404)
    assert response["Content-Language"] == "nn"


def test_english_titles(client, db):
    body = client.get("/api/v1/agreements/999999", headers={"Accept-Language": "en"}).json()
    assert body["title"] == "Not found"


def test_every_operation_declares_every_problem(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert "Problem" in spec["components"]["schemas"]
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            for status in ("400", "401", "403", "404", "405", "409", "422"):
                declared = operation["responses"][status]["content"]
                assert list(declared) == [PROBLEM], (method, path, status)


def test_huge_offset_is_an_empty_page_not_an_error(api_client):
    data = api_client("kdd").get("/api/v1/organisations/?offset=" + "9" * 40).json()
    assert data["items"] == [] and data["count"] > 357


def test_every_405_says_what_is_allowed(api_client, demo):
    """Also where a router answers 405 itself (frozen versions): `Allow` lists the declared methods."""
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    for method in ("put", "patch", "delete"):
        response = getattr(api_client("kdd"), method)(f"/api/v1/agreements/{agreement.pk}/versions/1")
        assert_problem(response, 405)
        assert response["Allow"] == "GET"


def test_a_newline_in_an_api_path_is_a_404_problem_not_an_html_page(api_client):
    """Found by schemathesis: `^.*$` does not match across a newline, so such a path fell through to the
    site's HTML 404."""
    for path in ("/api/v1/no%0Asuch/", "/api/v1/agreements/%0A/"):
        response = api_client("kdd").get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/problem+json"), path
