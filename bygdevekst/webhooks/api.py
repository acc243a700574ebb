"""/api/v1/webhooks/: the administrator's endpoints, keys and delivery log, through the same domain functions
as the page (domain/endpoints.py). Writes are POST (the API declares GET and POST only): update is
POST /webhooks/{id}, removal POST /webhooks/{id}/delete."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bygdevekst.access.views import require_perm
from bygdevekst.apierrors import PROBLEM_RESPONSES, FailureOut, OrganisationOut
from bygdevekst.apiforms import Input
from bygdevekst.core.failures import Failure
from bygdevekst.core.guards import Refused
from bygdevekst.organisations.models import Organisation

from .domain import endpoints as domain
from .enums import DeliveryStatus, EventType
from .models import Delivery, Endpoint, SigningKey

router = Router(tags=["webhooks"])
PERM = "webhooks.manage"

# What the server accepts, stated in the schema: https://, or http:// to this machine where allowed.
URL_PATTERN = (
    r"^(https://|http://(127\.0\.0\.1|localhost|\[::1\])(:[0-9]{1,5})?(/|$))"
    if settings.WEBHOOKS_ALLOW_LOOPBACK_HTTP
    else r"^https://"
)


class EndpointIn(Input):
    organisation: int = Field(..., ge=1)
    url: str = Field(..., max_length=500, pattern=URL_PATTERN)
    events: list[EventType] = Field(..., min_length=1)
    description: str = Field("", max_length=200)
    active: bool = True


class EndpointChange(Input):
    organisation: int | None = Field(None, ge=1)
    url: str | None = Field(None, max_length=500, pattern=URL_PATTERN)
    events: list[EventType] | None = Field(None, min_length=1)
    description: str | None = Field(None, max_length=200)
    active: bool | None = None


class KeyOut(Schema):
    key_id: str
    created_at: datetime.datetime
    valid_until: datetime.datetime | None
    retired_at: datetime.datetime | None


class NewKeyOut(Schema):
    key_id: str
    secret: str = Field(..., description="Shown only in this answer: store it in the receiving system.")


class EndpointOut(OrganisationOut):
    id: int
    organisation: int
    organisation_name: str
    url: str
    description: str
    events: list[str]
    active: bool
    created_at: datetime.datetime
    current_key_id: str | None
    keys: list[KeyOut]

    @staticmethod
    def resolve_current_key_id(obj):
        key = obj.current_key()
        return key.key_id if key else None

    @staticmethod
    def resolve_keys(obj):
        return list(obj.keys.order_by("-created_at", "-pk"))


class EndpointCreated(EndpointOut):
    key: NewKeyOut


class EventOut(Schema):
    id: uuid.UUID
    type: str
    time: datetime.datetime
    object_api_url: str


class DeliveryOut(FailureOut):
    id: int
    endpoint: int
    event: EventOut
    status: DeliveryStatus
    attempts: int
    # why the last attempt failed: a stable code and its reason in the reader's language (null: no failure);
    # the technical text is for the operators only (server log, admin)
    failure: Failure | None = Field(description="why the last attempt failed (a stable code); null when it did not")
    error: str | None = Field(description="the failure in words, in the reader's language; null when none")
    response_code: int | None
    next_attempt_at: datetime.datetime | None
    last_attempt_at: datetime.datetime | None
    delivered_at: datetime.datetime | None

    @staticmethod
    def resolve_endpoint(obj):
        return obj.endpoint_id


def _admin(request):
    require_perm(request.auth, PERM)


def _organisation(pk):
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise Refused(_("There is no organisation with this id."))
    return organisation


def _refused(exc):
    """What the schema cannot state (a well-formed address: the pattern says only how it begins) is refused
    with the reasons (409), like any other domain refusal: a schema-valid request is never "invalid"."""
    raise Refused(exc.messages) from None


def _endpoints():
    return Endpoint.objects.select_related("organisation").order_by("pk")


@router.get("/", response=list[EndpointOut], url_name="list_webhook_endpoints")
@paginate(LimitOffsetPagination)
def list_webhook_endpoints(request, organisation: int | None = None):
    _admin(request)
    qs = _endpoints()
    return qs.filter(organisation_id=organisation) if organisation is not None else qs


@router.post("/", response={201: EndpointCreated, **PROBLEM_RESPONSES}, url_name="create_webhook_endpoint")
def create_webhook_endpoint(request, payload: EndpointIn):
    _admin(request)
    organisation = _organisation(payload.organisation)
    try:
        endpoint, key = domain.create_endpoint(
            request.auth,
            organisation=organisation,
            url=payload.url,
            events=[str(e) for e in payload.events],
            description=payload.description,
            active=payload.active,
            request=request,
        )
    except ValidationError as exc:
        _refused(exc)
    endpoint.key = {"key_id": key.key_id, "secret": key.secret}
    return Status(201, endpoint)


@router.get("/{int:endpoint_id}", response={200: EndpointOut, **PROBLEM_RESPONSES}, url_name="get_webhook_endpoint")
def get_webhook_endpoint(request, endpoint_id: int):
    _admin(request)
    return get_object_or_404(_endpoints(), pk=endpoint_id)


@router.post("/{int:endpoint_id}", response={200: EndpointOut, **PROBLEM_RESPONSES}, url_name="update_webhook_endpoint")
def update_webhook_endpoint(request, endpoint_id: int, payload: EndpointChange):
    """Change only the fields given."""
    _admin(request)
    endpoint = get_object_or_404(_endpoints(), pk=endpoint_id)
    values = payload.dict(exclude_unset=True, exclude_none=True)
    if "organisation" in values:
        values["organisation"] = _organisation(values["organisation"])
    if "events" in values:
        values["events"] = [str(e) for e in values["events"]]
    try:
        domain.update_endpoint(endpoint, request.auth, request=request, **values)
    except ValidationError as exc:
        _refused(exc)
    return get_object_or_404(_endpoints(), pk=endpoint_id)


@router.post("/{int:endpoint_id}/delete", response={204: None, **PROBLEM_RESPONSES}, url_name="delete_webhook_endpoint")
def delete_webhook_endpoint(request, endpoint_id: int):
    _admin(request)
    endpoint = get_object_or_404(Endpoint, pk=endpoint_id)
    domain.delete_endpoint(endpoint, request.auth, request=request)
    return Status(204, None)


@router.post(
    "/{int:endpoint_id}/rotate-key", response={201: NewKeyOut, **PROBLEM_RESPONSES}, url_name="rotate_webhook_key"
)
def rotate_webhook_key(request, endpoint_id: int):
    """A new current key (its secret only in this answer); the earlier one signs beside it for the grace period."""
    _admin(request)
    endpoint = get_object_or_404(Endpoint, pk=endpoint_id)
    key = domain.rotate_key(endpoint, request.auth, request=request)
    return Status(201, {"key_id": key.key_id, "secret": key.secret})


@router.post(
    "/{int:endpoint_id}/keys/{key_id}/retire",
    response={200: KeyOut, **PROBLEM_RESPONSES},
    url_name="retire_webhook_key",
)
def retire_webhook_key(request, endpoint_id: int, key_id: str):
    """An earlier key stops signing now (the current key cannot be retired: 409)."""
    _admin(request)
    key = get_object_or_404(SigningKey.objects.select_related("endpoint"), endpoint_id=endpoint_id, key_id=key_id)
    return domain.retire_key(key, request.auth, request=request)


@router.get("/{int:endpoint_id}/deliveries", response=list[DeliveryOut], url_name="list_webhook_deliveries")
@paginate(LimitOffsetPagination)
def list_webhook_deliveries(request, endpoint_id: int, status: DeliveryStatus | None = None):
    """The delivery log, newest first."""
    _admin(request)
    endpoint = get_object_or_404(Endpoint, pk=endpoint_id)
    qs = endpoint.deliveries.select_related("event").order_by("-created_at", "-pk")
    return qs.filter(status=status) if status else qs


@router.post(
    "/deliveries/{int:delivery_id}/redeliver",
    response={202: DeliveryOut, **PROBLEM_RESPONSES},
    url_name="redeliver_webhook",
)
def redeliver_webhook(request, delivery_id: int):
    """Send again now (also a delivered one: the receiver de-duplicates by the event id)."""
    _admin(request)
    delivery = get_object_or_404(Delivery, pk=delivery_id)
    domain.redeliver(delivery, request.auth, request=request)
    return Status(202, Delivery.objects.select_related("event").get(pk=delivery.pk))
