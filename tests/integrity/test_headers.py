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


def test_a_403_is_logged_without_a_stack_trace(demo, client_for, settings):
    import logging
    import logging.config

    logging.config.dictConfig(settings.LOGGING)  # as Django configures it at startup (a test may have changed it)
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        agreement = demo["pilots"]["Trysil-regionen"].agreement
        response = client_for("kdd").post(f"/agreements/{agreement.pk}/versions/freeze/", {"label": "x"})
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 403
    forbidden = [r for r in records if getattr(r, "status_code", None) == 403]
    assert forbidden and all(r.exc_info is None for r in forbidden)
