"""Free text has sane maximum lengths: a comment at most MAX_COMMENT characters on the page and in the API, and
no text value anywhere beyond settings.MAX_TEXT_CHARS (a 400 before any view, nothing saved)."""

from bygdevekst.agreements.domain.comments import MAX_COMMENT
from bygdevekst.agreements.models import Comment


def _target(version):
    section = version.content["sections"][0]
    return {"target_kind": "section", "target_uid": section["uid"]}


def test_a_comment_longer_than_the_limit_is_refused_on_the_page_and_in_the_api(demo, client_for, api_client):
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    version = agreement.versions.order_by("-number").first()
    count = Comment.objects.count()
    page = client_for("trysil").post(f"/agreements/{agreement.pk}/versions/{version.number}/comments/",
                                     {**_target(version), "body": "x" * (MAX_COMMENT + 1)})
    assert page.status_code == 302  # back to the version, the reason shown as a message
    assert any(str(MAX_COMMENT) in str(m) for m in page.wsgi_request._messages)
    api = api_client("trysil").post(f"/api/v1/agreements/{agreement.pk}/comments/",
                                    {**_target(version), "version": version.number, "body": "x" * (MAX_COMMENT + 1)},
                                    content_type="application/json")
    # the limit is declared in the schema (maxLength): a longer body fails it, a 422 naming the field
    error = api.json()["errors"][0]
    assert api.status_code == 422 and error["field"] == "body" and str(MAX_COMMENT) in error["message"]
    assert Comment.objects.count() == count
    ok = api_client("trysil").post(f"/api/v1/agreements/{agreement.pk}/comments/",
                                   {**_target(version), "version": version.number, "body": "x" * MAX_COMMENT},
                                   content_type="application/json")
    assert ok.status_code == 201


def test_a_three_megabyte_text_is_a_400_anywhere(demo, client_for, api_client):
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    huge = "x" * 3_000_000
    page = client_for("trysil").post(f"/agreements/{agreement.pk}/edit/overview/", {"purpose": huge})
    assert page.status_code == 400
    api = api_client("trysil").post(f"/api/v1/agreements/{agreement.pk}/comments/", {"body": huge, "version": 1},
                                    content_type="application/json")
    assert api.status_code == 400 and api["Content-Type"].startswith("application/problem+json")
    agreement.refresh_from_db()
    assert agreement.purpose != huge
