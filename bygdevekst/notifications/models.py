from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import EmailStatus, Event, Frequency


class Notification(models.Model):
    """One event for one user: shown in the app, and e-mailed at once or in the daily digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(_("event"), max_length=30, choices=Event.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(
        _("deduplication key"), max_length=200, blank=True, help_text=_("The same key is never notified twice.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_status = models.CharField(_("e-mail"), max_length=20, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.TextField(blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~models.Q(key=""), name="unique_notification_key")
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None


class Preference(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference")
    frequency = models.CharField(
        _("e-mail me"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.user}: {self.frequency}"
