"""The approved agreements of a round, as their final agreed text: JSON items and CSV rows.

Fields are copied one by one from the frozen final version (never the living draft), so nothing
that a later snapshot schema might add — and no person — reaches the open data by accident.
"""

from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse

from bygdevekst.access.visibility import PUBLIC_STATES
from bygdevekst.agreements.enums import VersionKind
from bygdevekst.agreements.models import Agreement, AgreementVersion

CSV_FIELDS = [
    "round", "pilot", "agreement_id", "agreement_title", "version", "version_sha256", "approved_at",
    "focus_area", "sub_goal_uid", "sub_goal", "commitment_uid", "party", "party_org_number",
    "commitment_kind", "amount_nok", "text",
]


def approved_agreements(round_number):
    finals = AgreementVersion.objects.filter(kind=VersionKind.FINAL).order_by("-number")
    return (
        Agreement.objects.filter(pilot__round__number=round_number, state__in=PUBLIC_STATES)
        .select_related("pilot__round")
        .prefetch_related(Prefetch("versions", queryset=finals, to_attr="finals"))
        .order_by("pilot__name", "pk")
    )


def _org(org):
    org = org or {}
    return {"name": org.get("name", ""), "org_number": org.get("org_number", ""), "kind": org.get("kind", "")}


def _version_url(request, agreement, version):
    try:
        path = reverse("agreements:version", args=[agreement.pk, version.number])
    except NoReverseMatch:
        path = agreement.get_absolute_url()
    return request.build_absolute_uri(path)


def agreement_item(request, agreement):
    final = agreement.finals[0].verified() if agreement.finals else None
    content = final.content if final else {}
    return {
        "agreement_id": agreement.pk,
        "pilot_id": agreement.pilot_id,
        "pilot": agreement.pilot.name,
        "round": agreement.pilot.round.number,
        "title": content.get("title", agreement.title),
        "state": agreement.state,
        "county_role": content.get("county_role", agreement.county_role),
        "written_standard": content.get("written_standard", agreement.written_standard),
        "period_start": content.get("period_start"),
        "period_end": content.get("period_end"),
        "approved_at": agreement.approved_at.isoformat() if agreement.approved_at else None,
        "version": {
            "number": final.number, "sha256": final.sha256, "frozen_at": final.created_at.isoformat(),
            "url": _version_url(request, agreement, final),
        } if final else None,
        "purpose": content.get("purpose", ""),
        "overall_goal": content.get("overall_goal", ""),
        "parties": [{**_org(p.get("organisation")), "role": p.get("role", "")} for p in content.get("parties", [])],
        "focus_areas": [
            {
                "uid": fa.get("uid"), "title": fa.get("title", ""), "description": fa.get("description", ""),
                "sub_goals": [
                    {
                        "uid": sg.get("uid"), "title": sg.get("title", ""), "description": sg.get("description", ""),
                        "commitments": [
                            {
                                "uid": c.get("uid"), "party": _org(c.get("party"))["name"],
                                "party_org_number": _org(c.get("party"))["org_number"],
                                "kind": c.get("kind", ""), "amount_nok": c.get("amount_nok"), "text": c.get("text", ""),
                            }
                            for c in sg.get("commitments", [])
                        ],
                    }
                    for sg in fa.get("sub_goals", [])
                ],
            }
            for fa in content.get("focus_areas", [])
        ],
        "sections": [
            {"uid": s.get("uid"), "title": s.get("title", ""), "body": s.get("body", "")}
            for s in content.get("sections", [])
        ],
    }


def agreement_items(request, round_number):
    return [agreement_item(request, a) for a in approved_agreements(round_number)]


def csv_rows(items):
    for item in items:
        version = item["version"] or {}
        base = {
            "round": item["round"], "pilot": item["pilot"], "agreement_id": item["agreement_id"],
            "agreement_title": item["title"], "version": version.get("number", ""),
            "version_sha256": version.get("sha256", ""), "approved_at": item["approved_at"] or "",
        }
        for fa in item["focus_areas"]:
            for sg in fa["sub_goals"]:
                for c in sg["commitments"]:
                    yield {
                        **base, "focus_area": fa["title"], "sub_goal_uid": sg["uid"], "sub_goal": sg["title"],
                        "commitment_uid": c["uid"], "party": c["party"], "party_org_number": c["party_org_number"],
                        "commitment_kind": c["kind"], "amount_nok": "" if c["amount_nok"] is None else c["amount_nok"],
                        "text": c["text"],
                    }
