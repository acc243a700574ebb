"""Round 2 at different stages (runs after the agreements' demo):

- Trysil-regionen: draft; Våler kommune (3419) has no anchoring decision yet, the others have.
- Smøla og Aure: submitted late (after 29 Nov 2024).
- Vest-Telemark: in dialogue, with a response written by kdd and approved by kdd2, and a dialogue meeting.
- Nord-Troms: approved by every council, Troms fylkeskommune (fylkesting) and the government on the same
  final version, and signed.
- Solund og Fedje: submitted on time.
"""

import datetime
import zoneinfo

from django.core.files.base import ContentFile

from bygdevekst.core.shown import content_hash
from bygdevekst.correspondence.domain.pdf import render_text_pdf
from bygdevekst.meetings.domain.meetings import create_meeting, record_outcomes
from bygdevekst.meetings.models import ItemOutcome

from .domain.anchoring import record_decision
from .domain.partners import confirm_commitments
from .domain.response import (
    approve_response,
    proposal_version,
    publish_response,
    response_content,
    save_response,
    targets,
)
from .domain.signing import record_signing
from .domain.transitions import transition
from .enums import Action, Body, Disposition
from .models import AnchoringDecision

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def _at(y, m, d, hour=12):
    return datetime.datetime(y, m, d, hour, tzinfo=OSLO)


def _anchor(agreement, user, day, skip=(), county_body=Body.FYLKESTING, county=False):
    pilot = agreement.pilot
    for i, m in enumerate(pilot.municipalities.order_by("municipality_number")):
        if m.municipality_number in skip:
            continue
        record_decision(
            agreement, user, organisation=m, body=Body.KOMMUNESTYRE, approves_proposal=True, gives_mandate=True,
            mandate_to=Body.ORDFORER,
            meeting_date=day - datetime.timedelta(days=i), case_number=f"PS {40 + i}/24",
            decision_text=f"{m.name} kommunestyre slutter seg til forslaget til bygdevekstavtale og gir ordføreren "
            "fullmakt til å føre dialogen med departementet om endelig ordlyd.",
        )
    if county:
        record_decision(
            agreement, user, organisation=pilot.county_council, body=county_body, approves_proposal=True,
            meeting_date=day, case_number="PS 112/24",
            decision_text=f"{pilot.county_council.name} slutter seg til avtaleforslaget som hovedpart.",
        )


def _respond(agreement, kdd, kdd2, at, dialogue_items=2):
    version = proposal_version(agreement)
    items = []
    for i, t in enumerate(x for x in targets(version) if x["kind"] == "sub_goal"):
        if i < dialogue_items:
            items.append((t["uid"], t["title"], Disposition.NEEDS_DIALOGUE,
                          "Departementet ønsker å drøfte ambisjonsnivået og hvem som gjør hva."))
        else:
            items.append((t["uid"], t["title"], Disposition.AGREED, "Departementet slutter seg til delmålet."))
    response = save_response(
        agreement, kdd,
        "Departementet takker for et godt gjennomarbeidet forslag. Under følger departementets respons "
        "per delmål; punktene som trenger dialog, tas opp i dialogmøtet.",
        items,
    )
    approve_response(response, kdd2, shown_sha256=content_hash(response_content(response)))
    publish_response(response, kdd2, at=at)
    return response


def _dialogue(agreement, kdd, at, date, outcomes=False):
    transition(agreement, Action.OPEN_DIALOGUE, kdd, at=at)
    meeting = create_meeting(
        kdd, {"kind": "dialogue", "title": f"Dialogmøte – {agreement.pilot.name}", "date": date,
              "start_time": datetime.time(10, 0), "end_time": datetime.time(14, 0),
              "place": "KDD, Akersgata 59, Oslo", "video_url": "https://meet.example/kdd-dialogmote"},
        agreement=agreement, invite=False,
    )
    if outcomes:
        record_outcomes(meeting, kdd, {item: (ItemOutcome.AGREED, "Enighet om justert ordlyd.")
                                       for item in meeting.items.all()})
    return meeting


def load(ctx):
    if AnchoringDecision.objects.exists():
        return
    users, agreements = ctx["users"], ctx["agreements"]
    kdd, kdd2 = users["kdd"], users["kdd2"]

    # Trysil-regionen: draft, Våler missing.
    trysil = agreements["Trysil-regionen"]
    _anchor(trysil, users["trysil"], datetime.date(2024, 11, 21), skip=("3419",), county=True)
    confirm_commitments(trysil, trysil.pilot.lead_municipality, True, "", users["trysil"])
    confirm_commitments(trysil, trysil.pilot.county_council, True, "Behandlet i fylkesutvalget.", users["innlandet"])

    # Solund og Fedje: submitted on time.
    solund = agreements["Solund og Fedje"]
    _anchor(solund, users["solund"], datetime.date(2024, 11, 20))
    transition(solund, Action.SUBMIT, users["solund"], at=_at(2024, 11, 28))

    # Smøla og Aure: submitted late.
    smola = agreements["Smøla og Aure"]
    _anchor(smola, users["smola"], datetime.date(2024, 12, 3))
    transition(smola, Action.SUBMIT, users["smola"], at=_at(2024, 12, 6))

    # Vest-Telemark: in dialogue.
    vt = agreements["Vest-Telemark"]
    _anchor(vt, users["vinje"], datetime.date(2024, 11, 19))
    transition(vt, Action.SUBMIT, users["vinje"], at=_at(2024, 11, 27))
    _respond(vt, kdd, kdd2, _at(2025, 1, 15))
    _dialogue(vt, kdd, _at(2025, 1, 20), datetime.date(2025, 1, 28))

    # Nord-Troms: the whole way, approved and signed.
    nt = agreements["Nord-Troms"]
    _anchor(nt, users["kafjord"], datetime.date(2024, 11, 14), county=True)
    transition(nt, Action.SUBMIT, users["kafjord"], at=_at(2024, 11, 25))
    _respond(nt, kdd, kdd2, _at(2025, 1, 10), dialogue_items=1)
    _dialogue(nt, kdd, _at(2025, 1, 13), datetime.date(2025, 1, 22), outcomes=True)
    transition(nt, Action.AGREE, kdd, at=_at(2025, 2, 3))
    transition(nt, Action.OPEN_APPROVAL, kdd, at=_at(2025, 2, 4))
    for i, m in enumerate(nt.pilot.municipalities.order_by("municipality_number")):
        record_decision(nt, users["kafjord"], organisation=m, body=Body.KOMMUNESTYRE, final_approval=True,
                        meeting_date=datetime.date(2025, 3, 13 + i), case_number=f"PS {12 + i}/25",
                        decision_text=f"{m.name} kommunestyre godkjenner bygdevekstavtalen for Nord-Troms.")
    record_decision(nt, users["kafjord"], organisation=nt.pilot.county_council, body=Body.FYLKESTING,
                    final_approval=True, meeting_date=datetime.date(2025, 3, 26), case_number="PS 31/25",
                    decision_text="Fylkestinget godkjenner bygdevekstavtalen for Nord-Troms.")
    record_decision(nt, kdd, organisation=ctx["kdd"], body=Body.REGJERINGEN, final_approval=True,
                    meeting_date=datetime.date(2025, 4, 4), case_number="",
                    decision_text="Regjeringen godkjenner bygdevekstavtalen for Nord-Troms.")
    transition(nt, Action.APPROVE, kdd, at=_at(2025, 4, 7))
    record_signing(nt, datetime.date(2025, 5, 6), [
        (party.organisation, f"Signatar for {party.organisation.name}",
         "statsråd" if party.organisation_id == ctx["kdd"].pk else "ordfører")
        for party in nt.parties.filter(role="main_party").select_related("organisation")
    ], kdd, signed_copy=ContentFile(
        render_text_pdf("Signert bygdevekstavtale – Nord-Troms", [("p", "Signert 6. mai 2025.")], sender=ctx["kdd"]),
        name="signert.pdf"))
