"""Every API message is in the caller's language and no Python exception text reaches the caller: a few errors,
asked for with Accept-Language nb and en (the token's user has no language of their own here)."""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def caller(demo, api_client):
    get_user_model().objects.filter(username="trysil").update(language="")
    return api_client("trysil")


def _detail(response, status):
    """The problem's words: its detail, and each invalid field's message or each reason."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    return " | ".join([body["detail"], *(e["message"] for e in body.get("errors") or []), *(body.get("reasons") or [])])


@pytest.mark.parametrize(("language", "words"), [
    ("nb", ["Feltet er påkrevet", "Avtalen har ingen slik versjon", "Oppgi en gyldig identifikator",
            "Velg en av", "finnes ikke i denne versjonen", "Forespørselen kunne ikke leses"]),
    ("en", ["This field is required", "There is no such version", "Enter a valid identifier",
            "Choose one of", "is not in this version", "The request could not be read"]),
])
def test_api_errors_speak_the_callers_language(demo, caller, language, words):
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    base = f"/api/v1/agreements/{agreement.pk}"
    header = {"HTTP_ACCEPT_LANGUAGE": language}
    comment = {"target_kind": "section", "target_uid": "00000000-0000-4000-8000-000000000000", "version": 1,
               "body": "Hei"}
    answers = [
        _detail(caller.get(f"{base}/versions/compare", **header), 422),
        _detail(caller.get(f"{base}/versions/compare?from=1&to=999", **header), 404),
        _detail(caller.post(f"{base}/comments/", {**comment, "target_uid": "not-a-uid"},
                            content_type="application/json", **header), 422),
        _detail(caller.post(f"{base}/comments/", {**comment, "target_kind": "bogus"},
                            content_type="application/json", **header), 422),
        _detail(caller.post(f"{base}/comments/", comment, content_type="application/json", **header), 409),
        _detail(caller.post(f"{base}/comments/", b"{not json", content_type="application/json", **header), 400),
    ]
    for word, answer in zip(words, answers, strict=True):
        assert word in answer, answers
    for answer in answers:  # nothing of Python's own (or pydantic's) words
        assert "Traceback" not in answer and "Expecting" not in answer and "hexadecimal" not in answer
        assert "Input should" not in answer and "Field required" not in answer
