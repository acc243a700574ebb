"""A failed webhook delivery is shown as a reason the administrator can act on, in their language, on the
endpoint's page and in the API; the exception text (class name, message) stays for the operators."""

from django.contrib.auth import get_user_model

from bygdevekst.audit.log import log_action
from bygdevekst.core.failures import Failure
from bygdevekst.organisations.models import Organisation
from bygdevekst.webhooks.enums import DeliveryStatus
from bygdevekst.webhooks.models import Delivery

from .conftest import endpoint_for

LANGUAGES = ["nb", "nn", "en"]

UNREACHABLE = {
    "nb": "Mottakersystemet kunne ikke nås. Det prøves igjen automatisk.",
    "nn": "Mottakarsystemet kunne ikkje nåast. Det blir prøvd igjen automatisk.",
    "en": "The receiving system could not be reached. It is tried again automatically.",
}
REFUSED_401 = {
    "nb": "Mottakersystemet avviste meldingen med svaret: signaturen eller innloggingen ble ikke godtatt (401).",
    "nn": "Mottakarsystemet avviste meldinga med svaret: signaturen eller innlogginga vart ikkje godteken (401).",
    "en": "The receiving system refused the message with the answer: the signature or login was not accepted (401).",
}


def _endpoint(demo, receiver):
    trysil = Organisation.objects.get(municipality_number="3421")
    return endpoint_for(trysil, receiver, events=["proposal.submitted"], admin=demo["users"]["admin"])


def _assert_shown(delivery, code, expected, client_for, api_client, raw):
    assert delivery.status == DeliveryStatus.FAILED and delivery.failure == code and delivery.last_error
    for language in LANGUAGES:
        get_user_model().objects.filter(username="admin").update(language=language)
        page = client_for("admin").get(f"/webhooks/{delivery.endpoint_id}/")
        assert page.status_code == 200
        answer = api_client("admin").get(f"/api/v1/webhooks/{delivery.endpoint_id}/deliveries")
        assert answer.status_code == 200
        (item,) = answer.json()["items"]
        assert expected[language] in page.content.decode(), language
        assert item["failure"] == code and item["error"] == expected[language] and "last_error" not in item
        for text in [delivery.last_error, *raw]:
            assert text not in page.content.decode(), (language, text)
            assert text not in answer.content.decode(), (language, text)


def test_receiver_down(demo, receivers, client_for, api_client, django_capture_on_commit_callbacks):
    receiver = receivers()
    endpoint = _endpoint(demo, receiver)
    receiver.stop()
    with django_capture_on_commit_callbacks(execute=True):
        log_action("agreement.submit", obj=demo["pilots"]["Trysil-regionen"].agreement)
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery.last_error.startswith("ConnectionError: ")
    _assert_shown(delivery, Failure.UNREACHABLE, UNREACHABLE, client_for, api_client,
                  ["ConnectionError", "Max retries", "Errno", "Connection refused"])


def test_receiver_refuses(demo, receivers, client_for, api_client, django_capture_on_commit_callbacks):
    receiver = receivers()
    endpoint = _endpoint(demo, receiver)
    receiver.secrets = {}  # it no longer knows the key: the documented receiver answers 401
    with django_capture_on_commit_callbacks(execute=True):
        log_action("agreement.submit", obj=demo["pilots"]["Trysil-regionen"].agreement)
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery.response_code == 401 and delivery.last_error == "HTTP 401"
    _assert_shown(delivery, Failure.REFUSED, REFUSED_401, client_for, api_client, ["HTTP 401"])
