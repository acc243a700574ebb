from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "bygdevekst.accounts"
    verbose_name = _("Accounts")
    periodic_jobs = [("bygdevekst.accounts.lockout.prune", 600)]

    def ready(self):
        from bygdevekst.access import permissions  # noqa: F401  (registers the permission table)
