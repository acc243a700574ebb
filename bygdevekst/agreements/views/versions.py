"""Versions: list, freeze a named version, one frozen version (with its comments), comparing two."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from bygdevekst.access.views import get_visible_or_404, require_perm
from bygdevekst.access.visibility import visible_agreements
from bygdevekst.core.guards import Stale
from bygdevekst.core.pagination import paginate
from bygdevekst.core.refusals import on_refusal_return_to

from ..domain import diff as diffing
from ..domain.comments import open_thread_count
from ..domain.versions import KIND_FOR_STATE, freeze_named_version
from ..forms import CommentForm, FreezeForm
from ..models import AgreementVersion, Comment
from ..models.comment import text_uid
from ..templatetags.agreement_text import version_title


def visible_agreement(request, pk):
    return get_visible_or_404(
        lambda u: visible_agreements(u).select_related("pilot__round"), request.user, pk=pk
    )


def get_version(request, agreement, number):
    version = AgreementVersion.objects.select_related("created_by").filter(agreement=agreement, number=number).first()
    if version is None:
        raise Http404
    version.agreement = agreement
    require_perm(request.user, "agreements.view_version", version)
    return version.verified()


# The versions list, newest first, a page at a time: an agreement gathers versions for as long as it runs.
VERSIONS_PER_PAGE = 20


def _versions_page(request, agreement):
    return paginate(request, agreement.versions.select_related("created_by").defer("content").order_by("-number"),
                    VERSIONS_PER_PAGE)


@require_safe
def version_list(request, pk):
    agreement = visible_agreement(request, pk)
    require_perm(request.user, "agreements.view_versions", agreement)
    can_freeze = request.user.has_perm("agreements.freeze_version", agreement)
    form = FreezeForm(initial={"lock_version": agreement.lock_version}) if can_freeze else None
    return render(request, "agreements/versions/list.html", {
        "agreement": agreement, "page": _versions_page(request, agreement), "form": form,
        "next_kind": KIND_FOR_STATE.get(agreement.state),
    })


@require_POST
@on_refusal_return_to("agreements:versions")
def freeze(request, pk):
    agreement = visible_agreement(request, pk)
    require_perm(request.user, "agreements.freeze_version", agreement)
    form = FreezeForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            version, created = freeze_named_version(
                agreement, request.user, form.cleaned_data["label"], form.cleaned_data["lock_version"], request
            )
        except Stale:  # the label typed is kept; the page shows the latest lock_version
            status = 409
            form.add_error(None, _("The draft changed after you opened this page. Read the latest text, then freeze again."))
        else:
            if created:
                messages.success(request, _("Version %(number)s was frozen.") % {"number": version.number})
            else:
                messages.info(request, _("The text is the same as in version %(number)s, so no new version was "
                                         "made.") % {"number": version.number})
            return redirect("agreements:version", pk=agreement.pk, number=version.number)
    agreement.refresh_from_db(fields=["lock_version"])
    return render(request, "agreements/versions/list.html", {
        "agreement": agreement, "page": _versions_page(request, agreement), "form": form,
        "next_kind": KIND_FOR_STATE.get(agreement.state), "current_lock_version": agreement.lock_version,
    }, status=status)


def comment_threads(version, uids=None):
    """uid → [top-level comments with .thread_replies], in the order written; one query. `uids`: only the
    threads on those elements (the partner page)."""
    comments = Comment.objects.filter(version=version)
    if uids is not None:
        comments = comments.filter(target_uid__in=list(uids))
    comments = list(comments.select_related("author", "resolved_by").order_by("created_at", "pk"))
    by_id = {c.pk: c for c in comments}
    threads = {}
    for c in comments:
        c.thread_replies = []
    for c in comments:
        if c.parent_id and c.parent_id in by_id:
            by_id[c.parent_id].thread_replies.append(c)
        else:
            threads.setdefault(str(c.target_uid), []).append(c)
    return threads


@require_safe
def version_detail(request, pk, number):
    agreement = visible_agreement(request, pk)
    version = get_version(request, agreement, number)
    can_view_comments = request.user.has_perm("agreements.view_comments", agreement)
    can_comment = request.user.has_perm("agreements.comment", agreement)
    return render(request, "agreements/versions/detail.html", {
        "agreement": agreement, "version": version, "content": version.content,
        "names": diffing.titles(version.content),
        "threads": comment_threads(version) if can_view_comments else {},
        "can_view_comments": can_view_comments,
        "can_comment": can_comment,
        "can_resolve": can_comment,
        "comment_url": reverse("agreements:comment_create", args=[agreement.pk, version.number]),
        "comment_form": CommentForm(),
        "purpose_uid": str(text_uid(agreement.pk, "purpose")),
        "overall_goal_uid": str(text_uid(agreement.pk, "overall_goal")),
        "open_threads": open_thread_count(agreement) if can_view_comments else 0,
    })


def parse_pair(request, agreement):
    """(from version, to version, error message or None) from ?from=N&to=M."""
    try:
        numbers = int(request.GET.get("from", "")), int(request.GET.get("to", ""))
    except ValueError:
        return None, None, _("Choose two versions to compare.")
    found = {v.number: v for v in AgreementVersion.objects.filter(agreement=agreement, number__in=numbers)}
    if any(n not in found for n in numbers):
        return None, None, _("There is no version with that number.")
    return found[numbers[0]].verified(), found[numbers[1]].verified(), None


@require_safe
def compare(request, pk):
    agreement = visible_agreement(request, pk)
    require_perm(request.user, "agreements.view_versions", agreement)
    # Only what the two pickers show: each version's number and title, worked out once for both.
    versions = list(agreement.versions.only("agreement_id", "number", "kind", "label").order_by("number"))
    context = {"agreement": agreement, "versions": versions, "mode": "inline" if request.GET.get("mode") == "inline" else "side",
               "choices": [(v.number, f"{v.number}: {version_title(v)}") for v in versions]}
    if "from" not in request.GET and "to" not in request.GET:
        if len(versions) >= 2:
            context.update(selected_from=versions[-2].number, selected_to=versions[-1].number)
        return render(request, "agreements/versions/compare.html", context)
    old, new, error = parse_pair(request, agreement)
    if error:
        context["error"] = error
        return render(request, "agreements/versions/compare.html", context, status=400)
    result = diffing.versions_diff(old, new)
    context.update({
        "old": old, "new": new, "changes": result, "empty": diffing.is_empty(result),
        "names": diffing.titles(old.content, new.content),
        "selected_from": old.number, "selected_to": new.number,
    })
    return render(request, "agreements/versions/compare.html", context)
