from django.db.models import Q

from bygdevekst.access.roles import roles_of
from bygdevekst.access.visibility import participating_pilots

from .models import Meeting


def visible_meetings(user, queryset=None):
    """KDD sees every meeting; the pilot's people their pilot's meetings and round-wide ones; others none."""
    qs = queryset if queryset is not None else Meeting.objects.all()
    roles = roles_of(user)
    if roles.sees_everything:
        return qs
    if not roles.authenticated:
        return qs.none()
    pilots = participating_pilots(user).values("pk")
    return qs.filter(Q(agreement__isnull=True) | Q(agreement__pilot__in=pilots))
