from django.conf import settings

from bygdevekst.access.roles import roles_of
from bygdevekst.core.navigation import Menu, menu_for


def navigation(request):
    """What the page frame needs: the user's roles, the menu and the language list.

    The roles and the menu (with its permission checks and the unread count) are worked out only when a template
    shows them, and once per request: a page that renders several templates with the request runs this processor
    each time. The menu's permissions are asked without an object, so which items a person sees is kept per
    roles (core/navigation.py); the current item and the unread count are the request's own."""
    user = getattr(request, "user", None)

    def menu():
        if not hasattr(request, "_bygdevekst_menu"):
            request._bygdevekst_menu = (
                menu_for(user, request.path, roles_key=(bool(getattr(user, "is_active", False)), roles_of(user).key))
                if user is not None else Menu())
        return request._bygdevekst_menu

    return {
        "user_roles": lambda: roles_of(user),
        "menu": menu,
        "languages": settings.LANGUAGES,
        "oidc_enabled": getattr(settings, "OIDC_ENABLED", False),
    }
