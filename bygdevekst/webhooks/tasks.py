"""Deliveries run on the task worker (django-tasks; `manage.py db_worker`). An attempt claims the delivery in
a short transaction (attempts + 1, next attempt set as if it will fail), posts outside any transaction (short
timeouts), then records the answer. A failure waits with exponential back-off; the periodic job
`retry_due` enqueues every delivery whose next attempt is due. After MAX_ATTEMPTS it stays failed until an
administrator sends it again."""

import datetime
import logging
import time

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from bygdevekst.core.failures import Failure, classify, technical

from . import signing
from .enums import DeliveryStatus
from .models import Delivery

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE = datetime.timedelta(minutes=1)
BACKOFF_MAX = datetime.timedelta(hours=6)
# A pending delivery no worker took within this time (a crashed worker) is due again.
PENDING_LEASE = datetime.timedelta(minutes=5)


class NoSigningKey(Exception):
    failure = Failure.NO_SIGNING_KEY


def backoff(attempts):
    """The wait after the n-th failed attempt: 1, 2, 4, 8 … minutes, at most six hours."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def enqueue_delivery(delivery_id):
    deliver.enqueue(delivery_id)


def _claim(delivery_id, now):
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("event", "endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status == DeliveryStatus.DELIVERED:
            return None
        if not delivery.endpoint.active:
            return None
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.next_attempt_at = now + backoff(delivery.attempts)  # the lease, and the retry if it fails
        delivery.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at"])
        return delivery


def attempt(delivery_id, now=None):
    """Try one delivery once; returns its new status (None when there was nothing to do)."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    event, endpoint = delivery.event, delivery.endpoint
    body = signing.body_bytes(event.payload)
    keys = endpoint.signing_keys(now)
    code, error, failure = None, "", ""
    try:
        if not keys:
            raise NoSigningKey("the endpoint has no signing key")
        response = requests.post(
            endpoint.url,
            data=body,
            headers=signing.headers(keys, event.id, int(time.time()), body),
            timeout=settings.WEBHOOKS_TIMEOUT,
            allow_redirects=False,
        )
        code = response.status_code
        if not 200 <= code < 300:
            error, failure = f"HTTP {code}", Failure.REFUSED
    except Exception as exc:  # noqa: BLE001  any failure to deliver is recorded and retried
        error, (failure, _status) = technical(exc), classify(exc)
    if error:
        log.info("webhook delivery %s failed: %s", delivery.pk, error)
        delivery.status = DeliveryStatus.FAILED
        delivery.failure = failure
        delivery.last_error = error[:2000]  # for the operators (log, admin); a person sees the failure
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.next_attempt_at = None  # given up: "send again" starts it anew
    else:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
        delivery.failure, delivery.last_error = "", ""
    delivery.response_code = code
    delivery.save(update_fields=["status", "failure", "last_error", "next_attempt_at", "delivered_at", "response_code"])
    return delivery.status


@task()
def deliver(delivery_id):
    return attempt(delivery_id)


def due_deliveries(now=None):
    now = now or timezone.now()
    return Delivery.objects.filter(
        status__in=(DeliveryStatus.PENDING, DeliveryStatus.FAILED),
        next_attempt_at__lte=now,
        endpoint__active=True,
    )


def retry_due(now=None):
    """Periodic job: enqueue every delivery whose next attempt is due. Returns how many."""
    ids = list(due_deliveries(now).values_list("pk", flat=True))
    for pk in ids:
        enqueue_delivery(pk)
    return len(ids)
