from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from bygdevekst.access.visibility import visible_organisations
from bygdevekst.apierrors import PROBLEM_RESPONSES, problem

router = Router(tags=["organisations"])


class ParallelNameOut(Schema):
    name: str
    language: str


class OrganisationOut(Schema):
    id: int
    kind: str
    name: str
    short_name: str
    parallel_names: list[ParallelNameOut]
    municipality_number: str
    county_number: str | None
    org_number: str
    department: str
    postal_address: str
    postal_code: str
    postal_place: str
    email: str
    written_standard: str

    @staticmethod
    def resolve_county_number(obj):
        return obj.county_id

    @staticmethod
    def resolve_parallel_names(obj):
        return list(obj.parallel_names.all())


@router.get("/", response=list[OrganisationOut])
@paginate(LimitOffsetPagination)
def list_organisations(request, kind: str | None = None, municipality_number: str | None = None):
    qs = visible_organisations(request.auth).prefetch_related("parallel_names").order_by("name", "pk")
    if kind:
        qs = qs.filter(kind=kind)
    if municipality_number:
        qs = qs.filter(municipality_number=municipality_number)
    return qs


@router.get("/{int:organisation_id}", response={200: OrganisationOut, **PROBLEM_RESPONSES})
def get_organisation(request, organisation_id: int):
    org = visible_organisations(request.auth).prefetch_related("parallel_names").filter(pk=organisation_id).first()
    if org is None:
        return problem(404)
    return org
