"""The administrator's webhook pages, each audited with axe-core (WCAG 2.1 A and AA): zero violations,
with a key in its grace period and a failed delivery in the log."""

import pytest

from tests.browser.conftest import login
from tests.browser.crawl import audit, prepare

pytestmark = pytest.mark.a11y


def test_webhook_pages_have_no_axe_violations(app_server, page):
    from django.contrib.auth import get_user_model

    from bygdevekst.organisations.models import Organisation
    from bygdevekst.webhooks.domain.endpoints import create_endpoint, rotate_key
    from bygdevekst.webhooks.models import Delivery, Event

    admin = get_user_model().objects.get(username="admin")
    endpoint, _key = create_endpoint(
        admin,
        organisation=Organisation.objects.get(municipality_number="3421"),
        url="https://sak.trysil.example/hooks",
        events=["proposal.submitted"],
    )
    rotate_key(endpoint, admin)
    event = Event.objects.create(type="proposal.submitted", time=endpoint.created_at, payload={})
    Delivery.objects.create(
        event=event,
        endpoint=endpoint,
        status="failed",
        attempts=3,
        failure="refused",
        last_error="HTTP 503",
        response_code=503,
        next_attempt_at=endpoint.created_at,
    )
    prepare(page)
    login(page, "admin")
    findings = []
    for path in ("/webhooks/", "/webhooks/new/", f"/webhooks/{endpoint.pk}/", f"/webhooks/{endpoint.pk}/edit/"):
        response = page.goto(app_server.url + path)
        assert response.ok, path
        findings += audit(page, "admin", path)
    # The form with its errors, and the page that shows a new secret once.
    page.goto(app_server.url + "/webhooks/new/")
    page.fill("#id_url", "http://sak.trysil.example/hooks")
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    assert "https://" in page.content()
    findings += audit(page, "admin", "/webhooks/new/ (errors)")
    page.goto(app_server.url + f"/webhooks/{endpoint.pk}/")
    with page.expect_navigation():
        page.click("text=Roter nøkkel")
    assert page.locator("#key-secret").input_value()
    findings += audit(page, "admin", "rotate-key")
    assert not findings, "\n".join(str(f) for f in findings)
