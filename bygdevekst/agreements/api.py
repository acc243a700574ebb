import datetime

from django.db.models import Prefetch
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bygdevekst.access.visibility import visible_agreements
from bygdevekst.programme.enums import MilestoneKind, MilestoneNature
from bygdevekst.programme.models import Milestone
from bygdevekst.programme.status import submission_is_late

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
        uids = getattr(obj, "sub_goal_uids", None)  # set for a page of the list (_Pages), in one query
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


def with_sub_goal_uids(agreements):
    """Each party's sub-goal uids, in the sub-goals' order, from one query over the link table: a prefetch
    would build a related manager and a query set per party (some 250 on a page of 50)."""
    link = AgreementParty.sub_goals.through
    rows = (link.objects.filter(agreementparty__agreement__in=[a.pk for a in agreements])
            .order_by("subgoal__focus_area__position", "subgoal__position", "subgoal__pk")
            .values_list("agreementparty_id", "subgoal__uid"))
    uids = {}
    for party_id, uid in rows:
        uids.setdefault(party_id, []).append(str(uid))
    for agreement in agreements:
        for party in agreement.parties.all():
            party.sub_goal_uids = uids.get(party.pk, [])
    return agreements


class _Pages(LimitOffsetPagination):
    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page[self.items_attribute] = with_sub_goal_uids(list(page[self.items_attribute]))
        return page


@router.get("/", response=list[AgreementOut])
@paginate(_Pages)
def list_agreements(request, round: int | None = None, pilot: int | None = None, state: AgreementState | None = None):
    qs = _agreements(request.auth).order_by("pilot__round__number", "pilot__name", "pk")
    if round is not None:
        qs = qs.filter(pilot__round__number=round)
    if pilot is not None:
        qs = qs.filter(pilot_id=pilot)
    if state:
        qs = qs.filter(state=state)
    return qs


@router.get("/{int:agreement_id}", response={200: AgreementOut, 404: dict})
def get_agreement(request, agreement_id: int):
    agreement = _agreements(request.auth).filter(pk=agreement_id).first()
    if agreement is None:
        return Status(404, {"detail": "Not found"})
    return with_sub_goal_uids([agreement])[0]
