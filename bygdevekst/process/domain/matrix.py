"""The anchoring matrix for a round: pilots × councils × stage, in a fixed number of queries."""

from django.db.models import Prefetch

from bygdevekst.agreements.enums import CountyRole, VersionKind
from bygdevekst.agreements.models import AgreementVersion
from bygdevekst.organisations.models import Organisation
from bygdevekst.programme.models import Pilot

from ..enums import COUNTY_BODIES, Body
from ..models import AnchoringDecision


def round_matrix(round_):
    pilots = (
        Pilot.objects.filter(round=round_)
        .select_related("county_council", "agreement")
        .prefetch_related(
            Prefetch("municipalities", queryset=Organisation.objects.order_by("municipality_number")),
            Prefetch("agreement__anchoring_decisions", queryset=AnchoringDecision.objects.all()),
            Prefetch("agreement__anchoring_exceptions"),
            Prefetch("agreement__versions", queryset=AgreementVersion.objects.filter(kind=VersionKind.FINAL).only(
                "id", "agreement_id", "number", "sha256", "kind")),
        )
        .order_by("name")
    )
    rows = []
    for pilot in pilots:
        agreement = getattr(pilot, "agreement", None)
        councils = [(m, (Body.KOMMUNESTYRE,)) for m in pilot.municipalities.all()]
        if agreement is not None and agreement.county_role != CountyRole.NOT_PARTY:
            councils.append((pilot.county_council, COUNTY_BODIES))
        decisions = list(agreement.anchoring_decisions.all()) if agreement else []
        exceptions = {e.organisation_id: e for e in agreement.anchoring_exceptions.all()} if agreement else {}
        finals = sorted(agreement.versions.all(), key=lambda v: v.number) if agreement else []
        final = finals[-1] if finals else None
        cells = []
        for org, final_bodies in councils:
            own = [d for d in decisions if d.organisation_id == org.pk]
            cells.append({
                "organisation": org,
                "required": final_bodies != COUNTY_BODIES or agreement.county_role == CountyRole.MAIN_PARTY,
                "proposal": any(d.approves_proposal and not d.rejected for d in own),
                "mandate": any(d.gives_mandate and not d.rejected for d in own),
                "exception": exceptions.get(org.pk),
                "final": final is not None and any(
                    d.final_approval and d.body in final_bodies and d.version_sha256 == final.sha256 for d in own
                ),
                "rejected": any(d.rejected for d in own),
                "postponed": any(d.postponed for d in own),
            })
        government = final is not None and any(
            d.body == Body.REGJERINGEN and d.final_approval and d.version_sha256 == final.sha256 for d in decisions
        )
        rows.append({"pilot": pilot, "agreement": agreement, "cells": cells, "government": government, "final": final})
    return rows
