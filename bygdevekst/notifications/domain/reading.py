"""A person's own notifications: marking them read, and how they want e-mail (the bell's page and the API)."""

from django.utils import timezone

from bygdevekst.audit.log import log_action

from ..models import Notification, Preference


def mark_read(notification):
    """Read now (once: reading it again changes nothing). Returns the notification."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user):
    """Every unread notification of `user` read now; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def set_frequency(user, frequency, *, request=None):
    """Immediate e-mail or a daily digest; logged with before/after."""
    pref, _created = Preference.objects.get_or_create(user=user)
    before = pref.frequency
    pref.frequency = frequency
    pref.save(update_fields=["frequency"])
    log_action(
        "notifications.preference_changed",
        actor=user,
        obj=pref,
        request=request,
        data={"before": {"frequency": before}, "after": {"frequency": pref.frequency}},
    )
    return pref
