"""Demo agreements: invented content in the spirit of the letter (housing, skilled labour, business).

Round 1's agreements are approved; round 2's are drafts here (the process app moves them on), each
with two frozen draft versions that differ in text and structure (texts in demo_texts.py).
"""

import datetime

from bygdevekst.audit.log import log_action
from bygdevekst.organisations.enums import Role, WrittenStandard
from bygdevekst.organisations.models import Organisation

from .demo_texts import PILOTS
from .domain.versions import freeze_logged
from .enums import AgreementState, CommitmentKind, CountyRole, PartyRole, VersionKind
from .models import Agreement, AgreementParty, Commitment, FocusArea, Section, SubGoal

COUNTY_ROLES = {
    "Trysil-regionen": CountyRole.MAIN_PARTY,
    "Smøla og Aure": CountyRole.NOT_PARTY,
    "Vest-Telemark": CountyRole.COOPERATION_PARTY,
    "Nord-Troms": CountyRole.MAIN_PARTY,
    "Solund og Fedje": CountyRole.COOPERATION_PARTY,
}

TEXT = {
    WrittenStandard.BOKMAL: {
        "title": "Bygdevekstavtale for {pilot}",
        "purpose": "Avtalen skal styrke samarbeidet mellom staten, kommunene og fylkeskommunen om "
        "**bosetting**, tilgang på kompetent arbeidskraft og et framtidsrettet næringsliv i {pilot}.",
        "goal": "Flere skal velge å bo og arbeide i {pilot}.",
        "areas": [
            ("Bolig", [
                ("Flere boliger for nyetablerte", "Det skal bygges og leies ut flere boliger for unge og tilflyttere."),
            ]),
            ("Kompetanse og arbeidskraft", [
                ("Rekruttering av fagarbeidere", "Kommunene skal lykkes bedre med å rekruttere ansatte med fagbrev."),
                ("Desentralisert utdanning", "Voksne skal kunne ta utdanning uten å flytte."),
            ]),
            ("Næringsutvikling", [
                ("Nye arbeidsplasser", "Flere bedrifter skal etablere seg og vokse i regionen."),
            ]),
        ],
        "commitment": "{org} stiller med en prosjektstilling i 50 prosent i avtaleperioden.",
        "state_commitment": "Staten v/KDD bidrar med veiledning og kunnskapsgrunnlag.",
        "sections": [
            ("Oppfølging", "Partene møtes i et årlig politisk møte for å følge opp avtalen."),
            ("Varighet", "Avtalen gjelder i fire år fra signering."),
            ("Endringer", "Endringer i avtalen gjøres ved nummererte tillegg."),
        ],
    },
    WrittenStandard.NYNORSK: {
        "title": "Bygdevekstavtale for {pilot}",
        "purpose": "Avtalen skal styrkje samarbeidet mellom staten, kommunane og fylkeskommunen om "
        "**busetjing**, tilgang på kompetent arbeidskraft og eit framtidsretta næringsliv i {pilot}.",
        "goal": "Fleire skal velje å bu og arbeide i {pilot}.",
        "areas": [
            ("Bustad", [
                ("Fleire bustader for nyetablerte", "Det skal byggjast og leigast ut fleire bustader for unge og tilflyttarar."),
            ]),
            ("Kompetanse og arbeidskraft", [
                ("Rekruttering av fagarbeidarar", "Kommunane skal lukkast betre med å rekruttere tilsette med fagbrev."),
                ("Desentralisert utdanning", "Vaksne skal kunne ta utdanning utan å flytte."),
            ]),
            ("Næringsutvikling", [
                ("Nye arbeidsplassar", "Fleire bedrifter skal etablere seg og veksa i regionen."),
            ]),
        ],
        "commitment": "{org} stiller med ei prosjektstilling i 50 prosent i avtaleperioden.",
        "state_commitment": "Staten v/KDD bidreg med rettleiing og kunnskapsgrunnlag.",
        "sections": [
            ("Oppfølging", "Partane møtest i eit årleg politisk møte for å følgje opp avtalen."),
            ("Varigheit", "Avtalen gjeld i fire år frå signering."),
            ("Endringar", "Endringar i avtalen blir gjorde ved nummererte tillegg."),
        ],
    },
}


def _standard(pilot):
    ws = pilot.lead_municipality.written_standard
    return WrittenStandard.NYNORSK if ws == WrittenStandard.NYNORSK else WrittenStandard.BOKMAL


def build_agreement(pilot, kdd, county_role, state=AgreementState.DRAFT, period_start=None, structure=True):
    standard = _standard(pilot)
    text = TEXT[standard]
    agreement = Agreement.objects.create(
        pilot=pilot,
        title=text["title"].format(pilot=pilot.name),
        state=state,
        county_role=county_role,
        written_standard=standard,
        period_start=period_start,
        period_end=period_start.replace(year=period_start.year + 4) if period_start else None,
        purpose=text["purpose"].format(pilot=pilot.name),
        overall_goal=text["goal"].format(pilot=pilot.name),
    )
    AgreementParty.objects.create(agreement=agreement, organisation=kdd, role=PartyRole.MAIN_PARTY, position=0)
    municipalities = list(pilot.municipalities.order_by("municipality_number"))
    for i, m in enumerate(municipalities, start=1):
        AgreementParty.objects.create(agreement=agreement, organisation=m, role=PartyRole.MAIN_PARTY, position=i)
    county_party = None
    if county_role != CountyRole.NOT_PARTY:
        county_party = AgreementParty.objects.create(
            agreement=agreement,
            organisation=pilot.county_council,
            role=PartyRole.MAIN_PARTY if county_role == CountyRole.MAIN_PARTY else PartyRole.COOPERATION_PARTY,
            position=len(municipalities) + 1,
        )
    if not structure:
        return agreement
    for fa_pos, (fa_title, sub_goals) in enumerate(text["areas"]):
        fa = FocusArea.objects.create(agreement=agreement, title=fa_title, position=fa_pos)
        for sg_pos, (sg_title, sg_text) in enumerate(sub_goals):
            sg = SubGoal.objects.create(focus_area=fa, title=sg_title, description=sg_text, position=sg_pos)
            lead = pilot.lead_municipality
            Commitment.objects.create(
                sub_goal=sg, party=lead, kind=CommitmentKind.PERSONNEL,
                text=text["commitment"].format(org=lead.name), position=0,
            )
            Commitment.objects.create(
                sub_goal=sg, party=kdd, kind=CommitmentKind.PROCESS, text=text["state_commitment"], position=1
            )
            if county_party is not None and fa_pos == 1:
                Commitment.objects.create(
                    sub_goal=sg, party=pilot.county_council, kind=CommitmentKind.PERSONNEL,
                    text=text["commitment"].format(org=pilot.county_council.name), position=2,
                )
                if county_role == CountyRole.COOPERATION_PARTY:
                    county_party.sub_goals.add(sg)
    for pos, (title, body) in enumerate(text["sections"]):
        Section.objects.create(agreement=agreement, title=title, body=body, position=pos)
    return agreement


# Commitment codes of state agencies that join an agreement as a cooperation party under the sub-goal.
COOPERATION_PARTIES = {"husbanken": {"kind": "state_agency", "name": "Husbanken"}}


def _party(code, pilot, kdd):
    if code in COOPERATION_PARTIES:
        return Organisation.objects.get(**COOPERATION_PARTIES[code])
    if code == "kdd":
        return kdd
    if code == "lead":
        return pilot.lead_municipality
    if code == "county":
        return pilot.county_council
    return Organisation.objects.get(municipality_number=code)


def _add_commitment(sg, spec, pilot, kdd, county_party):
    code, kind, text, amount = spec
    party = _party(code, pilot, kdd)
    position = sg.commitments.count()
    Commitment.objects.create(sub_goal=sg, party=party, kind=kind, text=text, amount_nok=amount, position=position)
    if code == "county" and county_party is not None and county_party.role == PartyRole.COOPERATION_PARTY:
        county_party.sub_goals.add(sg)
    if code in COOPERATION_PARTIES:
        agreement = sg.focus_area.agreement
        cooperation, _created = AgreementParty.objects.get_or_create(
            agreement=agreement, organisation=party,
            defaults={"role": PartyRole.COOPERATION_PARTY, "position": agreement.parties.count()},
        )
        cooperation.sub_goals.add(sg)


def _add_sub_goal(fa, title, description, commitments, pilot, kdd, county_party):
    sg = SubGoal.objects.create(focus_area=fa, title=title, description=description, position=fa.sub_goals.count())
    for spec in commitments:
        _add_commitment(sg, spec, pilot, kdd, county_party)
    return sg


def build_round2_agreement(pilot, kdd, county_role, spec):
    """The first draft from demo_texts: parties, focus areas → sub-goals → commitments, sections."""
    agreement = build_agreement(pilot, kdd, county_role, period_start=datetime.date(2025, 7, 1), structure=False)
    agreement.purpose, agreement.overall_goal = spec["purpose"], spec["goal"]
    agreement.save(update_fields=["purpose", "overall_goal"])
    county_party = agreement.parties.filter(organisation=pilot.county_council).first()
    for fa_pos, (title, description, sub_goals) in enumerate(spec["areas"]):
        fa = FocusArea.objects.create(agreement=agreement, title=title, description=description, position=fa_pos)
        for sg_title, sg_text, commitments in sub_goals:
            _add_sub_goal(fa, sg_title, sg_text, commitments, pilot, kdd, county_party)
    for pos, (title, body) in enumerate(spec["sections"]):
        Section.objects.create(agreement=agreement, title=title, body=body, position=pos)
    return agreement


def _areas(agreement):
    return list(agreement.focus_areas.order_by("position", "pk"))


def _sub_goal(agreement, fa_i, sg_i):
    return list(_areas(agreement)[fa_i].sub_goals.order_by("position", "pk"))[sg_i]


def revise(agreement, pilot, kdd, revision):
    """The demo's second draft: real edits of text and structure (the uids stay)."""
    county_party = agreement.parties.filter(organisation=pilot.county_council).first()
    for field, key in (("purpose", "purpose"), ("overall_goal", "goal")):
        if key in revision:
            setattr(agreement, field, revision[key])
    for (fa_i, sg_i, c_i), text in revision.get("change_commitment", []):
        c = list(_sub_goal(agreement, fa_i, sg_i).commitments.order_by("position", "pk"))[c_i]
        c.text = text
        c.save()
    for (fa_i, sg_i), spec in revision.get("add_commitment", []):
        _add_commitment(_sub_goal(agreement, fa_i, sg_i), spec, pilot, kdd, county_party)
    for fa_i, title, description, commitments in revision.get("add_sub_goal", []):
        _add_sub_goal(_areas(agreement)[fa_i], title, description, commitments, pilot, kdd, county_party)
    for (fa_i, sg_i), title in revision.get("retitle", []):
        sg = _sub_goal(agreement, fa_i, sg_i)
        sg.title = title
        sg.save()
    for fa_i, sg_a, sg_b in revision.get("swap_sub_goals", []):
        a, b = _sub_goal(agreement, fa_i, sg_a), _sub_goal(agreement, fa_i, sg_b)
        a.position, b.position = b.position, a.position
        a.save()
        b.save()
    for from_fa, sg_i, to_fa in revision.get("move_sub_goal", []):
        sg = _sub_goal(agreement, from_fa, sg_i)
        target = _areas(agreement)[to_fa]
        sg.focus_area, sg.position = target, target.sub_goals.count()
        sg.save()
    for index in sorted(revision.get("remove_section", []), reverse=True):
        list(agreement.sections.order_by("position", "pk"))[index].delete()
    for title, body in revision.get("add_section", []):
        Section.objects.create(agreement=agreement, title=title, body=body, position=agreement.sections.count() + 1)
    agreement.lock_version += 1
    agreement.save()


def load(ctx):
    """Idempotent: pilots that already have an agreement are left alone."""
    kdd = ctx["kdd"]
    agreements = {a.pilot.name: a for a in Agreement.objects.select_related("pilot")}
    for name, pilot in ctx["round1_pilots"].items():
        if name in agreements:
            continue
        agreement = build_agreement(
            pilot, kdd, CountyRole.COOPERATION_PARTY, state=AgreementState.APPROVED,
            period_start=datetime.date(2023, 7, 1),
        )
        log_action("agreement.created", actor=ctx["users"]["kdd"], obj=agreement,
                   data={"pilot": pilot.name, "note": "round 1, loaded as approved"})
        freeze_logged(agreement, VersionKind.FINAL, ctx["users"]["kdd"], label="Endelig avtale")
        agreements[name] = agreement
    for name, pilot in ctx["round2_pilots"].items():
        if name in agreements:
            continue
        spec = PILOTS[name]
        agreement = build_round2_agreement(pilot, kdd, COUNTY_ROLES[name], spec)
        manager = next(u for u in ctx["users"].values()
                       if u.memberships.filter(pilot=pilot, role=Role.PROJECT_MANAGER).exists())
        log_action("agreement.created", actor=manager, obj=agreement, data={"pilot": pilot.name})
        first = "Fyrste utkast" if agreement.written_standard == WrittenStandard.NYNORSK else "Første utkast"
        freeze_logged(agreement, VersionKind.DRAFT_SNAPSHOT, manager, label=first)
        revise(agreement, pilot, kdd, spec["revision"])
        log_action("agreement.edited", actor=manager, obj=agreement,
                   data={"demo": "revision", "label": spec["revision"]["label"]})
        freeze_logged(agreement, VersionKind.DRAFT_SNAPSHOT, manager, label=spec["revision"]["label"])
        agreements[name] = agreement
    ctx["agreements"] = agreements
