"""The OpenAPI description states the input rules the server enforces on every request (core/input.py), so a
client generated from it never sends what is refused: every JSON body refuses unknown fields, and every text field
of a body refuses NUL — a multipart text field also U+FFFD, what Django makes of bytes that are not UTF-8."""

import re

import pytest

from bygdevekst.api import api


def _resolve(node, components):
    if "$ref" in node:
        return components[node["$ref"].rsplit("/", 1)[1]]
    return node


def _texts(prop, components):
    """Every string schema reachable from a property (through anyOf, arrays and nested objects)."""
    prop = _resolve(prop, components)
    for alternative in prop.get("anyOf", []):
        yield from _texts(alternative, components)
    if prop.get("type") == "array" and "items" in prop:
        yield from _texts(prop["items"], components)
    if prop.get("type") == "string" and not {"enum", "const", "format"} & set(prop):
        yield prop
    for inner in prop.get("properties", {}).values():
        yield from _texts(inner, components)


def _bodies():
    document = api.get_openapi_schema()
    components = document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                yield f"{method.upper()} {path} {media}", media, _resolve(content["schema"], components), components


BODIES = list(_bodies())


def test_there_are_json_and_multipart_bodies_to_check():
    media = {m for _name, m, _schema, _components in BODIES}
    assert {"application/json", "multipart/form-data"} <= media
    assert len(BODIES) > 40


@pytest.mark.parametrize(("name", "media", "body", "components"), BODIES, ids=[b[0] for b in BODIES])
def test_every_body_states_the_text_rules(name, media, body, components):
    if media == "application/json" and body.get("type") == "object":
        assert body.get("additionalProperties") is False, f"{name}: unknown fields are refused, say so"
    texts = list(_texts(body, components))
    for text in texts:
        pattern = re.compile(text["pattern"])
        assert not pattern.search("a\x00b"), f"{name}: a text field states that NUL is refused"
        if media == "multipart/form-data":
            assert not pattern.search("a\ufffdb"), f"{name}: a form's text field states that U+FFFD is refused"


def test_an_unknown_field_in_a_json_body_is_a_422_naming_it(api_client, demo):
    client = api_client("kdd")
    response = client.post("/api/v1/agreements/1/transitions", {"action": "submit", "colour": "blue"},
                           content_type="application/json")
    assert response.status_code == 422
    assert any(error["field"] == "colour" for error in response.json()["errors"])
