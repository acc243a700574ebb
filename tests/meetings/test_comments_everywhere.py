"""Comments on every element of the text (purpose, overall goal, focus areas as well as sub-goals, commitments
and sections), and each agreement's overview of open threads."""

import pytest
from django.contrib.auth import get_user_model

from bygdevekst.agreements.domain.comments import post_comment, set_resolved
from bygdevekst.agreements.models import AgreementVersion, Comment
from bygdevekst.agreements.models.comment import text_uid
from bygdevekst.core.guards import Refused


@pytest.fixture
def trysil_version(agreement_of):
    agreement = agreement_of("Trysil-regionen")
    return AgreementVersion.objects.filter(agreement=agreement).order_by("-number").first()


def test_comment_on_purpose_overall_goal_and_focus_area_through_the_page(client_for, trysil_version):
    agreement, content = trysil_version.agreement, trysil_version.content
    assert content["purpose"] and content["overall_goal"] and content["focus_areas"]
    url = f"/agreements/{agreement.pk}/versions/{trysil_version.number}/comments/"
    targets = [
        ("purpose", str(text_uid(agreement.pk, "purpose"))),
        ("overall_goal", str(text_uid(agreement.pk, "overall_goal"))),
        ("focus_area", content["focus_areas"][0]["uid"]),
    ]
    page = client_for("trysil").get(f"/agreements/{agreement.pk}/versions/{trysil_version.number}/").content.decode()
    for kind, uid in targets:
        assert f'id="comments-{uid}"' in page and f'name="target_kind" value="{kind}"' in page
    client = client_for("trysil")
    for kind, uid in targets:
        response = client.post(url, {"target_kind": kind, "target_uid": uid, "body": f"Merknad til {kind}."})
        assert response.status_code == 302, kind
        assert Comment.objects.filter(version=trysil_version, target_kind=kind, target_uid=uid).exists()
    page = client_for("kdd").get(f"/agreements/{agreement.pk}/versions/{trysil_version.number}/").content.decode()
    for kind, _uid in targets:
        assert f"Merknad til {kind}." in page


def test_a_text_comment_must_name_this_agreements_text(trysil_version, agreement_of):
    user = get_user_model().objects.get(username="trysil")
    other = agreement_of("Vest-Telemark")
    with pytest.raises(Refused):
        post_comment(trysil_version, user, "purpose", text_uid(other.pk, "purpose"), "Feil avtale.")
    with pytest.raises(Refused):  # a focus area's uid named as a sub-goal, and the other way round
        post_comment(trysil_version, user, "sub_goal", trysil_version.content["focus_areas"][0]["uid"], "x")
    assert not Comment.objects.filter(body__in=["Feil avtale.", "x"]).exists()


def test_open_threads_overview_lists_unresolved_threads_with_links(client_for, trysil_version):
    agreement = trysil_version.agreement
    user = get_user_model().objects.get(username="trysil")
    focus = trysil_version.content["focus_areas"][0]
    open_one = post_comment(trysil_version, user, "focus_area", focus["uid"], "Bør innsatsområdet deles?")
    post_comment(trysil_version, user, "focus_area", focus["uid"], "Enig.", parent=open_one)
    done = post_comment(trysil_version, user, "purpose", text_uid(agreement.pk, "purpose"), "Løst merknad.")
    set_resolved(done, user, True)
    response = client_for("kdd").get(f"/agreements/{agreement.pk}/comments/open/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bør innsatsområdet deles?" in page and focus["title"] in page
    assert f"/agreements/{agreement.pk}/versions/{trysil_version.number}/#comment-{open_one.pk}" in page
    assert "Løst merknad." not in page
    row = next(t for t in response.context["threads"] if t.pk == open_one.pk)
    assert row.reply_count == 1
    assert (
        len(response.context["threads"])
        == Comment.objects.filter(agreement=agreement, parent__isnull=True, resolved_at__isnull=True).count()
    )
    assert (
        f"/agreements/{agreement.pk}/comments/open/"
        in client_for("trysil").get(f"/agreements/{agreement.pk}/").content.decode()
    )
    assert client_for("vinje").get(f"/agreements/{agreement.pk}/comments/open/").status_code == 404
    assert client_for("partner-trysil").get(f"/agreements/{agreement.pk}/comments/open/").status_code in (403, 404)
