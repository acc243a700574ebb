from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrespondenceConfig(AppConfig):
    name = "bygdevekst.correspondence"
    verbose_name = _("Letters and the case log")

    navigation = [(_("Case log"), "correspondence:cases", "correspondence.view_cases")]
    agreement_panels = ["bygdevekst.correspondence.panels.case_panel"]
    periodic_jobs = [("bygdevekst.correspondence.tasks.retry_deliveries", 300)]

    def ready(self):
        from . import receivers

        receivers.connect()
