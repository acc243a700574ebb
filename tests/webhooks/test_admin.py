"""The administrator's page and API for webhooks, the organisation visibility helper, and the Norwegian texts."""

import pytest
from django.utils import translation

from bygdevekst.organisations.models import Organisation
from bygdevekst.webhooks.enums import DeliveryStatus, EventType
from bygdevekst.webhooks.models import Delivery, Endpoint, Event, SigningKey
from bygdevekst.webhooks.visibility import agreements_seen_by, may_receive, pilots_worked_on_by


@pytest.fixture
def orgs(db):
    return {
        "kdd": Organisation.objects.get(org_number="972417858"),
        "trysil": Organisation.objects.get(municipality_number="3421"),
        "smola": Organisation.objects.get(municipality_number="1573"),
        "innlandet": Organisation.objects.get(name="Innlandet fylkeskommune"),
        "husbanken": Organisation.objects.get(kind="state_agency", name="Husbanken"),
    }


def test_an_organisation_sees_what_its_people_see(demo, orgs):
    trysil = demo["pilots"]["Trysil-regionen"]
    draft = trysil.agreement
    assert draft.state == "draft"
    assert pilots_worked_on_by(orgs["kdd"]).count() == type(trysil).objects.count()
    assert trysil in pilots_worked_on_by(orgs["trysil"]) and trysil in pilots_worked_on_by(orgs["innlandet"])
    # Negative: another pilot's municipality and a cooperation partner never see the draft or its work.
    for outsider in ("smola", "husbanken"):
        assert trysil not in pilots_worked_on_by(orgs[outsider])
        assert draft not in agreements_seen_by(orgs[outsider])
        assert not may_receive(orgs[outsider], public=False, agreement_id=draft.pk)
        assert not may_receive(orgs[outsider], public=True, agreement_id=draft.pk), "a draft is never public"
    assert may_receive(orgs["trysil"], public=False, agreement_id=draft.pk)
    # A letter to Trysil-regionen's pilot alone: not Smøla's.
    assert may_receive(orgs["trysil"], public=False, pilot_ids=[trysil.pk])
    assert not may_receive(orgs["smola"], public=False, pilot_ids=[trysil.pk])
    assert not may_receive(orgs["smola"], public=False), "nothing without an agreement or pilot but for KDD"
    assert may_receive(orgs["kdd"], public=False)


def _create(client, org, url="https://sak.trysil.example/hooks", events=("proposal.submitted",)):
    return client.post(
        "/webhooks/new/",
        {
            "organisation": org.org_number or org.pk,
            "url": url,
            "description": "Elements",
            "events": list(events),
            "active": "on",
        },
    )


def test_the_administrator_registers_an_endpoint_and_sees_its_secret_once(client_for, orgs):
    admin = client_for("admin")
    page = _create(admin, orgs["trysil"])
    assert page.status_code == 200
    endpoint = Endpoint.objects.get()
    key = endpoint.current_key()
    assert key.secret in page.content.decode() and key.key_id in page.content.decode()
    detail = admin.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert key.key_id in detail and key.secret not in detail, "the secret is shown only on the page that made it"
    assert "system.webhook_endpoint_created" in endpoint_log(endpoint)

    # Rotate: a new secret shown once, the old key listed as still signing; retire it.
    page = admin.post(f"/webhooks/{endpoint.pk}/rotate-key/")
    new = endpoint.current_key()
    assert page.status_code == 200 and new.secret in page.content.decode() and new != key
    assert admin.post(f"/webhooks/keys/{key.pk}/retire/").status_code == 302
    assert SigningKey.objects.get(pk=key.pk).retired_at is not None
    # The current key cannot be retired: refused with the reason, nothing changed.
    page = admin.post(f"/webhooks/keys/{new.pk}/retire/", follow=True)
    assert "rotate" in page.content.decode().lower() or "roter" in page.content.decode().lower()
    assert SigningKey.objects.get(pk=new.pk).retired_at is None

    # Edit, then remove.
    page = admin.post(
        f"/webhooks/{endpoint.pk}/edit/",
        {"organisation": orgs["trysil"].org_number, "url": "https://sak.trysil.example/v2", "events": ["letter.sent"]},
    )
    assert page.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.url.endswith("/v2") and endpoint.events == ["letter.sent"] and not endpoint.active
    assert admin.post(f"/webhooks/{endpoint.pk}/delete/").status_code == 302
    assert not Endpoint.objects.exists()


def endpoint_log(endpoint):
    from bygdevekst.audit.models import ActionLog

    return set(
        ActionLog.objects.filter(object_type="webhooks.endpoint", object_id=str(endpoint.pk)).values_list(
            "action", flat=True
        )
    )


def test_bad_input_is_refused_in_the_users_language_and_changes_nothing(client_for, orgs):
    admin = client_for("admin")
    for url, words in (
        ("http://sak.trysil.example/hooks", "må begynne med https://."),
        ("ikke en adresse", "nettadresse"),
    ):
        page = _create(admin, orgs["trysil"], url=url)
        assert page.status_code == 400, url
        assert words in page.content.decode()
    page = _create(admin, orgs["trysil"], events=())
    assert page.status_code == 400 and "minst" in page.content.decode()
    assert not Endpoint.objects.exists()
    # http:// to this machine is allowed here (WEBHOOKS_ALLOW_LOOPBACK_HTTP under tests), and not in production.
    assert _create(admin, orgs["trysil"], url="http://127.0.0.1:9/hook").status_code == 200


def test_http_to_loopback_only_when_allowed(settings):
    from django.core.exceptions import ValidationError

    from bygdevekst.webhooks.domain.endpoints import validate_endpoint_url

    settings.WEBHOOKS_ALLOW_LOOPBACK_HTTP = False
    with pytest.raises(ValidationError):
        validate_endpoint_url("http://127.0.0.1:8000/hook")
    validate_endpoint_url("https://sak.example.no/hook")
    settings.WEBHOOKS_ALLOW_LOOPBACK_HTTP = True
    validate_endpoint_url("http://[::1]:8000/hook")
    with pytest.raises(ValidationError):
        validate_endpoint_url("http://10.0.0.1/hook")
    with pytest.raises(ValidationError):
        validate_endpoint_url("https://user:pw@sak.example.no/hook")


def test_only_the_administrator_manages_webhooks(client_for, api_client, orgs):
    for role in ("kdd", "trysil"):
        assert client_for(role).get("/webhooks/").status_code == 403
        assert api_client(role).get("/api/v1/webhooks/").status_code == 403
    assert client_for(None).get("/webhooks/").status_code == 302
    assert api_client(None).get("/api/v1/webhooks/").status_code == 403
    assert client_for("admin").get("/webhooks/").status_code == 200


def test_the_api_creates_lists_changes_rotates_and_removes(api_client, orgs, demo, django_capture_on_commit_callbacks):
    api = api_client("admin")
    body = {
        "organisation": orgs["kdd"].pk,
        "url": "https://sak.kdd.example/hooks",
        "events": ["proposal.submitted", "letter.sent"],
    }
    created = api.post("/api/v1/webhooks/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    key = SigningKey.objects.get(key_id=data["key"]["key_id"])
    assert data["key"]["secret"] == key.secret and data["current_key_id"] == key.key_id
    endpoint_id = data["id"]
    listed = api.get("/api/v1/webhooks/").json()
    assert listed["count"] == 1 and listed["items"][0]["url"] == body["url"]
    assert "secret" not in str(listed)

    # Schema failures are 422 with the field; a domain refusal is 409 with reasons.
    for bad in (
        {**body, "url": "http://sak.kdd.example/hooks"},
        {**body, "events": ["no.such"]},
        {**body, "events": []},
    ):
        answer = api.post("/api/v1/webhooks/", bad, content_type="application/json")
        assert answer.status_code == 422 and answer.json()["errors"], bad
    # What the schema cannot state is a refusal with reasons (409), never a rejection of a schema-valid request.
    for refused in ({**body, "organisation": 10**9}, {**body, "url": "https://"}):
        answer = api.post("/api/v1/webhooks/", refused, content_type="application/json")
        assert answer.status_code == 409 and answer.json()["reasons"], refused

    changed = api.post(f"/api/v1/webhooks/{endpoint_id}", {"active": False}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["active"] is False and changed.json()["url"] == body["url"]
    api.post(f"/api/v1/webhooks/{endpoint_id}", {"active": True}, content_type="application/json")

    rotated = api.post(f"/api/v1/webhooks/{endpoint_id}/rotate-key")
    assert rotated.status_code == 201 and rotated.json()["key_id"] != key.key_id
    refused = api.post(f"/api/v1/webhooks/{endpoint_id}/keys/{rotated.json()['key_id']}/retire")
    assert refused.status_code == 409 and refused.json()["reasons"]
    retired = api.post(f"/api/v1/webhooks/{endpoint_id}/keys/{key.key_id}/retire")
    assert retired.status_code == 200 and retired.json()["retired_at"]

    # The delivery log and "send again" (the address does not answer: the delivery fails, is logged, and waits).
    from bygdevekst.audit.log import log_action

    with django_capture_on_commit_callbacks(execute=True):
        log_action("agreement.submit", obj=demo["pilots"]["Trysil-regionen"].agreement)
    log = api.get(f"/api/v1/webhooks/{endpoint_id}/deliveries").json()
    assert log["count"] == 1
    delivery = log["items"][0]
    assert delivery["status"] == "failed" and delivery["attempts"] == 1 and delivery["failure"] == "unreachable"
    assert delivery["error"] and "last_error" not in delivery and "ConnectionError" not in delivery["error"]
    assert delivery["event"]["type"] == "proposal.submitted"
    with django_capture_on_commit_callbacks(execute=True):
        again = api.post(f"/api/v1/webhooks/deliveries/{delivery['id']}/redeliver")
    assert again.status_code == 202
    assert Delivery.objects.get(pk=delivery["id"]).attempts == 2

    assert api.post(f"/api/v1/webhooks/{endpoint_id}/delete").status_code == 204
    assert not Endpoint.objects.exists() and Event.objects.count() == 1


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_event_types_and_statuses_are_named_in_bokmal_and_nynorsk(language):
    with translation.override(language):
        for label in [*EventType.labels, *DeliveryStatus.labels]:
            assert str(label), label
        translated = [str(label) for label in EventType.labels]
        with translation.override("en"):
            english = [str(label) for label in EventType.labels]
        assert all(t != e for t, e in zip(translated, english, strict=True)), "an untranslated event type"


def test_the_delivery_log_shows_status_attempts_and_error_and_sends_again(
    client_for, orgs, demo, django_capture_on_commit_callbacks
):
    from bygdevekst.audit.log import log_action
    from bygdevekst.webhooks.domain.endpoints import create_endpoint

    endpoint, _key = create_endpoint(
        demo["users"]["admin"],
        organisation=orgs["trysil"],
        url="http://127.0.0.1:9/hook",
        events=["proposal.submitted"],
    )
    with django_capture_on_commit_callbacks(execute=True):  # nothing listens on port 9: the delivery fails
        log_action("agreement.submit", obj=demo["pilots"]["Trysil-regionen"].agreement)
    delivery = Delivery.objects.get()
    admin = client_for("admin")
    page = admin.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert str(delivery.event_id) in page and "Forslag sendt inn" in page and "feilet" in page
    assert "Mottakersystemet kunne ikke nås." in page and "Send på nytt" in page
    assert "ConnectionError" not in page and delivery.last_error not in page
    assert "1 levering" in page
    assert admin.get(f"/webhooks/{endpoint.pk}/?status=delivered").content.decode().count(str(delivery.event_id)) == 0
    listing = admin.get("/webhooks/").content.decode()
    assert endpoint.url in listing and "Mislykkede leveringer" in listing

    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(f"/webhooks/deliveries/{delivery.pk}/send-again/").status_code == 302
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.status == DeliveryStatus.FAILED

    # In nynorsk.
    admin_user = demo["users"]["admin"]
    admin_user.language = "nn"
    admin_user.save(update_fields=["language"])
    page = client_for("admin").get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert "Leveringslogg" in page and "feila" in page and "Mottakar" in page
