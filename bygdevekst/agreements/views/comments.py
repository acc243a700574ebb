"""Comments: post or reply on an element of a version; resolve and reopen a thread (POST only).

Without JavaScript each action redirects back to the page at the comment, its outcome as a message. With
htmx (request.htmx) it answers with the element's comment block only (`_comments.html#thread`), the
outcome shown inside it, so the reader keeps their place and no other part of the page is rebuilt. A
refusal redirects as always; core.middleware turns that redirect into a full-page visit for htmx."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from bygdevekst.access.views import require_perm
from bygdevekst.core.refusals import on_refusal_return_to

from ..domain.comments import open_threads, post_comment, set_resolved
from ..forms import CommentForm
from ..models import Comment
from .versions import get_version, visible_agreement


def _back_to_the_element(request, pk, number):
    return version_url_for(pk, number) + f"#t-{request.POST.get('target_uid', '')}"


def _back_to_the_thread(request, pk, comment_id):
    comment = Comment.objects.select_related("version").filter(pk=comment_id, agreement_id=pk).first()
    return version_url_for(pk, comment.version.number) + f"#comment-{comment_id}"


def thread_response(request, agreement, version, target_kind, uid, *, partner=False, notice="", error=""):
    """The comment block of one element, as the page draws it (the version page or the partner page)."""
    from .versions import comment_threads

    if partner:
        can_view, can_comment, can_resolve = True, request.user.has_perm("agreements.comment_partner_part", agreement), False
        url = reverse("agreements:partner_comment", args=[agreement.pk, version.number])
    else:
        can_view = request.user.has_perm("agreements.view_comments", agreement)
        can_comment = can_resolve = request.user.has_perm("agreements.comment", agreement)
        url = reverse("agreements:comment_create", args=[agreement.pk, version.number])
    return render(request, "agreements/versions/_comments.html#thread", {
        "agreement": agreement, "target_kind": target_kind, "uid": str(uid),
        "threads": comment_threads(version, [str(uid)]) if can_view else {},
        "can_view_comments": can_view, "can_comment": can_comment, "can_resolve": can_resolve,
        "comment_url": url, "notice": notice, "error": error,
    })


def comment_invalid(request, agreement, version, form, *, anchor, partner=False):
    """A comment form with errors (an empty text): the message in the block (htmx) or on the reloaded page."""
    errors = [error for errors in form.errors.values() for error in errors]
    if request.htmx:
        return thread_response(request, agreement, version, request.POST.get("target_kind", ""),
                               request.POST.get("target_uid", ""), partner=partner, error=" ".join(errors))
    for error in errors:
        messages.error(request, error)
    return redirect(anchor)


@require_POST
@on_refusal_return_to(_back_to_the_element)
def comment_create(request, pk, number):
    agreement = visible_agreement(request, pk)
    version = get_version(request, agreement, number)
    require_perm(request.user, "agreements.comment", agreement)
    form = CommentForm(request.POST)
    target = f"#t-{request.POST.get('target_uid', '')}"
    if not form.is_valid():
        return comment_invalid(request, agreement, version, form, anchor=version_url(agreement, version) + target)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], version=version).first()
        if parent is None:
            raise Http404
    comment = post_comment(version, request.user, form.cleaned_data["target_kind"], form.cleaned_data["target_uid"],
                           form.cleaned_data["body"], parent=parent, request=request)
    if request.htmx:
        return thread_response(request, agreement, version, comment.target_kind, comment.target_uid,
                               notice=_("Your comment was posted."))
    messages.success(request, _("Your comment was posted."))
    return redirect(version_url(agreement, version) + f"#comment-{comment.pk}")


def version_url(agreement, version):
    return version_url_for(agreement.pk, version.number)


def version_url_for(pk, number):
    return reverse("agreements:version", args=[pk, number])


def _toggle(request, pk, comment_id, resolved):
    agreement = visible_agreement(request, pk)
    comment = Comment.objects.select_related("version").filter(pk=comment_id, agreement=agreement).first()
    if comment is None:
        raise Http404
    require_perm(request.user, "agreements.comment", agreement)
    set_resolved(comment, request.user, resolved, request=request)
    notice = _("The thread was resolved.") if resolved else _("The thread was reopened.")
    if request.htmx:
        return thread_response(request, agreement, comment.version, comment.target_kind, comment.target_uid,
                               notice=notice)
    messages.success(request, notice)
    return redirect(version_url(agreement, comment.version) + f"#comment-{comment.pk}")


@require_POST
@on_refusal_return_to(_back_to_the_thread)
def comment_resolve(request, pk, comment_id):
    return _toggle(request, pk, comment_id, True)


@require_POST
@on_refusal_return_to(_back_to_the_thread)
def comment_reopen(request, pk, comment_id):
    return _toggle(request, pk, comment_id, False)


@require_safe
def open_threads_page(request, pk):
    """Every unresolved comment thread of the agreement, across its versions, each linked to its place."""
    agreement = visible_agreement(request, pk)
    require_perm(request.user, "agreements.view_comments", agreement)
    return render(request, "agreements/versions/open_threads.html", {
        "agreement": agreement, "threads": open_threads(agreement),
    })
