"""Panels on an agreement's page, contributed by the apps.

An AppConfig may declare `agreement_panels`: dotted paths of functions `(request, agreement) -> str`
returning rendered HTML (or "" when the user has nothing to see there). The agreement page shows them
in INSTALLED_APPS order, so the process, action-plan and correspondence apps add their part of the
page without editing the agreements app. `partner_panels` work the same on the partner page
(agreements:partner), e.g. the process app's form for a partner to confirm its commitments.
"""

from django.apps import apps
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe


def agreement_panels(request, agreement, kind="agreement_panels"):
    html = []
    for config in apps.get_app_configs():
        for path in getattr(config, kind, ()):
            rendered = import_string(path)(request, agreement)
            if rendered:
                html.append(rendered)
    return mark_safe("\n".join(html))  # noqa: S308  each panel is a rendered, autoescaped template  # nosec
