"""Posting and resolving a comment: with htmx the element's comment block comes back and is swapped in
place; without JavaScript the same POST redirects to the page at the comment (both paths tested)."""

from django.urls import reverse

from bygdevekst.agreements.models import Comment
from tests.security.test_partner import OWN_SUB_GOAL, PARTNER, find

HTMX = {"HTTP_HX_REQUEST": "true"}


def _uid(version):
    return version.content["focus_areas"][0]["sub_goals"][0]["uid"]


def _url(draft, version):
    return reverse("agreements:comment_create", args=[draft.pk, version.number])


def test_plain_post_redirects_to_the_comment(client_for, draft):
    version = draft.versions.get(number=2)
    response = client_for("kdd").post(_url(draft, version), {"target_kind": "sub_goal", "target_uid": _uid(version),
                                                             "body": "Uten JavaScript"})
    comment = Comment.objects.get(body="Uten JavaScript")
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")


def test_htmx_post_reply_resolve_reopen_answer_with_the_thread_fragment(client_for, draft):
    version = draft.versions.get(number=2)
    uid = _uid(version)
    client = client_for("kdd")
    posted = client.post(_url(draft, version), {"target_kind": "sub_goal", "target_uid": uid, "body": "Med htmx"},
                         **HTMX)
    html = posted.content.decode()
    assert posted.status_code == 200 and "<html" not in html and "<nav" not in html
    assert html.lstrip().startswith(f'<details class="comments" id="comments-{uid}" open>')
    assert "Med htmx" in html and 'role="status"' in html
    assert f'hx-target="#comments-{uid}"' in html  # the answer's own forms swap the block again
    comment = Comment.objects.get(body="Med htmx")

    replied = client_for("trysil").post(_url(draft, version), {"target_kind": "sub_goal", "target_uid": uid,
                                                               "parent": comment.pk, "body": "Svar med htmx"}, **HTMX)
    assert replied.status_code == 200 and "Svar med htmx" in replied.content.decode()

    resolved = client.post(reverse("agreements:comment_resolve", args=[draft.pk, comment.pk]), **HTMX)
    comment.refresh_from_db()
    assert resolved.status_code == 200 and comment.is_resolved and "comment--resolved" in resolved.content.decode()
    assert reverse("agreements:comment_reopen", args=[draft.pk, comment.pk]) in resolved.content.decode()
    reopened = client.post(reverse("agreements:comment_reopen", args=[draft.pk, comment.pk]), **HTMX)
    comment.refresh_from_db()
    assert reopened.status_code == 200 and not comment.is_resolved

    plain = client.post(reverse("agreements:comment_resolve", args=[draft.pk, comment.pk]))
    assert plain.status_code == 302 and plain["Location"].endswith(f"#comment-{comment.pk}")


def test_htmx_refusal_is_shown_in_the_block_and_saves_nothing(client_for, draft):
    version = draft.versions.get(number=2)
    before = Comment.objects.count()
    response = client_for("kdd").post(_url(draft, version), {"target_kind": "sub_goal", "target_uid": _uid(version),
                                                             "body": ""}, **HTMX)
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert Comment.objects.count() == before


def test_partner_page_comment_with_htmx_answers_with_the_same_partial(client_for, demo):
    trysil = demo["pilots"]["Trysil-regionen"].agreement
    kind, uid = find(trysil, OWN_SUB_GOAL)
    url = reverse("agreements:partner_comment", args=[trysil.pk, 2])
    response = client_for(PARTNER).post(url, {"target_kind": kind, "target_uid": uid, "body": "Husbanken via htmx"},
                                        **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and f'id="comments-{uid}"' in html and "Husbanken via htmx" in html
    assert "comment_resolve" not in html and "/resolve/" not in html  # partners answer; the owners resolve
    assert f'hx-post="{url}"' in html


def test_an_htmx_post_answered_by_a_redirect_becomes_a_full_page_visit(client_for, demo):
    """A refusal (here: commenting on a version that is no longer the latest) redirects back to the page;
    for htmx that is an HX-Redirect, so no whole page is swapped into the comment block."""
    trysil = demo["pilots"]["Trysil-regionen"].agreement
    kind, uid = find(trysil, OWN_SUB_GOAL)
    url = reverse("agreements:partner_comment", args=[trysil.pk, 1])
    response = client_for(PARTNER).post(url, {"target_kind": kind, "target_uid": uid, "body": "For sent"}, **HTMX)
    assert response.status_code == 200 and response["HX-Redirect"] == reverse("agreements:partner", args=[trysil.pk])
    assert not Comment.objects.filter(body="For sent").exists()
