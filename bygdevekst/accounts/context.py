from django.conf import settings

from bygdevekst.access.roles import roles_of
from bygdevekst.core.navigation import menu_for


def navigation(request):
    """What the page frame needs: the user's roles, the menu and the language list."""
    user = getattr(request, "user", None)
    return {
        "user_roles": roles_of(user),
        "menu": menu_for(user, request.path) if user is not None else [],
        "languages": settings.LANGUAGES,
        "oidc_enabled": getattr(settings, "OIDC_ENABLED", False),
    }
