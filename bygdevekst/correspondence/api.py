"""GET /api/v1/cases/ and /api/v1/registry-entries/ with parties, documents and checksums.
`?round=` takes the round number (as /agreements/ does), `?pilot=` the pilot id."""

import datetime

from django.db.models import Q
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bygdevekst.access.visibility import visible_cases, visible_entries

from .views import entries_with_details

router = Router(tags=["case log"])


class CaseOut(Schema):
    id: int
    number: str
    title: str
    public_title: str
    status: str
    round: int
    pilot: int | None
    responsible: str | None

    @staticmethod
    def resolve_round(obj):
        return obj.round.number

    @staticmethod
    def resolve_pilot(obj):
        return obj.pilot_id

    @staticmethod
    def resolve_responsible(obj):
        return (obj.responsible.get_full_name() or obj.responsible.username) if obj.responsible else None


class PartyOut(Schema):
    role: str
    name: str
    postal_address: str
    postal_code: str
    postal_place: str
    org_number: str


class DocumentObjectOut(Schema):
    id: int
    version: int
    variant: str
    file_format: str
    mime_type: str
    filename: str
    size: int
    sha256: str
    url: str

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class DocumentOut(Schema):
    number: int
    role: str
    title: str
    written_standard: str
    files: list[DocumentObjectOut]

    @staticmethod
    def resolve_files(obj):
        return list(obj.document_objects.all())


class EntryOut(Schema):
    id: int
    reference: str
    case: str
    linked_cases: list[str]
    entry_type: str
    status: str
    correction: str
    correction_reason: str
    title: str
    public_title: str
    registry_date: datetime.date
    document_date: datetime.date
    sent_received_date: datetime.date | None
    access_restriction: str
    legal_basis: str
    their_reference: str
    parties: list[PartyOut]
    documents: list[DocumentOut]

    @staticmethod
    def resolve_case(obj):
        return obj.case.number

    @staticmethod
    def resolve_linked_cases(obj):
        return [c.number for c in obj.linked_cases.all()]

    @staticmethod
    def resolve_parties(obj):
        return list(obj.parties.all())

    @staticmethod
    def resolve_documents(obj):
        return list(obj.documents.all())


@router.get("/cases/", response=list[CaseOut])
@paginate(LimitOffsetPagination)
def list_cases(request, round: int | None = None, pilot: int | None = None):
    qs = visible_cases(request.auth).select_related("round", "responsible").order_by("year", "sequence")
    if round is not None:
        qs = qs.filter(round__number=round)
    if pilot is not None:
        qs = qs.filter(pilot_id=pilot)
    return qs


@router.get("/registry-entries/", response=list[EntryOut])
@paginate(LimitOffsetPagination)
def list_entries(request, round: int | None = None, pilot: int | None = None):
    qs = visible_entries(request.auth)
    if round is not None:
        qs = qs.filter(case__round__number=round)
    if pilot is not None:
        ids = qs.filter(Q(case__pilot_id=pilot) | Q(linked_cases__pilot_id=pilot)).values("pk")
        qs = qs.filter(pk__in=ids)
    return entries_with_details(qs).order_by("registry_date", "pk")


@router.get("/registry-entries/{int:entry_id}", response={200: EntryOut, 404: dict})
def get_entry(request, entry_id: int):
    entry = entries_with_details(visible_entries(request.auth)).filter(pk=entry_id).first()
    if entry is None:
        return Status(404, {"detail": "Not found"})
    return entry


# Letters and their deliveries add their operations to this router (their own file keeps this one small).
from . import api_letters  # noqa: E402, F401
