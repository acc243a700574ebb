from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "bygdevekst.organisations"
    verbose_name = _("Organisations")

    navigation = [(_("Organisations"), "organisations:list", None)]
