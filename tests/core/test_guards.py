"""The guard mechanism (core/guards.py) and the one place each for pages and the API that answers a refusal."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory
from django.urls import ResolverMatch
from django.utils import translation
from django.utils.translation import gettext_lazy

from bygdevekst.core.guards import Guard, Refused, Stale, check_all
from bygdevekst.core.refusals import RefusedMiddleware, on_refusal_return_to


class Thing:
    def __init__(self, state, owner=None):
        self.state = state
        self.owner = owner


is_open = Guard(lambda thing: thing.state == "open", gettext_lazy("Nothing was changed."), name="is_open")
not_owner = Guard(lambda thing, user: thing.owner != user, gettext_lazy("Page not found"), name="not_owner")


def test_guard_holds_and_refuses_with_its_reason_in_the_readers_language():
    assert is_open.holds(Thing("open"))
    assert is_open.reasons(Thing("open")) == []
    with pytest.raises(Refused) as refused:
        is_open.check(Thing("closed"))
    with translation.override("en"):
        assert refused.value.reasons == ["Nothing was changed."]
    with translation.override("nb"):
        assert refused.value.reasons == ["Ingenting ble endret."]


def test_guard_on_user_and_object_and_as_a_rules_predicate():
    assert not not_owner.holds(Thing("open", owner="ann"), "ann")
    assert not_owner.holds(Thing("open", owner="ann"), "bob")
    assert not_owner.test("bob", Thing("open", owner="ann"))  # django-rules: (user, obj)
    both = is_open & not_owner
    assert both.test("bob", Thing("open", owner="ann"))
    assert not both.test("ann", Thing("open", owner="ann"))
    assert not is_open.test("bob", None)  # no object: nothing to act on


def test_check_all_names_every_failing_guard():
    with pytest.raises(Refused) as refused, translation.override("en"):
        check_all(Thing("closed", owner="ann"), is_open, not_owner, user="ann")
    with translation.override("en"):
        assert refused.value.reasons == ["Nothing was changed.", "Page not found"]
        assert str(refused.value) == "Nothing was changed.; Page not found"
    check_all(Thing("open"), is_open, not_owner, user="bob")  # nothing raised


def test_refused_takes_one_reason_or_many_and_carries_data():
    assert Refused("one").reasons == ["one"]
    with translation.override("en"):
        assert Refused(gettext_lazy("Nothing was changed.")).reasons == ["Nothing was changed."]
    refusal = Refused(["a", "b"], current=3)
    assert refusal.reasons == ["a", "b"] and refusal.data == {"current": 3} and refusal.status == 409


def _page_request(view, path="/somewhere/7/do/", referer=None, **kwargs):
    headers = {"Referer": referer} if referer else {}
    request = RequestFactory().post(path, headers=headers)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.resolver_match = ResolverMatch(view, (), {"pk": 7, **kwargs}, url_name="do")
    return request


def _view(request, pk):
    raise Refused([gettext_lazy("Nothing was changed.")])


@on_refusal_return_to(lambda request, pk: f"/back/{pk}/")
def _view_with_a_way_back(request, pk):
    raise Refused([gettext_lazy("Nothing was changed.")])


def test_page_refusal_returns_to_the_declared_page_with_the_reasons_as_messages():
    request = _page_request(_view_with_a_way_back)
    with translation.override("en"):
        response = RefusedMiddleware(lambda r: None).process_exception(request, Refused(["Nothing was changed."]))
    assert response.status_code == 302 and response.url == "/back/7/"
    assert [str(m) for m in get_messages(request)] == ["Nothing was changed."]


def test_page_refusal_without_a_declared_page_goes_back_to_the_referring_page_of_this_site():
    request = _page_request(_view, referer="http://testserver/list/")
    response = RefusedMiddleware(lambda r: None).process_exception(request, Refused(["x"]))
    assert response.status_code == 302 and response.url == "http://testserver/list/"
    request = _page_request(_view, referer="https://elsewhere.example/")
    request.user = None
    with translation.override("nb"):
        response = RefusedMiddleware(lambda r: None).process_exception(request, Refused([gettext_lazy("Nothing was changed.")]))
    assert response.status_code == 409
    text = response.content.decode()
    assert "Ikke mulig nå" in text and "Ingenting ble endret." in text


def test_other_exceptions_and_the_api_are_not_the_pages_business():
    request = _page_request(_view)
    assert RefusedMiddleware(lambda r: None).process_exception(request, ValueError()) is None
    api_request = _page_request(_view, path="/api/v1/agreements/7/transitions")
    assert RefusedMiddleware(lambda r: None).process_exception(api_request, Refused(["x"])) is None


def test_a_refused_transition_on_the_page_shows_the_reasons_on_the_process_page(client_for, demo):
    trysil = demo["pilots"]["Trysil-regionen"].agreement
    client = client_for("trysil")
    response = client.post(f"/process/agreements/{trysil.pk}/transition/", {"action": "submit"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/process/agreements/{trysil.pk}/"
    assert "Våler kommune har ikke forankringsvedtak" in response.content.decode()


@pytest.mark.parametrize("language,expected", [("nb", "Våler kommune har ikke forankringsvedtak"),
                                               ("en", "Våler kommune has no anchoring decision")])
def test_the_api_answers_a_refusal_with_409_problem_and_reasons_in_the_users_language(
        api_client, demo, language, expected):
    trysil = demo["pilots"]["Trysil-regionen"].agreement
    user = demo["users"]["trysil"]
    user.language = language
    user.save(update_fields=["language"])
    response = api_client("trysil").post(f"/api/v1/agreements/{trysil.pk}/transitions", {"action": "submit"},
                                         content_type="application/json")
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 409 and expected in body["reasons"]


def test_stale_is_a_refusal_that_keeps_what_the_page_needs():
    stale = Stale(3, 5)
    assert isinstance(stale, Refused) and stale.status == 409
    assert (stale.base, stale.current) == (3, 5) and stale.data == {"base": 3, "current": 5}
    with translation.override("nb"):
        assert stale.reasons == ["Noen andre lagret i mellomtiden, så ingenting ble lagret. Sammenlign og lagre på nytt."]
    assert Refused("not there", status=400).status == 400


def test_the_403_page_reason_is_the_domain_guards_own_wording(demo):
    """The permission table holds the domain's guard objects: one wording, found in one place."""
    from bygdevekst.access.permissions import refusal_reason
    from bygdevekst.correspondence.guards import letter_is_draft
    from bygdevekst.correspondence.models import Letter

    sent = Letter.objects.exclude(state="draft").first()
    assert sent is not None
    with translation.override("en"):
        assert refusal_reason(demo["users"]["kdd"], "correspondence.edit_letter", sent) == str(letter_is_draft.reason)
