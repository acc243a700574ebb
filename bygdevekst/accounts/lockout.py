"""Lockout after repeated failed logins: LOGIN_FAILURE_LIMIT failures for one username from one IP
address within LOGIN_LOCKOUT_SECONDS lock that pair until the window has passed.

Counting per username *and* address keeps an attacker elsewhere from locking a colleague out."""

import datetime

from django.conf import settings
from django.utils import timezone

from bygdevekst.audit.log import client_ip

from .models import LoginFailure


def limit():
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def window():
    return datetime.timedelta(seconds=getattr(settings, "LOGIN_LOCKOUT_SECONDS", 15 * 60))


def _key(username, request):
    return (username or "").strip().lower()[:150], client_ip(request)


def recent_failures(username, request):
    username, ip = _key(username, request)
    return LoginFailure.objects.filter(username=username, ip_address=ip, at__gte=timezone.now() - window())


def is_locked(username, request):
    return recent_failures(username, request).count() >= limit()


def record_failure(username, request):
    username, ip = _key(username, request)
    LoginFailure.objects.create(username=username, ip_address=ip)
    prune()


def retention():
    """How long a failed login (username and IP address) is kept: twice the lockout window."""
    return 2 * window()


def prune():
    """Delete failed logins older than the retention (periodic job, and on each new failure): they
    say nothing any more, and the privacy page promises they go."""
    return LoginFailure.objects.filter(at__lt=timezone.now() - retention()).delete()[0]


def clear(username, request):
    username, ip = _key(username, request)
    LoginFailure.objects.filter(username=username, ip_address=ip).delete()
