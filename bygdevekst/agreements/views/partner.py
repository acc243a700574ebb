"""The partner page (issue 5): a cooperation partner reads and comments on the sub-goals it is party to.

Fetched through access.visibility.partner_agreements (anyone else 404), then agreements.view_partner_part.
It shows the latest frozen version only, cut down by domain/partner.py; comments are posted here, on the
partner's own sub-goals and their commitments, through the same domain function as every other comment.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from bygdevekst.access.views import get_visible_or_404, require_perm
from bygdevekst.access.visibility import partner_agreements, partner_organisation_ids
from bygdevekst.core.panels import agreement_panels
from bygdevekst.core.refusals import on_refusal_return_to

from ..domain.comments import post_comment
from ..domain.partner import partner_part, partner_targets, public_parties
from ..forms import CommentForm
from ..models import Comment
from .comments import comment_invalid, thread_response
from .versions import comment_threads

NOT_YOURS = gettext_lazy("You can comment only on the sub-goals your organisation is party to, and on their commitments.")


def partner_agreement(request, pk, perm="agreements.view_partner_part"):
    agreement = get_visible_or_404(
        lambda u: partner_agreements(u).select_related("pilot__round"), request.user, pk=pk
    )
    require_perm(request.user, perm, agreement)
    return agreement


def latest_version(agreement):
    version = agreement.versions.order_by("-number").first()
    if version is not None:
        version.agreement = agreement
        version.verified()
    return version


def partner_url(agreement):
    return reverse("agreements:partner", args=[agreement.pk])


@require_safe
def partner_page(request, pk):
    agreement = partner_agreement(request, pk)
    version = latest_version(agreement)
    org_ids = partner_organisation_ids(request.user, agreement)
    content = version.content if version is not None else {}
    targets = partner_targets(content, org_ids)
    return render(request, "agreements/partner/page.html", {
        "agreement": agreement,
        "version": version,
        "part": partner_part(content, org_ids),
        "parties": public_parties(content),
        "threads": comment_threads(version, targets) if version is not None else {},
        "can_view_comments": True,
        "can_comment": request.user.has_perm("agreements.comment_partner_part", agreement),
        "can_resolve": False,  # a partner answers in the threads; the text's owners resolve them
        "comment_url": reverse("agreements:partner_comment", args=[agreement.pk, version.number]) if version else "",
        "panels": agreement_panels(request, agreement, kind="partner_panels"),
    })


@require_POST
@on_refusal_return_to("agreements:partner")
def partner_comment(request, pk, number):
    agreement = partner_agreement(request, pk, "agreements.comment_partner_part")
    version = latest_version(agreement)
    if version is None or version.number != number:
        messages.error(request, _("A newer version of the agreement has been frozen: read it, then comment again."))
        return redirect(partner_url(agreement))
    form = CommentForm(request.POST)
    if not form.is_valid():
        return comment_invalid(request, agreement, version, form, anchor=partner_url(agreement), partner=True)
    d = form.cleaned_data
    targets = partner_targets(version.content, partner_organisation_ids(request.user, agreement))
    if targets.get(str(d["target_uid"])) != d["target_kind"]:
        raise PermissionDenied(str(NOT_YOURS))
    parent = None
    if d.get("parent"):
        parent = Comment.objects.filter(pk=d["parent"], version=version).first()
        if parent is None:
            raise Http404
    comment = post_comment(version, request.user, d["target_kind"], d["target_uid"], d["body"],
                           parent=parent, request=request)
    if request.htmx:
        return thread_response(request, agreement, version, comment.target_kind, comment.target_uid, partner=True,
                               notice=_("Your comment was posted."))
    messages.success(request, _("Your comment was posted."))
    return redirect(partner_url(agreement) + f"#comment-{comment.pk}")
