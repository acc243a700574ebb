"""Personal answers are never cached; every answer carries a Permissions-Policy."""

from bygdevekst.core.headers import PERMISSIONS_POLICY


def test_personal_answers_are_private_no_store(demo, client_for, api_client):
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    version = agreement.versions.order_by("number").first()
    answers = {
        "page for a logged-in person": client_for("trysil").get(f"/agreements/{agreement.pk}/"),
        "API answer": api_client("trysil").get(f"/api/v1/agreements/{agreement.pk}/versions/"),
        "anonymous API answer": client_for(None).get("/api/v1/agreements/"),
        "download": client_for("trysil").get(f"/agreements/{agreement.pk}/versions/{version.number}.docx"),
    }
    for what, response in answers.items():
        assert response.status_code == 200, what
        assert response["Cache-Control"] == "private, no-store", what
        assert response["Permissions-Policy"] == PERMISSIONS_POLICY, what


def test_public_pages_keep_their_own_caching(client_for):
    response = client_for(None).get("/about/privacy/")
    assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
