from django.conf import settings

from bygdevekst.access.roles import roles_of
from bygdevekst.core.navigation import menu_for


def navigation(request):
    """What the page frame needs: the user's roles, the menu and the language list.

    The menu (with its permission checks and the unread count) is built only when a template shows it, and
    once per request: a page that renders several templates with the request runs this processor each time."""
    user = getattr(request, "user", None)

    def menu():
        if not hasattr(request, "_bygdevekst_menu"):
            request._bygdevekst_menu = menu_for(user, request.path) if user is not None else []
        return request._bygdevekst_menu

    return {
        "user_roles": roles_of(user),
        "menu": menu,
        "languages": settings.LANGUAGES,
        "oidc_enabled": getattr(settings, "OIDC_ENABLED", False),
    }
