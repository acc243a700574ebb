"""The API answers 415 (a problem, in the user's language) to a body of a type the operation does not declare:
JSON for JSON operations, multipart/form-data where it takes a file. The OpenAPI description says the same."""

import json

from bygdevekst.agreements.models import Comment


def _comment_url(demo):
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    version = agreement.versions.order_by("-number").first()
    section = version.content["sections"][0]
    body = {"target_kind": "section", "target_uid": section["uid"], "version": version.number, "body": "Hei"}
    return f"/api/v1/agreements/{agreement.pk}/comments/", body, agreement


def _assert_415(response, text):
    assert response.status_code == 415, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 415 and text in problem["detail"], problem


def test_a_json_operation_refuses_text_plain_and_form_data(demo, api_client):
    url, body, _agreement = _comment_url(demo)
    client = api_client("trysil")
    count = Comment.objects.count()
    _assert_415(client.post(url, json.dumps(body), content_type="text/plain", HTTP_ACCEPT_LANGUAGE="nb"),
                "godtar")
    _assert_415(client.post(url, body, HTTP_ACCEPT_LANGUAGE="en"), "accepts a request body of type application/json")
    _assert_415(client.post(url, "&".join(f"{k}={v}" for k, v in body.items()),
                            content_type="application/x-www-form-urlencoded", HTTP_ACCEPT_LANGUAGE="en"), "not application/x-www-form-urlencoded")
    assert Comment.objects.count() == count
    assert client.post(url, body, content_type="application/json").status_code == 201
    assert client.post(url, body, content_type="application/json; charset=utf-8").status_code == 201


def test_a_file_operation_refuses_json(demo, api_client):
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    response = api_client("trysil").post(f"/api/v1/agreements/{agreement.pk}/action-plan/import", {"file": "x"},
                                         content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    _assert_415(response, "multipart/form-data")
    assert response["Accept-Post"] == "multipart/form-data"


def test_openapi_declares_what_the_operations_accept(client_for):
    schema = client_for(None).get("/api/v1/openapi.json").json()
    comments = schema["paths"]["/api/v1/agreements/{agreement_id}/comments/"]["post"]["requestBody"]["content"]
    assert list(comments) == ["application/json"]
    upload = schema["paths"]["/api/v1/agreements/{agreement_id}/action-plan/import"]["post"]["requestBody"]["content"]
    assert list(upload) == ["multipart/form-data"]
