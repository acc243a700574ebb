"""Canonical content of an agreement and freezing it as a version.

The snapshot is plain JSON with sorted keys, ids as the stable uids, and organisation names copied
in, so a version reads the same in ten years whatever happens to the register.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from bygdevekst.core.integrity import canonical_json, content_hash  # noqa: F401  (re-exported)

from ..models import Agreement, AgreementParty, AgreementVersion, FocusArea, SubGoal


def _org(org):
    return {
        "id": org.pk,
        "name": org.name,
        "kind": org.kind,
        "org_number": org.org_number,
    }


def snapshot(agreement):
    """The agreement's current content as a canonical dict. Queries do not grow with the content."""
    focus_areas = (
        FocusArea.objects.filter(agreement=agreement)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch(
                "sub_goals",
                queryset=SubGoal.objects.order_by("position", "pk").prefetch_related("commitments__party"),
            )
        )
    )
    parties = (
        AgreementParty.objects.filter(agreement=agreement)
        .select_related("organisation")
        .prefetch_related("sub_goals")
        .order_by("role", "position", "pk")
    )
    return {
        "schema": 1,
        "title": agreement.title,
        "written_standard": agreement.written_standard,
        "county_role": agreement.county_role,
        "period_start": agreement.period_start.isoformat() if agreement.period_start else None,
        "period_end": agreement.period_end.isoformat() if agreement.period_end else None,
        "purpose": agreement.purpose,
        "overall_goal": agreement.overall_goal,
        "parties": [
            {
                "organisation": _org(p.organisation),
                "role": p.role,
                "sub_goals": sorted(str(sg.uid) for sg in p.sub_goals.all()),
            }
            for p in parties
        ],
        "focus_areas": [
            {
                "uid": str(fa.uid),
                "title": fa.title,
                "description": fa.description,
                "sub_goals": [
                    {
                        "uid": str(sg.uid),
                        "title": sg.title,
                        "description": sg.description,
                        "commitments": [
                            {
                                "uid": str(c.uid),
                                "party": _org(c.party),
                                "kind": c.kind,
                                "text": c.text,
                                "amount_nok": c.amount_nok,
                            }
                            for c in sorted(sg.commitments.all(), key=lambda c: (c.position, c.pk))
                        ],
                    }
                    for sg in fa.sub_goals.all()
                ],
            }
            for fa in focus_areas
        ],
        "sections": [
            {"uid": str(s.uid), "title": s.title, "body": s.body}
            for s in agreement.sections.order_by("position", "pk")
        ],
    }


def freeze_version(agreement, kind, user, label="", at=None):
    """Freeze the agreement's current content as the next numbered, immutable version; `at` for a step
    recorded after the fact, so that later dates can be checked against it."""
    with transaction.atomic():
        # Lock the agreement row so two freezes cannot take the same number.
        Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
        content = snapshot(agreement)
        number = (agreement.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        version = AgreementVersion.objects.create(
            agreement=agreement,
            number=number,
            kind=kind,
            label=label,
            content=content,
            sha256=content_hash(content),
            created_by=user if user is not None and user.is_authenticated else None,
            created_at=at or timezone.now(),
        )
        if settings.RENDER_VERSION_DOCUMENTS_ON_FREEZE:
            transaction.on_commit(lambda: _render_document_later(version.pk))
        return version


def _render_document_later(version_id):
    from ..tasks import render_version_document

    render_version_document.enqueue(version_id)
