"""The approved agreements of a round, as their final agreed text: JSON items and CSV rows.

Fields are copied one by one from the frozen final version (never the living draft), so nothing
that a later snapshot schema might add — and no person — reaches the open data by accident.
"""

from django.urls import NoReverseMatch, reverse

from bygdevekst.access.visibility import PUBLIC_STATES
from bygdevekst.agreements.enums import VersionKind
from bygdevekst.agreements.models import Agreement, AgreementVersion

CSV_FIELDS = [
    "round",
    "pilot",
    "agreement_id",
    "agreement_title",
    "version",
    "version_sha256",
    "approved_at",
    "focus_area",
    "sub_goal_uid",
    "sub_goal",
    "commitment_uid",
    "party",
    "party_org_number",
    "commitment_kind",
    "amount_nok",
    "text",
]


def approved_agreements(round_number):
    return (
        Agreement.objects.filter(pilot__round__number=round_number, state__in=PUBLIC_STATES)
        .select_related("pilot__round")
        .order_by("pilot__name", "pk")
    )


def final_versions(agreements):
    """{agreement id: [its final versions, newest first]}, without their texts: one query, numbers and hashes."""
    finals = {}
    versions = (
        AgreementVersion.objects.filter(agreement__in=agreements, kind=VersionKind.FINAL)
        .only("pk", "agreement_id", "number", "sha256", "created_at")
        .order_by("agreement_id", "-number")
    )
    for version in versions:
        finals.setdefault(version.agreement_id, []).append(version)
    return finals


def _texts(ids):
    """The versions with these ids, with their texts, one at a time (one query, read in chunks)."""
    return (
        AgreementVersion.objects.filter(pk__in=ids)
        .order_by("agreement__pilot__name", "agreement_id")
        .iterator(chunk_size=20)
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


def version_file_url(request, agreement, number):
    return request.build_absolute_uri(
        reverse("opendata:agreement_version", args=[agreement.pilot.round.number, agreement.pk, number])
    )


def _version_ref(request, agreement, version):
    return {
        "number": version.number,
        "sha256": version.sha256,
        "frozen_at": version.created_at.isoformat(),
        "url": _version_url(request, agreement, version),
        "file": version_file_url(request, agreement, version.number),
    }


def agreement_item(request, agreement, final, finals=()):
    """One agreement as the text of `final` (a verified final version, or None): the current final text in
    agreements.json, any final version in its own file. `finals` lists every final version's number and hash."""
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
        "version": _version_ref(request, agreement, final) if final else None,
        "versions": [_version_ref(request, agreement, v) for v in finals],
        "purpose": content.get("purpose", ""),
        "overall_goal": content.get("overall_goal", ""),
        "parties": [{**_org(p.get("organisation")), "role": p.get("role", "")} for p in content.get("parties", [])],
        "focus_areas": [
            {
                "uid": fa.get("uid"),
                "title": fa.get("title", ""),
                "description": fa.get("description", ""),
                "sub_goals": [
                    {
                        "uid": sg.get("uid"),
                        "title": sg.get("title", ""),
                        "description": sg.get("description", ""),
                        "commitments": [
                            {
                                "uid": c.get("uid"),
                                "party": _org(c.get("party"))["name"],
                                "party_org_number": _org(c.get("party"))["org_number"],
                                "kind": c.get("kind", ""),
                                "amount_nok": c.get("amount_nok"),
                                "text": c.get("text", ""),
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
    """Each approved agreement of the round with its current final text, one at a time: the texts are read in
    chunks as the answer is written, never all at once."""
    agreements = list(approved_agreements(round_number))
    finals = final_versions(agreements)
    texts = _texts([finals[a.pk][0].pk for a in agreements if a.pk in finals])
    for agreement in agreements:
        final = next(texts).verified() if agreement.pk in finals else None
        yield agreement_item(request, agreement, final, finals.get(agreement.pk, []))


def version_item(request, round_number, agreement_id, number):
    """One final version of an approved agreement of the round, or None."""
    agreement = approved_agreements(round_number).filter(pk=agreement_id).first()
    if agreement is None:
        return None
    version = AgreementVersion.objects.filter(agreement=agreement, kind=VersionKind.FINAL, number=number).first()
    if version is None:
        return None
    return agreement_item(request, agreement, version.verified(), final_versions([agreement]).get(agreement.pk, []))


def csv_rows(items):
    for item in items:
        version = item["version"] or {}
        base = {
            "round": item["round"],
            "pilot": item["pilot"],
            "agreement_id": item["agreement_id"],
            "agreement_title": item["title"],
            "version": version.get("number", ""),
            "version_sha256": version.get("sha256", ""),
            "approved_at": item["approved_at"] or "",
        }
        for fa in item["focus_areas"]:
            for sg in fa["sub_goals"]:
                for c in sg["commitments"]:
                    yield {
                        **base,
                        "focus_area": fa["title"],
                        "sub_goal_uid": sg["uid"],
                        "sub_goal": sg["title"],
                        "commitment_uid": c["uid"],
                        "party": c["party"],
                        "party_org_number": c["party_org_number"],
                        "commitment_kind": c["kind"],
                        "amount_nok": "" if c["amount_nok"] is None else c["amount_nok"],
                        "text": c["text"],
                    }
