"""The anchoring matrix for a round: pilots × councils × stage, in a fixed number of queries."""

from django.db.models import Prefetch

from bygdevekst.agreements.enums import CountyRole, VersionKind
from bygdevekst.agreements.models import AgreementVersion
from bygdevekst.organisations.models import Organisation
from bygdevekst.programme.models import Pilot

from ..enums import COUNTY_BODIES, Body
from ..models import AnchoringDecision, AnchoringException


def round_matrix(round_):
    pilots = (
        Pilot.objects.filter(round=round_)
        .select_related("county_council", "agreement")
        .prefetch_related(
            Prefetch("municipalities", queryset=Organisation.objects.order_by("municipality_number")),
            # Only records in force count and are shown (R9); the process page shows the history.
            Prefetch("agreement__anchoring_decisions", queryset=AnchoringDecision.objects.in_force()),
            Prefetch("agreement__anchoring_exceptions", queryset=AnchoringException.objects.in_force()),
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
        sha256 = final.sha256 if final else None
        cells = []
        for org, final_bodies in councils:
            own = [d for d in decisions if d.organisation_id == org.pk]
            # Each cell names the decision that counts: its body and date are always shown (R1).
            cells.append({
                "organisation": org,
                "required": final_bodies != COUNTY_BODIES or agreement.county_role == CountyRole.MAIN_PARTY,
                "proposal": _first(d for d in own if d.approves_proposal and d.anchors_proposal),
                "mandate": _first(d for d in own if d.gives_mandate and d.anchors_proposal),
                "exception": exceptions.get(org.pk),
                "final": _first(d for d in own if d.approves_final(final_bodies, sha256)),
                "rejected": _first(d for d in own if d.rejected),
                "postponed": _first(d for d in own if d.postponed),
                "without_authority": _first(d for d in own if not d.acts_with_authority),
            })
        government = _first(d for d in decisions if d.approves_final((Body.REGJERINGEN,), sha256))
        rows.append({"pilot": pilot, "agreement": agreement, "cells": cells, "government": government, "final": final})
    return rows


def _first(decisions):
    """The latest decision among `decisions` (by meeting date), or None."""
    found = sorted(decisions, key=lambda d: (d.meeting_date, d.pk))
    return found[-1] if found else None
