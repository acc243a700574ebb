import datetime

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema, Status
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination

from bygdevekst.access.visibility import visible_agreements
from bygdevekst.programme.enums import MilestoneKind, MilestoneNature
from bygdevekst.programme.models import Milestone
from bygdevekst.programme.status import submission_is_late, submitted_after

from .api_draft import router as draft_router
from .api_versions import router as versions_router
from .enums import AgreementState
from .models import Agreement, AgreementParty

router = Router(tags=["agreements"])
router.add_router("", versions_router)
router.add_router("", draft_router)


class OrgRef(Schema):
    id: int
    name: str


class AgreementPartyOut(Schema):
    organisation: OrgRef
    role: str
    sub_goals: list[str]

    @staticmethod
    def resolve_sub_goals(obj):
        uids = getattr(obj, "sub_goal_uids", None)  # set by with_sub_goal_uids, in one query
        return uids if uids is not None else [str(sg.uid) for sg in obj.sub_goals.all()]


class AgreementOut(Schema):
    id: int
    pilot: int
    round: int
    title: str
    state: str
    county_role: str
    written_standard: str
    period_start: datetime.date | None
    period_end: datetime.date | None
    submitted_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    parties: list[AgreementPartyOut]
    late: bool = Field(description="submitted after the round's proposal deadline (R7: only a deadline makes it late)")

    @staticmethod
    def resolve_late(obj):
        return submission_is_late(obj)

    @staticmethod
    def resolve_pilot(obj):
        return obj.pilot_id

    @staticmethod
    def resolve_round(obj):
        return obj.pilot.round.number

    @staticmethod
    def resolve_parties(obj):
        return list(obj.parties.all())


def _agreements(user):
    # Only the columns the answer shows: a list of 50 agreements builds some 300 parties, their organisations and
    # sub-goals as objects, so no long text (purpose, descriptions, addresses) is read for them.
    parties = AgreementParty.objects.select_related("organisation").only(
        "agreement_id", "role", "position", "organisation__id", "organisation__name")
    deadlines = Milestone.objects.filter(kind=MilestoneKind.PROPOSAL, nature=MilestoneNature.DEADLINE)
    return visible_agreements(
        user,
        Agreement.objects.select_related("pilot__round").defer("purpose", "overall_goal").prefetch_related(
            Prefetch("parties", queryset=parties),
            # submission_is_late reads only the round's proposal deadline.
            Prefetch("pilot__round__milestones", queryset=deadlines),
        ),
    )


def _sub_goal_uids(agreement_ids):
    """Each party's sub-goal uids, in the sub-goals' order, from one query over the link table: a prefetch
    would build a related manager and a query set per party (some 250 on a page of 50)."""
    link = AgreementParty.sub_goals.through
    rows = (link.objects.filter(agreementparty__agreement__in=agreement_ids)
            .order_by("subgoal__focus_area__position", "subgoal__position", "subgoal__pk")
            .values_list("agreementparty_id", "subgoal__uid"))
    uids = {}
    for party_id, uid in rows:
        uids.setdefault(party_id, []).append(str(uid))
    return uids


def with_sub_goal_uids(agreements):
    uids = _sub_goal_uids([a.pk for a in agreements])
    for agreement in agreements:
        for party in agreement.parties.all():
            party.sub_goal_uids = uids.get(party.pk, [])
    return agreements


# What `@paginate` declares for `list[AgreementOut]`, by the same name: the OpenAPI description stays the same.
# (No docstring: it would become the schema's description.)
class PagedAgreementOut(LimitOffsetPagination.Output):
    items: list[AgreementOut]


def _answer_rows(agreements):
    """A page of the list as the answer's plain values, key for key and value for value what `AgreementOut` makes of
    the objects (`get_agreement` still goes that way; a test compares the two): some 250 parties as Django objects
    and pydantic models were most of the list's time."""
    ids = [a["id"] for a in agreements]
    deadlines = {}
    for round_id, date in (Milestone.objects.filter(round__in={a["pilot__round"] for a in agreements},
                                                    kind=MilestoneKind.PROPOSAL, nature=MilestoneNature.DEADLINE)
                           .values_list("round_id", "date")):
        deadlines.setdefault(round_id, date)  # the first in the milestones' order, as proposal_deadline
    uids = _sub_goal_uids(ids)
    parties = {}
    for agreement_id, party_id, org_id, org_name, role in (
            AgreementParty.objects.filter(agreement__in=ids).order_by("role", "position", "pk")
            .values_list("agreement_id", "pk", "organisation_id", "organisation__name", "role")):
        parties.setdefault(agreement_id, []).append(
            {"organisation": {"id": org_id, "name": org_name}, "role": role, "sub_goals": uids.get(party_id, [])})
    return [
        {"id": a["id"], "pilot": a["pilot"], "round": a["pilot__round__number"], "title": a["title"],
         "state": a["state"], "county_role": a["county_role"], "written_standard": a["written_standard"],
         "period_start": a["period_start"], "period_end": a["period_end"], "submitted_at": a["submitted_at"],
         "approved_at": a["approved_at"], "parties": parties.get(a["id"], []),
         "late": submitted_after(a["submitted_at"], deadlines.get(a["pilot__round"]))}
        for a in agreements
    ]


_LIST_COLUMNS = ("id", "pilot", "pilot__round", "pilot__round__number", "title", "state", "county_role",
                 "written_standard", "period_start", "period_end", "submitted_at", "approved_at")


@router.get("/", response=PagedAgreementOut)
def list_agreements(request, round: int | None = None, pilot: int | None = None, state: AgreementState | None = None,
                    page: Query[LimitOffsetPagination.Input] = None):
    from bygdevekst.api import api  # the root imports this router

    qs = visible_agreements(request.auth, Agreement.objects.all()).order_by("pilot__round__number", "pilot__name", "pk")
    if round is not None:
        qs = qs.filter(pilot__round__number=round)
    if pilot is not None:
        qs = qs.filter(pilot_id=pilot)
    if state:
        qs = qs.filter(state=state)
    page = page or LimitOffsetPagination.Input()
    limit = min(page.limit, ninja_settings.PAGINATION_MAX_LIMIT)
    rows = list(qs.values(*_LIST_COLUMNS)[page.offset:page.offset + limit])
    # Already the answer's values, so it is written as is: validating them again would cost what was saved.
    return api.create_response(request, {"items": _answer_rows(rows), "count": qs.count()}, status=200)


@router.get("/{int:agreement_id}", response={200: AgreementOut, 404: dict})
def get_agreement(request, agreement_id: int):
    agreement = _agreements(request.auth).filter(pk=agreement_id).first()
    if agreement is None:
        return Status(404, {"detail": "Not found"})
    return with_sub_goal_uids([agreement])[0]
