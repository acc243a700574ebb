"""Comments on a version's elements: threaded, resolve/reopen, visible to the parties, logged, signalled."""

import pytest

from bygdevekst.agreements.models import Comment
from bygdevekst.audit.models import ActionLog
from bygdevekst.core.signals import comment_posted


def _first_sub_goal(version):
    return version.content["focus_areas"][0]["sub_goals"][0]["uid"]


def _post(client, agreement, version, **data):
    return client.post(f"/agreements/{agreement.pk}/versions/{version.number}/comments/", data)


def test_comment_reply_resolve_reopen(client_for, draft):
    version = draft.versions.get(number=2)
    uid = _first_sub_goal(version)
    received = []

    def receiver(sender, comment, user, **kwargs):
        received.append((comment.pk, user.username))

    comment_posted.connect(receiver)
    try:
        response = _post(client_for("kdd"), draft, version, target_kind="sub_goal", target_uid=uid,
                         body="Kan dere tallfeste målet?")
    finally:
        comment_posted.disconnect(receiver)
    assert response.status_code == 302
    comment = Comment.objects.get(version=version, target_uid=uid)
    assert received == [(comment.pk, "kdd")]
    _post(client_for("trysil"), draft, version, target_kind="sub_goal", target_uid=uid, parent=comment.pk,
          body="Ja, 40 boliger.")
    assert comment.replies.get().author.username == "trysil"
    client = client_for("trysil")
    client.post(f"/agreements/{draft.pk}/comments/{comment.pk}/resolve/")
    comment.refresh_from_db()
    assert comment.is_resolved
    client.post(f"/agreements/{draft.pk}/comments/{comment.pk}/reopen/")
    comment.refresh_from_db()
    assert not comment.is_resolved
    actions = set(ActionLog.objects.filter(agreement=draft, action__startswith="agreement.comment_").values_list("action", flat=True))
    assert actions == {"agreement.comment_posted", "agreement.comment_resolved", "agreement.comment_reopened"}
    page = client_for("politiker-trysil").get(f"/agreements/{draft.pk}/versions/2/").content.decode()
    assert "Kan dere tallfeste målet?" in page and "Ja, 40 boliger." in page


def test_comment_on_an_element_not_in_the_version_is_refused(client_for, draft):
    version = draft.versions.get(number=1)
    response = _post(client_for("trysil"), draft, version, target_kind="sub_goal",
                     target_uid="00000000-0000-0000-0000-000000000000", body="Hei")
    assert response.status_code == 302
    assert not Comment.objects.filter(version=version).exists()


def test_empty_comment_is_refused(client_for, draft):
    version = draft.versions.get(number=1)
    _post(client_for("trysil"), draft, version, target_kind="sub_goal", target_uid=_first_sub_goal(version), body="  ")
    assert not Comment.objects.filter(version=version).exists()


@pytest.mark.parametrize(("username", "status"), [("statsforvalter-innlandet", 403), ("smola", 404), (None, 404)])
def test_who_may_not_comment(client_for, draft, username, status):
    version = draft.versions.get(number=1)
    response = _post(client_for(username), draft, version, target_kind="sub_goal",
                     target_uid=_first_sub_goal(version), body="Hei")
    assert response.status_code == status
    assert not Comment.objects.filter(version=version).exists()


def test_comments_are_hidden_from_the_public_on_a_final_version(client_for, demo):
    agreement = demo["pilots"]["Indre Namdal"].agreement
    version = agreement.versions.get(kind="final")
    section = version.content["sections"][0]["uid"]
    _post(client_for("kdd"), agreement, version, target_kind="section", target_uid=section, body="Intern merknad")
    assert Comment.objects.filter(version=version).exists()
    public = client_for(None).get(f"/agreements/{agreement.pk}/versions/{version.number}/").content.decode()
    assert "Intern merknad" not in public


def test_api_list_and_create_comments(api_client, draft):
    version = draft.versions.get(number=2)
    uid = version.content["focus_areas"][0]["sub_goals"][0]["commitments"][0]["uid"]
    client = api_client("kdd")
    response = client.post(f"/api/v1/agreements/{draft.pk}/comments/", {
        "version": 2, "target_kind": "commitment", "target_uid": uid, "body": "Hvor mange årsverk?"},
        content_type="application/json")
    assert response.status_code == 201
    created = response.json()
    assert created["target_uid"] == uid and created["version"] == 2
    listed = api_client("trysil").get(f"/api/v1/agreements/{draft.pk}/comments/?version=2").json()["items"]
    assert [c["body"] for c in listed] == ["Hvor mange årsverk?"]
    bad = client.post(f"/api/v1/agreements/{draft.pk}/comments/", {
        "version": 2, "target_kind": "commitment", "target_uid": "nope", "body": "x"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "target_uid"  # not a uid: the schema says so
    assert api_client("statsforvalter-innlandet").post(f"/api/v1/agreements/{draft.pk}/comments/", {
        "version": 2, "target_kind": "commitment", "target_uid": uid, "body": "x"},
        content_type="application/json").status_code == 403
    assert api_client("smola").get(f"/api/v1/agreements/{draft.pk}/comments/").status_code == 404
