from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "bygdevekst.audit"
    verbose_name = _("Audit trail")
    navigation = [(_("Action log"), "audit:log", "audit.view_all")]
    agreement_panels = ["bygdevekst.audit.panels.timeline"]

    def ready(self):
        from . import signals  # noqa: F401  (login and logout are logged)
