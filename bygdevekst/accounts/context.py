from django.conf import settings

from bygdevekst.access.roles import roles_of


def navigation(request):
    """What the page frame needs: the user's primary role and the language menu."""
    user = getattr(request, "user", None)
    return {
        "user_roles": roles_of(user),
        "languages": settings.LANGUAGES,
    }
