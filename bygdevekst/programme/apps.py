from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "bygdevekst.programme"
    verbose_name = _("Programme, rounds and pilots")

    navigation = [(_("Overview"), "programme:home", None, 0)]

    def ready(self):
        from . import overview_cache

        overview_cache.connect()  # a change to what the cached front page shows makes a new copy
