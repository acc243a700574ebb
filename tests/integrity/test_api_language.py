"""Every API message is in the caller's language and no Python exception text reaches the caller: a few errors,
asked for with Accept-Language nb and en (the token's user has no language of their own here)."""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def caller(demo, api_client):
    get_user_model().objects.filter(username="trysil").update(language="")
    return api_client("trysil")


def _detail(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return response.json()["detail"]


@pytest.mark.parametrize(("language", "words"), [
    ("nb", ["Oppgi to versjonsnumre", "Avtalen har ingen slik versjon", "finnes ikke i denne versjonen",
            "Forespørselen kunne ikke leses"]),
    ("en", ["Give two version numbers", "There is no such version", "is not in this version",
            "The request could not be read"]),
])
def test_api_errors_speak_the_callers_language(demo, caller, language, words):
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    base = f"/api/v1/agreements/{agreement.pk}"
    header = {"HTTP_ACCEPT_LANGUAGE": language}
    answers = [
        _detail(caller.get(f"{base}/versions/compare", **header), 400),
        _detail(caller.get(f"{base}/versions/compare?from=1&to=999", **header), 404),
        _detail(caller.post(f"{base}/comments/", {"target_kind": "section", "target_uid": "not-a-uid", "version": 1,
                                                   "body": "Hei"}, content_type="application/json", **header), 400),
        _detail(caller.post(f"{base}/comments/", b"{not json", content_type="application/json", **header), 400),
    ]
    for word, answer in zip(words, answers, strict=True):
        assert word in answer, answers
    for answer in answers:  # nothing of Python's own words
        assert "Traceback" not in answer and "Expecting" not in answer and "hexadecimal" not in answer
