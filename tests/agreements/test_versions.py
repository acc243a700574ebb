"""Versions in the UI and the API: freeze, list, detail from the frozen JSON, R5 immutability, compare."""

import pytest

from bygdevekst.agreements.enums import AgreementState, VersionKind
from bygdevekst.agreements.models import AgreementVersion
from bygdevekst.audit.models import ActionLog


def _versions(agreement):
    return f"/agreements/{agreement.pk}/versions/"


@pytest.mark.parametrize(
    ("username", "status"),
    [("trysil", 200), ("kdd", 200), ("politiker-trysil", 200), ("statsforvalter-innlandet", 200),
     ("smola", 404), (None, 404)],
)
def test_version_list_for_the_roles(client_for, draft, username, status):
    assert client_for(username).get(_versions(draft)).status_code == status


def test_public_sees_the_final_version_of_an_approved_agreement_but_not_its_history(client_for, demo):
    agreement = demo["pilots"]["Indre Namdal"].agreement
    final = agreement.versions.get(kind=VersionKind.FINAL)
    anonymous = client_for(None)
    assert anonymous.get(f"/agreements/{agreement.pk}/versions/{final.number}/").status_code == 200
    assert anonymous.get(_versions(agreement)).status_code == 403


def test_freeze_named_draft_version(client_for, draft):
    client = client_for("trysil")
    type(draft).objects.filter(pk=draft.pk).update(purpose="Endret etter siste versjon")  # (unchanged: no version)
    before = draft.versions.count()
    response = client.post(_versions(draft) + "freeze/", {"label": "Etter styremøtet", "lock_version": draft.lock_version})
    assert response.status_code == 302
    version = draft.versions.order_by("-number").first()
    assert draft.versions.count() == before + 1
    assert version.kind == VersionKind.DRAFT_SNAPSHOT and version.label == "Etter styremøtet"
    assert ActionLog.objects.filter(action="agreement.version_frozen", agreement=draft).exists()


def test_freeze_in_dialogue_is_a_dialogue_revision(client_for, draft):
    AgreementVersion.objects.none()
    type(draft).objects.filter(pk=draft.pk).update(state=AgreementState.IN_DIALOGUE, purpose="Endret i dialogen")
    client_for("trysil").post(_versions(draft) + "freeze/", {"label": "Dialog 1", "lock_version": draft.lock_version})
    assert draft.versions.order_by("-number").first().kind == VersionKind.DIALOGUE_REVISION


@pytest.mark.parametrize("username", ["kdd", "politiker-trysil", "statsforvalter-innlandet"])
def test_only_the_project_manager_freezes(client_for, draft, username):
    before = draft.versions.count()
    response = client_for(username).post(_versions(draft) + "freeze/", {"label": "x", "lock_version": draft.lock_version})
    assert response.status_code == 403
    assert draft.versions.count() == before


def test_freeze_needs_a_name_and_a_fresh_lock(client_for, draft):
    client = client_for("trysil")
    before = draft.versions.count()
    assert client.post(_versions(draft) + "freeze/", {"label": "", "lock_version": draft.lock_version}).status_code == 400
    stale = client.post(_versions(draft) + "freeze/", {"label": "x", "lock_version": draft.lock_version - 1})
    assert stale.status_code == 409 and 'class="error-summary"' in stale.content.decode()
    assert draft.versions.count() == before


def test_version_page_renders_the_frozen_content_not_the_live_draft(client_for, draft, django_assert_max_num_queries):
    version = draft.versions.order_by("number").first()
    draft.purpose = "Helt nytt levende formål"
    draft.save()
    client = client_for("trysil")
    with django_assert_max_num_queries(20):
        body = client.get(f"{_versions(draft)}{version.number}/").content.decode()
    assert version.content["purpose"].split("**")[0] in body and "Helt nytt levende formål" not in body
    assert version.sha256 in body


def test_R5_no_ui_route_changes_a_version(client_for, draft):
    version = draft.versions.order_by("number").first()
    client = client_for("trysil")
    for method in ("post", "put", "delete"):
        response = getattr(client, method)(f"{_versions(draft)}{version.number}/")
        assert response.status_code == 405
    assert AgreementVersion.objects.get(pk=version.pk).sha256 == version.sha256


def test_compare_page_side_by_side_and_inline(client_for, draft):
    client = client_for("trysil")
    side = client.get(f"/agreements/{draft.pk}/compare/?from=1&to=2").content.decode()
    assert "<ins><span class=\"visually-hidden\">" in side and "<del><span class=\"visually-hidden\">" in side
    assert "100" in side  # the coordinator went from 50 to 100 per cent
    inline = client.get(f"/agreements/{draft.pk}/compare/?from=1&to=2&mode=inline").content.decode()
    assert "diff--inline" in inline and "Grønn omstilling" in inline  # the added sub-goal


@pytest.mark.parametrize("query", ["?from=1", "?from=a&to=2", "?from=1&to=99"])
def test_compare_bad_input_is_a_clear_400(client_for, draft, query):
    response = client_for("trysil").get(f"/agreements/{draft.pk}/compare/{query}")
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()


def test_compare_outsider_404(client_for, draft):
    assert client_for("smola").get(f"/agreements/{draft.pk}/compare/?from=1&to=2").status_code == 404


# ---- API --------------------------------------------------------------------------------------

def test_api_version_list_and_detail(api_client, draft):
    client = api_client("trysil")
    page = client.get(f"/api/v1/agreements/{draft.pk}/versions/").json()
    items = page["items"]
    assert page["count"] == draft.versions.count()
    assert [v["number"] for v in items][:2] == [1, 2]
    assert {"number", "kind", "sha256", "label", "created_at", "author"} <= set(items[0])
    one = client.get(f"/api/v1/agreements/{draft.pk}/versions/1").json()
    version = draft.versions.get(number=1)
    assert one["sha256"] == version.sha256 and one["content"] == version.content


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_R5_api_refuses_to_change_a_version(api_client, draft, method):
    version = draft.versions.get(number=1)
    response = getattr(api_client("trysil"), method)(
        f"/api/v1/agreements/{draft.pk}/versions/1", data={"label": "x"}, content_type="application/json"
    )
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert AgreementVersion.objects.get(pk=version.pk).label == version.label


def test_api_compare(api_client, draft):
    client = api_client("trysil")
    data = client.get(f"/api/v1/agreements/{draft.pk}/versions/compare?from=1&to=2").json()
    assert data["from"] == 1 and data["to"] == 2 and not data["empty"]
    added = [x["summary"] for x in data["changes"]["elements"]["sub_goal"]["added"]]
    assert "Grønn omstilling i skog- og trenæringen" in added
    # both numbers are required parameters, declared so: a request without one fails the schema (422)
    assert client.get(f"/api/v1/agreements/{draft.pk}/versions/compare?from=1").status_code == 422
    assert client.get(f"/api/v1/agreements/{draft.pk}/versions/compare?from=1&to=99").status_code == 404


def test_api_versions_outsider_404_and_public_403(api_client, draft, demo):
    assert api_client("smola").get(f"/api/v1/agreements/{draft.pk}/versions/").status_code == 404
    approved = demo["pilots"]["Indre Namdal"].agreement
    assert api_client(None).get(f"/api/v1/agreements/{approved.pk}/versions/").status_code == 403
    assert api_client(None).get(f"/api/v1/agreements/{approved.pk}/versions/1").status_code == 200


def test_api_documents_versions_as_read_only(api_client):
    paths = api_client(None).get("/api/v1/openapi.json").json()["paths"]
    path = "/api/v1/agreements/{agreement_id}/versions/{number}"
    assert set(paths[path]) == {"get"}
    assert "/api/v1/agreements/{agreement_id}/versions/compare" in paths
    assert {"get", "post"} <= set(paths["/api/v1/agreements/{agreement_id}/comments/"])
