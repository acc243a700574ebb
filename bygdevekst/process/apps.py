from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessConfig(AppConfig):
    name = "bygdevekst.process"
    verbose_name = _("Process: anchoring, submission, response, approval")

    navigation = [(_("Anchoring matrix"), "process:matrix_current", "process.view_matrix")]
    agreement_panels = ["bygdevekst.process.panels.process_panel"]
    partner_panels = ["bygdevekst.process.panels.partner_panel"]
    meeting_agenda_sources = ["bygdevekst.process.domain.response.agenda_source"]
    periodic_jobs = [("bygdevekst.process.reminders.send_deadline_reminders", 3600)]
