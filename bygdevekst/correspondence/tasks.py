"""Delivery runs outside the request (django-tasks; `manage.py db_worker` in `make run`). A failing
transport leaves the delivery `failed` with its error; the periodic retry job tries again, so a mail
server that is down loses nothing."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from bygdevekst.core.failures import TransportNotConfigured, classify, technical

from .enums import DeliveryStatus
from .models import Delivery
from .transports import transport_named

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
STALE_PENDING = datetime.timedelta(minutes=10)


def attempt_delivery(delivery_id):
    """Try one delivery once; returns its new status."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))  # PostgreSQL: no FOR UPDATE across outer joins
            .select_related("letter__registry_entry__case", "document", "organisation")
            .get(pk=delivery_id)
        )
        if delivery.status not in (DeliveryStatus.PENDING, DeliveryStatus.FAILED):
            return delivery.status
        delivery.attempts += 1
        transport = transport_named(delivery.transport)
        try:
            if transport is None:
                raise TransportNotConfigured(f"transport {delivery.transport!r} is not configured")
            # a letter whose stored PDF changed since it was registered is never sent: the delivery fails, saying so
            transport.send(delivery, delivery.letter, delivery.document.read_verified(), delivery.document.filename)
        except Exception as exc:  # noqa: BLE001  any transport failure is recorded and retried
            log.warning("delivery %s failed: %s", delivery.pk, technical(exc))
            delivery.failure, delivery.response_code = classify(exc)
            delivery.last_error = technical(exc)  # for the operators (log, admin); a person sees the failure
            delivery.status = DeliveryStatus.GAVE_UP if delivery.attempts >= MAX_ATTEMPTS else DeliveryStatus.FAILED
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = timezone.now()
            delivery.failure, delivery.response_code, delivery.last_error = "", None, ""
        delivery.save(update_fields=["attempts", "failure", "response_code", "last_error", "status", "sent_at",
                                     "message_id"])
        return delivery.status


@task()
def deliver(delivery_id):
    return attempt_delivery(delivery_id)


def retry_deliveries():
    """Periodic job: re-enqueue failed deliveries, and pending ones a crashed worker left behind."""
    stale = timezone.now() - STALE_PENDING
    ids = list(
        Delivery.objects.filter(status=DeliveryStatus.FAILED).values_list("pk", flat=True)
    ) + list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, letter__approved_at__lt=stale).values_list("pk", flat=True)
    )
    for pk in ids:
        deliver.enqueue(pk)
    return len(ids)


def send_again(delivery, *, actor, request=None):
    """A person asks for a failed delivery to be tried again now (also one that gave up): it is queued once
    more, and a failure after that is retried by the periodic job as before. Anything else is refused."""
    from django.utils.translation import gettext as _

    from bygdevekst.audit.log import log_action
    from bygdevekst.core.guards import Refused

    with transaction.atomic():
        delivery = Delivery.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=delivery.pk)
        if delivery.status not in (DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP):
            raise Refused(_("Only a failed delivery can be sent again; this one is %(status)s.")
                          % {"status": delivery.get_status_display()})
        before = delivery.status
        delivery.status = DeliveryStatus.FAILED  # attempt_delivery tries a failed delivery once more
        delivery.save(update_fields=["status"])
        log_action("correspondence.delivery_retried", actor=actor, obj=delivery.letter, request=request,
                   data={"organisation": delivery.organisation.name, "attempts": delivery.attempts,
                         "before": {"status": before}, "after": {"status": DeliveryStatus.FAILED}})
        deliver.enqueue(delivery.pk)
    return delivery
