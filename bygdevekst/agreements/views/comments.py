"""Comments: post or reply on an element of a version; resolve and reopen a thread (POST only)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bygdevekst.access.views import require_perm
from bygdevekst.core.refusals import on_refusal_return_to

from ..domain.comments import post_comment, set_resolved
from ..forms import CommentForm
from ..models import Comment
from .versions import get_version, visible_agreement


def _back_to_the_element(request, pk, number):
    return version_url_for(pk, number) + f"#t-{request.POST.get('target_uid', '')}"


def _back_to_the_thread(request, pk, comment_id):
    comment = Comment.objects.select_related("version").filter(pk=comment_id, agreement_id=pk).first()
    return version_url_for(pk, comment.version.number) + f"#comment-{comment_id}"


@require_POST
@on_refusal_return_to(_back_to_the_element)
def comment_create(request, pk, number):
    agreement = visible_agreement(request, pk)
    version = get_version(request, agreement, number)
    require_perm(request.user, "agreements.comment", agreement)
    form = CommentForm(request.POST)
    target = f"#t-{request.POST.get('target_uid', '')}"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(version_url(agreement, version) + target)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], version=version).first()
        if parent is None:
            raise Http404
    comment = post_comment(version, request.user, form.cleaned_data["target_kind"], form.cleaned_data["target_uid"],
                           form.cleaned_data["body"], parent=parent, request=request)
    messages.success(request, _("Your comment was posted."))
    return redirect(version_url(agreement, version) + f"#comment-{comment.pk}")


def version_url(agreement, version):
    return version_url_for(agreement.pk, version.number)


def version_url_for(pk, number):
    from django.urls import reverse

    return reverse("agreements:version", args=[pk, number])


def _toggle(request, pk, comment_id, resolved):
    agreement = visible_agreement(request, pk)
    comment = Comment.objects.select_related("version").filter(pk=comment_id, agreement=agreement).first()
    if comment is None:
        raise Http404
    require_perm(request.user, "agreements.comment", agreement)
    set_resolved(comment, request.user, resolved, request=request)
    messages.success(request, _("The thread was resolved.") if resolved else _("The thread was reopened."))
    return redirect(version_url(agreement, comment.version) + f"#comment-{comment.pk}")


@require_POST
@on_refusal_return_to(_back_to_the_thread)
def comment_resolve(request, pk, comment_id):
    return _toggle(request, pk, comment_id, True)


@require_POST
@on_refusal_return_to(_back_to_the_thread)
def comment_reopen(request, pk, comment_id):
    return _toggle(request, pk, comment_id, False)
