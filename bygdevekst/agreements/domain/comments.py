"""Comments on a version's elements: post, reply, resolve, reopen. Each logs; posting signals."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Refused
from bygdevekst.core.signals import comment_posted

from ..models import Comment, CommentTarget
from ..models.comment import TEXT_FIELDS, text_uid
from .diff import index

TARGET_KINDS = {CommentTarget.SECTION: "section", CommentTarget.SUB_GOAL: "sub_goal",
                CommentTarget.COMMITMENT: "commitment", CommentTarget.FOCUS_AREA: "focus_area"}


MAX_COMMENT = 5000  # characters: a comment is a remark on one part of the text, not a document


def target_exists(version, target_kind, target_uid):
    if target_kind in TEXT_FIELDS:
        return (str(target_uid) == str(text_uid(version.agreement_id, target_kind))
                and bool((version.content.get(target_kind) or "").strip()))
    entry = index(version.content).get(str(target_uid))
    return entry is not None and entry["kind"] == TARGET_KINDS.get(target_kind)


def post_comment(version, user, target_kind, target_uid, body, parent=None, request=None):
    if len(body) > MAX_COMMENT:
        raise Refused(_("A comment can be at most %(max)s characters long.") % {"max": MAX_COMMENT}, status=400)
    if not target_exists(version, target_kind, target_uid):
        raise Refused(_("That part of the agreement is not in this version."), status=400)
    if parent is not None and (parent.version_id != version.pk or str(parent.target_uid) != str(target_uid)):
        raise Refused(_("A reply must belong to the same part of the same version."), status=400)
    if parent is not None and parent.parent_id is not None:
        parent = parent.parent  # threads are one level deep: a reply to a reply joins the thread
    with transaction.atomic():
        comment = Comment.objects.create(
            agreement_id=version.agreement_id, version=version, target_kind=target_kind,
            target_uid=target_uid, parent=parent, author=user, body=body,
        )
        log_action("agreement.comment_posted", actor=user, obj=comment, agreement=version.agreement,
                   request=request, data={"version": version.number, "target_kind": target_kind,
                                          "target_uid": str(target_uid), "parent": parent.pk if parent else None,
                                          "after": {"body": body}})
        comment_posted.send(sender=Comment, comment=comment, user=user)
    return comment


def set_resolved(comment, user, resolved, request=None):
    if comment.parent_id is not None:
        raise Refused(_("Only a thread's first comment can be resolved or reopened."))
    if comment.is_resolved == resolved:
        raise Refused(_("The thread is already resolved.") if resolved else _("The thread is already open."))
    with transaction.atomic():
        comment.resolved_at = timezone.now() if resolved else None
        comment.resolved_by = user if resolved else None
        comment.save(update_fields=["resolved_at", "resolved_by"])
        log_action("agreement.comment_resolved" if resolved else "agreement.comment_reopened", actor=user,
                   obj=comment, agreement=comment.agreement, request=request,
                   data={"before": {"resolved": not resolved}, "after": {"resolved": resolved}})
    return comment


def open_threads(agreement):
    """The agreement's unresolved threads, newest first: each first comment with its version, the element's
    title as that version has it, and the number of replies. Two queries."""
    from django.db.models import Count

    threads = list(
        Comment.objects.filter(agreement=agreement, parent__isnull=True, resolved_at__isnull=True)
        .select_related("author", "version").annotate(reply_count=Count("replies")).order_by("-created_at", "-pk")
    )
    indexes = {}
    for thread in threads:
        version = thread.version
        if version.pk not in indexes:
            indexes[version.pk] = index(version.verified().content)  # (a tampered text: the integrity error)
        entry = indexes[version.pk].get(str(thread.target_uid))
        thread.element_title = (entry["item"].get("title") or entry["item"].get("text", "")[:80]) if entry else ""
    return threads


def open_thread_count(agreement):
    return Comment.objects.filter(agreement=agreement, parent__isnull=True, resolved_at__isnull=True).count()
