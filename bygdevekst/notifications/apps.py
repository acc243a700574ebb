from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "bygdevekst.notifications"
    verbose_name = _("Notifications")

    navigation = [(_("Notifications"), "notifications:list", "notifications.view_own", 50,
                   "bygdevekst.notifications.domain.notify.unread_count")]
    periodic_jobs = [
        ("bygdevekst.notifications.tasks.send_daily_digests", 3600),
        ("bygdevekst.notifications.tasks.retry_failed", 300),
        ("bygdevekst.notifications.deadlines.notify_deadlines", 6 * 3600),
    ]

    def ready(self):
        from . import receivers

        receivers.connect()
