from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlansConfig(AppConfig):
    name = "bygdevekst.actionplans"
    label = "actionplans"
    verbose_name = _("Action plans and follow-up")

    navigation = [(_("Action plans"), "actionplans:overview", "actionplans.view_overview")]
    agreement_panels = ["bygdevekst.actionplans.panels.action_plan_panel"]

    def ready(self):
        from . import receivers  # noqa: F401  connects the signal receivers
