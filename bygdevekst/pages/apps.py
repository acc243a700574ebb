from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """Fixed information pages every Norwegian public service publishes: the accessibility
    statement (tilgjengelighetserklæring) and the privacy page. Linked from the footer."""

    name = "bygdevekst.pages"
    verbose_name = _("Information pages")
