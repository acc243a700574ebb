"""Retries: exponential back-off, the periodic job, giving up after MAX_ATTEMPTS, and an inactive endpoint."""

import datetime

from django.utils import timezone

from bygdevekst.audit.log import log_action
from bygdevekst.core.failures import Failure
from bygdevekst.core.scheduler import declared_jobs
from bygdevekst.organisations.models import Organisation
from bygdevekst.webhooks.domain.endpoints import create_endpoint, redeliver, update_endpoint
from bygdevekst.webhooks.enums import DeliveryStatus
from bygdevekst.webhooks.models import Delivery
from bygdevekst.webhooks.tasks import MAX_ATTEMPTS, backoff, retry_due

CLOSED = "http://127.0.0.1:9/hook"  # nothing listens on the discard port: every attempt is refused


def test_back_off_doubles_up_to_six_hours():
    minutes = [backoff(n).total_seconds() / 60 for n in range(1, 12)]
    assert minutes[:9] == [1, 2, 4, 8, 16, 32, 64, 128, 256]
    assert minutes[9:] == [360, 360]


def test_the_scheduler_runs_the_retry_job_every_minute(db):
    assert ("bygdevekst.webhooks.tasks.retry_due", 60) in declared_jobs()


def test_a_delivery_is_retried_until_it_gives_up_and_send_again_tries_once_more(
    demo, django_capture_on_commit_callbacks
):
    admin = demo["users"]["admin"]
    kdd = Organisation.objects.get(org_number="972417858")
    endpoint, _key = create_endpoint(admin, organisation=kdd, url=CLOSED, events=["proposal.submitted"])
    with django_capture_on_commit_callbacks(execute=True):
        log_action("agreement.submit", obj=demo["pilots"]["Trysil-regionen"].agreement)
    delivery = Delivery.objects.get()
    assert delivery.attempts == 1 and delivery.status == DeliveryStatus.FAILED

    later = timezone.now()
    while True:
        later += datetime.timedelta(hours=7)  # past any back-off
        if not retry_due(later):
            break
    delivery.refresh_from_db()
    assert delivery.attempts == MAX_ATTEMPTS and delivery.status == DeliveryStatus.FAILED
    assert delivery.next_attempt_at is None and "ConnectionError" in delivery.last_error
    assert delivery.failure == Failure.UNREACHABLE
    assert retry_due(later + datetime.timedelta(days=30)) == 0, "given up: only send again tries it now"

    with django_capture_on_commit_callbacks(execute=True):
        redeliver(delivery, admin)
    delivery.refresh_from_db()
    assert delivery.attempts == MAX_ATTEMPTS + 1 and delivery.status == DeliveryStatus.FAILED


def test_an_inactive_endpoint_gets_nothing_new_and_its_waiting_deliveries_wait(
    demo, django_capture_on_commit_callbacks
):
    admin = demo["users"]["admin"]
    kdd = Organisation.objects.get(org_number="972417858")
    endpoint, _key = create_endpoint(admin, organisation=kdd, url=CLOSED, events=["proposal.submitted"])
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    with django_capture_on_commit_callbacks(execute=True):
        log_action("agreement.submit", obj=agreement)
    update_endpoint(endpoint, admin, active=False)
    assert retry_due(timezone.now() + datetime.timedelta(hours=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        log_action("agreement.submit", obj=agreement)
    assert Delivery.objects.count() == 1
    update_endpoint(endpoint, admin, active=True)
    assert retry_due(timezone.now() + datetime.timedelta(hours=1)) == 1
