"""E-mail for notifications, outside the request (django-tasks). A failure marks the notification
`failed`; `retry_failed` (periodic) sends it again, so nothing is lost while the mail server is down."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .enums import EmailStatus, Frequency
from .models import Notification, Preference

log = logging.getLogger(__name__)

DIGEST_HOUR = 7  # local time; the digest goes out with the first run after this hour


def _absolute(url):
    return f"{settings.SITE_URL.rstrip('/')}{url}" if url.startswith("/") else url


def _language(user):
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def attempt_notification(notification_id):
    with transaction.atomic():
        n = Notification.objects.select_for_update().select_related("user").get(pk=notification_id)
        if n.email_status not in (EmailStatus.PENDING, EmailStatus.FAILED):
            return n.email_status
        n.email_attempts += 1
        try:
            with translation.override(_language(n.user)):
                body = render_to_string("notifications/email.txt", {"notifications": [n], "site": _absolute("/")})
            send_mail(n.title, body, None, [n.user.email])
        except Exception as exc:  # noqa: BLE001  recorded and retried
            log.warning("notification %s: e-mail failed: %s", n.pk, exc)
            n.email_status, n.email_error = EmailStatus.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
        else:
            n.email_status, n.email_error, n.emailed_at = EmailStatus.SENT, "", timezone.now()
        n.save(update_fields=["email_status", "email_error", "email_attempts", "emailed_at"])
        return n.email_status


@task()
def send_notification(notification_id):
    return attempt_notification(notification_id)


MAX_ATTEMPTS = 12  # every five minutes for an hour; after that the notification stays in the app only
STALE_PENDING = datetime.timedelta(minutes=10)


def retry_failed():
    """Periodic: send failed e-mails again, and pending ones a crashed worker left behind."""
    stale = timezone.now() - STALE_PENDING
    ids = list(
        Notification.objects.filter(
            Q(email_status=EmailStatus.FAILED) | Q(email_status=EmailStatus.PENDING, created_at__lt=stale),
            email_attempts__lt=MAX_ATTEMPTS,
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        send_notification.enqueue(pk)
    return len(ids)


def send_daily_digests(now=None):
    """Periodic: one e-mail per daily-digest user with waiting notifications, once a day after 07:00."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return 0
    start_of_day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    sent = 0
    prefs = Preference.objects.filter(frequency=Frequency.DAILY).select_related("user")
    for pref in prefs:
        if pref.last_digest_at and pref.last_digest_at >= start_of_day:
            continue
        if _send_digest(pref, now):
            sent += 1
    # A user who switched back to immediate still gets what was waiting.
    for n in Notification.objects.filter(email_status=EmailStatus.IN_DIGEST).exclude(
        user__notification_preference__frequency=Frequency.DAILY
    ).values_list("pk", flat=True):
        Notification.objects.filter(pk=n).update(email_status=EmailStatus.PENDING)
        send_notification.enqueue(n)
    return sent


def _send_digest(pref, now):
    with transaction.atomic():
        waiting = list(
            Notification.objects.select_for_update()
            .filter(user=pref.user, email_status__in=[EmailStatus.IN_DIGEST])
            .order_by("created_at")
        )
        if not waiting or not pref.user.email:
            return False
        try:
            with translation.override(_language(pref.user)):
                body = render_to_string("notifications/email.txt", {"notifications": waiting, "site": _absolute("/")})
                subject = translation.gettext("Bygdevekst: %(count)s new notifications") % {"count": len(waiting)}
            send_mail(subject, body, None, [pref.user.email])
        except Exception as exc:  # noqa: BLE001  stays in the digest and is tried on the next run
            log.warning("digest for %s failed: %s", pref.user, exc)
            Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(
                email_error=f"{type(exc).__name__}: {exc}"[:2000]
            )
            return False
        Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(
            email_status=EmailStatus.SENT, emailed_at=now, email_error=""
        )
        pref.last_digest_at = now
        pref.save(update_fields=["last_digest_at"])
        return True
