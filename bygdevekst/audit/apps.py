from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "bygdevekst.audit"
    verbose_name = _("Audit trail")
    navigation = [(_("Action log"), "audit:log", "audit.view_all")]
    agreement_panels = ["bygdevekst.audit.panels.timeline"]
    # Every record against its checksum once a day (a restart of the scheduler runs it at once).
    periodic_jobs = [("bygdevekst.audit.verify.nightly", 24 * 3600)]

    def ready(self):
        from . import fragments, signals  # noqa: F401  (login and logout are logged)

        fragments.connect()  # any save makes new copies of the cached timelines
