"""Events come from one place: the action log. A row whose action code is in ACTION_EVENTS becomes an event
after its transaction commits (never for rolled-back work), and a delivery is made for each active endpoint
that subscribed to the type and whose organisation may see the object (visibility.py)."""

import functools
import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from bygdevekst.audit.models import ActionLog

from .enums import DeliveryStatus, EventType

log = logging.getLogger(__name__)

ACTION_EVENTS = {
    "agreement.submit": EventType.PROPOSAL_SUBMITTED,
    "agreement.withdraw": EventType.PROPOSAL_WITHDRAWN,
    "agreement.response_published": EventType.RESPONSE_PUBLISHED,
    "agreement.open_dialogue": EventType.DIALOGUE_OPENED,
    "meeting.created": EventType.MEETING_CALLED,
    "agreement.anchoring_decision_recorded": EventType.DECISION_RECORDED,
    "agreement.anchoring_exception_recorded": EventType.DECISION_RECORDED,
    "agreement.record_corrected": EventType.RECORD_CORRECTED,
    "agreement.record_withdrawn": EventType.RECORD_WITHDRAWN,
    "agreement.version_frozen": EventType.VERSION_FROZEN,
    "agreement.agree": EventType.AGREEMENT_AGREED,
    "agreement.open_approval": EventType.APPROVAL_OPENED,
    "agreement.approve": EventType.AGREEMENT_APPROVED,
    "agreement.signed": EventType.AGREEMENT_SIGNED,
    "agreement.end": EventType.AGREEMENT_ENDED,
    "agreement.addendum_approved": EventType.ADDENDUM_APPROVED,
    "correspondence.letter_sent": EventType.LETTER_SENT,
    "actionplan.measure_status_changed": EventType.MEASURE_STATUS_CHANGED,
    "actionplan.report_submitted": EventType.REPORT_SUBMITTED,
    "agreement.comment_posted": EventType.COMMENT_POSTED,
}

# Events that tell no more than the public may read of a visible (approved or ended) agreement.
PUBLIC_EVENTS = {EventType.AGREEMENT_APPROVED, EventType.AGREEMENT_SIGNED, EventType.AGREEMENT_ENDED}

API = "/api/v1"


def object_api_path(row):
    """The API address of the logged object, or of its agreement when the object has none of its own."""
    kind, pk = row.object_type, row.object_id
    agreement = row.agreement_id
    if kind == "agreements.agreement":
        return f"{API}/agreements/{pk}"
    if kind == "agreements.agreementversion" and agreement and isinstance(row.data, dict) and row.data.get("number"):
        return f"{API}/agreements/{agreement}/versions/{row.data['number']}"
    if kind == "process.stateresponse" and agreement:
        return f"{API}/agreements/{agreement}/responses/{pk}"
    if kind in ("process.anchoringdecision", "process.anchoringexception") and agreement:
        return f"{API}/agreements/{agreement}/anchoring-decisions"
    if kind == "agreements.comment" and agreement:
        return f"{API}/agreements/{agreement}/comments/"
    if kind == "actionplans.measure" and agreement:
        return f"{API}/agreements/{agreement}/action-plan"
    if kind == "correspondence.letter":
        entry = _letter_entry_id(pk)
        return f"{API}/registry-entries/{entry}" if entry else ""
    return f"{API}/agreements/{agreement}" if agreement else ""


def _letter_entry_id(letter_id):
    from bygdevekst.correspondence.models import Letter

    return Letter.objects.filter(pk=letter_id).values_list("registry_entry_id", flat=True).first()


def _letter_pilot_ids(letter_id):
    """A letter to one pilot concerns that pilot; a round letter every pilot of its round."""
    from bygdevekst.correspondence.models import Letter
    from bygdevekst.programme.models import Pilot

    letter = Letter.objects.filter(pk=letter_id).first()
    if letter is None:
        return []
    if letter.pilot_id:
        return [letter.pilot_id]
    return list(Pilot.objects.filter(round_id=letter.round_id).values_list("pk", flat=True))


def absolute(path):
    return f"{settings.SITE_URL.rstrip('/')}{path}" if path else ""


def payload_for(event, row):
    """The body sent: {id, type, time, object: {type, id, api_url}, data}. A public event carries no details
    (the log's data may name people, e.g. signatories): read the object through the API instead."""
    details = row.data if isinstance(row.data, dict) and event.type not in PUBLIC_EVENTS else {}
    data = {"action": row.action, "details": details}
    if row.agreement_id:
        data["agreement"] = {"id": row.agreement_id, "api_url": absolute(f"{API}/agreements/{row.agreement_id}")}
    return {
        "id": str(event.id),
        "type": str(event.type),
        "time": event.time.isoformat(),
        "object": {"type": row.object_type, "id": row.object_id, "api_url": event.object_api_url},
        "data": data,
    }


def publish(log_id):
    """Make the event of one committed log row and its deliveries, then hand them to the task worker.
    Idempotent: a row makes at most one event. Returns the event, or None when no endpoint wants it."""
    from .models import Delivery, Endpoint, Event
    from .tasks import PENDING_LEASE, enqueue_delivery
    from .visibility import may_receive

    row = ActionLog.objects.filter(pk=log_id).first()
    event_type = ACTION_EVENTS.get(row.action) if row is not None else None
    if event_type is None:
        return None
    endpoints = [
        e for e in Endpoint.objects.select_related("organisation").filter(active=True) if event_type in e.events
    ]
    if not endpoints:
        return None
    pilot_ids = _letter_pilot_ids(row.object_id) if row.object_type == "correspondence.letter" else ()
    public = event_type in PUBLIC_EVENTS
    targets = [
        e
        for e in endpoints
        if may_receive(e.organisation, public=public, agreement_id=row.agreement_id, pilot_ids=pilot_ids)
    ]
    if not targets:
        return None
    with transaction.atomic():
        event, created = Event.objects.get_or_create(
            log_entry=row,
            defaults={
                "type": event_type,
                "time": row.timestamp,
                "agreement_id": row.agreement_id,
                "object_api_url": absolute(object_api_path(row)),
            },
        )
        if not created:
            return event
        event.payload = payload_for(event, row)
        event.save(update_fields=["payload"])
        lease = timezone.now() + PENDING_LEASE
        deliveries = [
            Delivery.objects.create(
                event=event, endpoint=endpoint, status=DeliveryStatus.PENDING, next_attempt_at=lease
            )
            for endpoint in targets
        ]
    for delivery in deliveries:
        enqueue_delivery(delivery.pk)
    return event


def _publish_safely(log_id):
    try:
        publish(log_id)
    except Exception:  # noqa: BLE001  the action has committed; an event that fails to form is logged, not raised
        log.exception("webhook event for log row %s failed", log_id)


def on_logged(sender, instance, created, using, **kwargs):
    """post_save on ActionLog: after the action's transaction commits, make its event."""
    if not created or using != "default" or instance.action not in ACTION_EVENTS:
        return
    transaction.on_commit(functools.partial(_publish_safely, instance.pk), using=using)


def connect():
    post_save.connect(on_logged, sender=ActionLog, dispatch_uid="webhooks.on_logged")
