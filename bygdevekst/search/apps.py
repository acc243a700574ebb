from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "bygdevekst.search"
    label = "search"
    verbose_name = _("Search")
    navigation = [(_("Search"), "search:search", None)]

    def ready(self):
        from . import receivers

        receivers.connect()
