from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "bygdevekst.meetings"
    verbose_name = _("Meetings")

    navigation = [(_("Meetings"), "meetings:list", "meetings.manage"),
                  (_("My calendar"), "calendar:mine", "meetings.subscribe_calendar", 60)]
