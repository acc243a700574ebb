"""API for versions and comments: read-only versions, comparison, comments.

A version's address declares GET only, so PUT, PATCH and DELETE answer 405 with `Allow: GET` (R5):
declaring write operations just to refuse them would advertise methods the resource does not have.
"""

import datetime
import logging

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from bygdevekst.access.visibility import visible_agreements

from .domain import diff as diffing
from .domain.comments import post_comment
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


class AgreementCommentIn(Schema):
    version: int
    target_kind: CommentTarget
    target_uid: str
    body: str
    parent: int | None = None


def _agreement(request, agreement_id, perm):
    """(agreement, error status) — outsiders 404, readers without the right 403."""
    agreement = visible_agreements(request.auth, Agreement.objects.all()).filter(pk=agreement_id).first()
    if agreement is None:
        return None, Status(404, NOT_FOUND)
    if not request.auth.has_perm(perm, agreement):
        return None, Status(403, _forbidden())
    return agreement, None


@router.get("/{int:agreement_id}/versions/", response={200: list[AgreementVersionOut], 403: dict, 404: dict})
def list_versions(request, agreement_id: int):
    agreement, error = _agreement(request, agreement_id, "agreements.view_versions")
    if error:
        return error
    return list(agreement.versions.select_related("created_by").order_by("number"))


@router.get("/{int:agreement_id}/versions/compare", response={200: dict, 400: dict, 403: dict, 404: dict})
def compare_versions(request, agreement_id: int, from_: int | None = Query(None, alias="from"), to: int | None = None):
    agreement, error = _agreement(request, agreement_id, "agreements.view_versions")
    if error:
        return error
    if from_ is None or to is None:
        return Status(400, {"detail": _("Give two version numbers: ?from=N&to=M")})
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


@router.get("/{int:agreement_id}/comments/", response={200: list[AgreementCommentOut], 403: dict, 404: dict})
def list_comments(request, agreement_id: int, version: int | None = None):
    agreement, error = _agreement(request, agreement_id, "agreements.view_comments")
    if error:
        return error
    qs = Comment.objects.filter(agreement=agreement).select_related("version", "author").order_by("created_at", "pk")
    if version is not None:
        qs = qs.filter(version__number=version)
    return list(qs)


@router.post("/{int:agreement_id}/comments/", response={201: AgreementCommentOut, 400: dict, 403: dict, 404: dict})
def create_comment(request, agreement_id: int, payload: AgreementCommentIn):
    agreement, error = _agreement(request, agreement_id, "agreements.comment")
    if error:
        return error
    version = agreement.versions.filter(number=payload.version).first()
    if version is None:
        return Status(404, {"detail": _("There is no such version of this agreement.")})
    parent = None
    if payload.parent is not None:
        parent = Comment.objects.filter(pk=payload.parent, version=version).first()
        if parent is None:
            return Status(400, {"detail": _("There is no such comment to reply to in this version.")})
    if not payload.body.strip():
        return Status(400, {"detail": _("Write a comment.")})
    try:
        comment = post_comment(version, request.auth, payload.target_kind, payload.target_uid, payload.body.strip(),
                               parent=parent, request=request)
    except ValueError:  # a target uid that is no uid: Python's own text stays in the log
        logger.info("comment refused: target %r is not a uid", payload.target_uid, exc_info=True)
        return Status(400, {"detail": _("That part of the agreement is not in this version.")})
    return Status(201, comment)

