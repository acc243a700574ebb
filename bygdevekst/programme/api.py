import datetime

from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from bygdevekst.access.visibility import visible_pilots
from bygdevekst.apierrors import PROBLEM_RESPONSES, problem

from .models import Pilot, Round

router = Router(tags=["rounds and pilots"])


class MilestoneOut(Schema):
    id: int
    kind: str
    nature: str
    title: str
    date: datetime.date
    date_note: str


class RoundOut(Schema):
    id: int
    number: int
    name: str
    year: int
    status: str
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_milestones(obj):
        return list(obj.milestones.all())


class OrgRef(Schema):
    id: int
    name: str


class PilotOut(Schema):
    id: int
    name: str
    round: int
    county_number: str
    municipalities: list[OrgRef]
    lead_municipality: OrgRef
    county_council: OrgRef
    state_administrator: OrgRef
    agreement: int | None

    @staticmethod
    def resolve_round(obj):
        return obj.round_id

    @staticmethod
    def resolve_county_number(obj):
        return obj.county_id

    @staticmethod
    def resolve_municipalities(obj):
        return list(obj.municipalities.all())

    @staticmethod
    def resolve_agreement(obj):
        agreement = getattr(obj, "agreement", None)
        return agreement.pk if agreement is not None else None


@router.get("/rounds/", response=list[RoundOut])
@paginate(LimitOffsetPagination)
def list_rounds(request):
    return Round.objects.prefetch_related("milestones").order_by("-number")


def _pilots():
    return Pilot.objects.select_related(
        "lead_municipality", "county_council", "state_administrator", "agreement"
    ).prefetch_related("municipalities")


@router.get("/pilots/", response=list[PilotOut])
@paginate(LimitOffsetPagination)
def list_pilots(request, round: int | None = None):
    qs = visible_pilots(request.auth, _pilots()).order_by("round__number", "name", "pk")
    if round is not None:
        qs = qs.filter(round__number=round)
    return qs


@router.get("/pilots/{int:pilot_id}", response={200: PilotOut, **PROBLEM_RESPONSES})
def get_pilot(request, pilot_id: int):
    pilot = visible_pilots(request.auth, _pilots()).filter(pk=pilot_id).first()
    if pilot is None:
        return problem(404)
    return pilot


# A pilot's people and invitations add their operations to this router (their own file keeps this one small).
from . import api_people  # noqa: E402, F401
