"""API for versions and comments: read-only versions, comparison, comments.

A version's address declares GET only, so PUT, PATCH and DELETE answer 405 with `Allow: GET` (R5):
declaring write operations just to refuse them would advertise methods the resource does not have.
"""

import datetime
import logging
import uuid

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bygdevekst.access.visibility import visible_agreements
from bygdevekst.apierrors import NO_NUL, PROBLEM_RESPONSES, ProblemError
from bygdevekst.apiforms import Input

from .domain import diff as diffing
from .domain.comments import MAX_COMMENT, post_comment, set_resolved
from .models import Agreement, AgreementVersion, Comment, CommentTarget

router = Router(tags=["versions and comments"])
logger = logging.getLogger(__name__)

NOT_FOUND = {"detail": "Not found"}  # the API root answers its translated default


def _forbidden():
    return {"detail": _("You may not do this.")}


class AgreementVersionOut(Schema):
    number: int
    kind: str
    sha256: str
    label: str
    created_at: datetime.datetime
    author: str | None

    @staticmethod
    def resolve_author(obj):
        return str(obj.created_by) if obj.created_by_id else None


class AgreementVersionDetailOut(AgreementVersionOut):
    content: dict
    codes: dict[str, str]

    @staticmethod
    def resolve_codes(obj):
        """Each focus area's, sub-goal's and commitment's readable code ("2.1") by uid, as the pages number them."""
        return content_codes(obj.content)


def content_codes(content):
    codes = {}
    for i, fa in enumerate(content.get("focus_areas", []), 1):
        codes[fa["uid"]] = f"{i}"
        for j, sg in enumerate(fa.get("sub_goals", []), 1):
            codes[sg["uid"]] = f"{i}.{j}"
            for k, c in enumerate(sg.get("commitments", []), 1):
                codes[c["uid"]] = f"{i}.{j}.{k}"
    return codes


class AgreementCommentOut(Schema):
    id: int
    version: int
    target_kind: str
    target_uid: str
    parent: int | None
    author: str
    body: str
    created_at: datetime.datetime
    resolved: bool

    @staticmethod
    def resolve_version(obj):
        return obj.version.number

    @staticmethod
    def resolve_target_uid(obj):
        return str(obj.target_uid)

    @staticmethod
    def resolve_parent(obj):
        return obj.parent_id

    @staticmethod
    def resolve_author(obj):
        return str(obj.author)

    @staticmethod
    def resolve_resolved(obj):
        return obj.is_resolved


class AgreementCommentIn(Input):
    version: int = Field(ge=1)
    target_kind: CommentTarget
    target_uid: uuid.UUID
    body: str = Field(min_length=1, max_length=MAX_COMMENT, pattern=NO_NUL)
    parent: int | None = Field(None, ge=1, description="the comment replied to (same version and part)")


def _agreement(request, agreement_id, perm):
    """(agreement, error status) — outsiders 404, readers without the right 403."""
    agreement = visible_agreements(request.auth, Agreement.objects.all()).filter(pk=agreement_id).first()
    if agreement is None:
        return None, Status(404, NOT_FOUND)
    if not request.auth.has_perm(perm, agreement):
        return None, Status(403, _forbidden())
    return agreement, None


def _agreement_or_raise(request, agreement_id, perm):
    """The agreement, or a 404 (outsiders) / 403 (readers without the right) problem raised."""
    agreement = visible_agreements(request.auth, Agreement.objects.all()).filter(pk=agreement_id).first()
    if agreement is None:
        raise Http404
    if not request.auth.has_perm(perm, agreement):
        raise ProblemError(403, _("You may not do this."))
    return agreement


@router.get("/{int:agreement_id}/versions/", response=list[AgreementVersionOut])
@paginate(LimitOffsetPagination)
def list_versions(request, agreement_id: int):
    agreement = _agreement_or_raise(request, agreement_id, "agreements.view_versions")
    return agreement.versions.select_related("created_by").defer("content").order_by("number")


@router.get("/{int:agreement_id}/versions/compare", response={200: dict, 403: dict, 404: dict})
def compare_versions(request, agreement_id: int, from_: int = Query(..., alias="from", ge=1), to: int = Query(..., ge=1)):
    """Both version numbers are required (`?from=N&to=M`); a number the agreement has not reached is a 404."""
    agreement, error = _agreement(request, agreement_id, "agreements.view_versions")
    if error:
        return error
    numbers = (from_, to)
    found = {v.number: v for v in agreement.versions.filter(number__in=numbers)}
    if any(n not in found for n in numbers):
        return Status(404, {"detail": _("There is no such version of this agreement.")})
    old, new = found[numbers[0]].verified(), found[numbers[1]].verified()
    result = diffing.diff(old.content, new.content)
    return {"from": old.number, "to": new.number, "from_sha256": old.sha256, "to_sha256": new.sha256,
            "empty": diffing.is_empty(result), "changes": result}


@router.get("/{int:agreement_id}/versions/{int:number}", response={200: AgreementVersionDetailOut, 403: dict, 404: dict})
def get_version(request, agreement_id: int, number: int):
    agreement = visible_agreements(request.auth, Agreement.objects.all()).filter(pk=agreement_id).first()
    version = (
        AgreementVersion.objects.select_related("created_by").filter(agreement=agreement, number=number).first()
        if agreement else None
    )
    if version is None:
        return Status(404, NOT_FOUND)
    version.agreement = agreement
    if not request.auth.has_perm("agreements.view_version", version):
        return Status(403, _forbidden())
    return version.verified()


@router.get("/{int:agreement_id}/comments/", response=list[AgreementCommentOut])
@paginate(LimitOffsetPagination)
def list_comments(request, agreement_id: int, version: int | None = Query(None, ge=1)):
    agreement = _agreement_or_raise(request, agreement_id, "agreements.view_comments")
    qs = Comment.objects.filter(agreement=agreement).select_related("version", "author").order_by("created_at", "pk")
    if version is not None:
        qs = qs.filter(version__number=version)
    return qs


@router.post("/{int:agreement_id}/comments/", response={201: AgreementCommentOut, **PROBLEM_RESPONSES})
def create_comment(request, agreement_id: int, payload: AgreementCommentIn):
    """A comment on a part of a version, or (with `parent`) a reply in its thread. A version, part or parent
    that is not there is a 409 with the reason; a body with nothing but spaces likewise."""
    from bygdevekst.core.guards import Refused

    agreement = _agreement_or_raise(request, agreement_id, "agreements.comment")
    version = agreement.versions.filter(number=payload.version).first()
    if version is None:
        raise Refused([_("There is no such version of this agreement.")])
    parent = None
    if payload.parent is not None:
        parent = Comment.objects.filter(pk=payload.parent, version=version).first()
        if parent is None:
            raise Refused([_("There is no such comment to reply to in this version.")])
    if not payload.body.strip():
        raise Refused([_("Write a comment.")])
    comment = post_comment(version, request.auth, payload.target_kind, payload.target_uid, payload.body.strip(),
                           parent=parent, request=request)
    return Status(201, comment)


def _thread(request, agreement_id, comment_id):
    agreement = _agreement_or_raise(request, agreement_id, "agreements.comment")
    comment = Comment.objects.select_related("version", "author").filter(pk=comment_id, agreement=agreement).first()
    if comment is None:
        raise Http404
    return comment


@router.post("/{int:agreement_id}/comments/{int:comment_id}/resolve",
             response={200: AgreementCommentOut, **PROBLEM_RESPONSES})
def resolve_comment(request, agreement_id: int, comment_id: int):
    """Resolve a thread (its first comment); as the page's button. Already resolved: 409."""
    return set_resolved(_thread(request, agreement_id, comment_id), request.auth, True, request=request)


@router.post("/{int:agreement_id}/comments/{int:comment_id}/reopen",
             response={200: AgreementCommentOut, **PROBLEM_RESPONSES})
def reopen_comment(request, agreement_id: int, comment_id: int):
    """Reopen a resolved thread; as the page's button. Already open: 409."""
    return set_resolved(_thread(request, agreement_id, comment_id), request.auth, False, request=request)

