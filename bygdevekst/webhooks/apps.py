from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "bygdevekst.webhooks"
    verbose_name = _("Webhooks")

    navigation = [(_("Webhooks"), "webhooks:endpoints", "webhooks.manage")]
    periodic_jobs = [("bygdevekst.webhooks.tasks.retry_due", 60)]

    def ready(self):
        from . import events

        events.connect()
