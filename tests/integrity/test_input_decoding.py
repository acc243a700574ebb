"""Form data that is not UTF-8 (an invalid percent-escape such as `%FF%FE`) is a 400 in the user's language, on
pages and in the API, instead of being stored as U+FFFD without a word."""

from django.utils import translation

from bygdevekst.agreements.models import Comment

NB = "ikke er gyldig UTF-8"


def _target(version):
    section = version.content["sections"][0]
    return f"target_kind=section&target_uid={section['uid']}"


def test_an_undecodable_form_body_is_a_400_and_nothing_is_saved(demo, client_for):
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    version = agreement.versions.order_by("-number").first()
    url = f"/agreements/{agreement.pk}/versions/{version.number}/comments/"
    count = Comment.objects.count()
    client = client_for("trysil")
    bad = client.post(url, f"{_target(version)}&body=%FF%FE".encode(), content_type="application/x-www-form-urlencoded",
                      HTTP_ACCEPT_LANGUAGE="nb")
    assert bad.status_code == 400
    assert NB in bad.content.decode()
    assert Comment.objects.count() == count
    good = client.post(url, f"{_target(version)}&body=Bl%C3%A5b%C3%A6r".encode(),
                       content_type="application/x-www-form-urlencoded")
    assert good.status_code == 302
    assert Comment.objects.filter(body="Blåbær").exists()


def test_an_undecodable_query_string_is_a_400_on_a_page_and_in_the_api(demo, client_for, api_client):
    page = client_for("kdd").get("/agreements/?q=%FF%FE", HTTP_ACCEPT_LANGUAGE="nb")
    assert page.status_code == 400 and NB in page.content.decode()
    api = api_client("kdd").get("/api/v1/agreements/?q=%C3", HTTP_ACCEPT_LANGUAGE="nb")
    assert api.status_code == 400
    assert api["Content-Type"].startswith("application/problem+json")
    assert NB in api.json()["detail"]
    with translation.override("en"):
        english = api_client("kdd").get("/api/v1/agreements/?q=%FF", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400 and "not valid UTF-8" in english.json()["detail"]
    assert api_client("kdd").get("/api/v1/agreements/?q=%C3%A6").status_code == 200


def _multipart(fields, boundary=b"----bv"):
    body = b""
    for name, value in fields:
        body += b"--" + boundary + b"\r\nContent-Disposition: form-data; name=\"" + name + b"\"\r\n\r\n" + value + b"\r\n"
    return body + b"--" + boundary + b"--\r\n", f"multipart/form-data; boundary={boundary.decode()}"


def test_an_undecodable_multipart_text_field_is_a_400_and_nothing_is_saved(demo, client_for):
    """Latin-1 bytes in a multipart text field (a form with a file input is sent as multipart) are refused,
    not stored as U+FFFD; the same form in UTF-8 is saved."""
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    version = agreement.versions.order_by("-number").first()
    section = version.content["sections"][0]
    url = f"/agreements/{agreement.pk}/versions/{version.number}/comments/"
    count = Comment.objects.count()
    client = client_for("trysil")
    fields = [(b"target_kind", b"section"), (b"target_uid", section["uid"].encode())]
    body, content_type = _multipart([*fields, (b"body", "Blåbær".encode("latin-1"))])
    bad = client.generic("POST", url, body, content_type=content_type, HTTP_ACCEPT_LANGUAGE="nb")
    assert bad.status_code == 400 and NB in bad.content.decode()
    assert Comment.objects.count() == count
    body, content_type = _multipart([*fields, (b"body", "Blåbær".encode())])
    good = client.generic("POST", url, body, content_type=content_type)
    assert good.status_code == 302
    assert Comment.objects.filter(body="Blåbær").exists()
