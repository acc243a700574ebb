"""Who sees which case and registry entry (outsiders get 404). KDD sees all; a pilot's people and the
state administrator of its county see the pilot's case and the entries in it or linked from it.
Internal notes stay with KDD."""

from django.db.models import Q

from bygdevekst.access.roles import roles_of
from bygdevekst.access.visibility import participating_pilots

from .enums import EntryType
from .models import Case, Letter, RegistryEntry


def visible_cases(user, queryset=None):
    qs = queryset if queryset is not None else Case.objects.all()
    roles = roles_of(user)
    if roles.sees_everything:
        return qs
    if not roles.authenticated:
        return qs.none()
    return qs.filter(pilot__in=participating_pilots(user).values("pk"))


def visible_entries(user, queryset=None):
    qs = queryset if queryset is not None else RegistryEntry.objects.all()
    roles = roles_of(user)
    if roles.sees_everything:
        return qs
    if not roles.authenticated:
        return qs.none()
    cases = visible_cases(user).values("pk")
    ids = RegistryEntry.objects.filter(Q(case__in=cases) | Q(linked_cases__in=cases)).values("pk")
    return qs.filter(pk__in=ids).exclude(entry_type=EntryType.INTERNAL_NOTE)


def visible_letters(user, queryset=None):
    """Letters are KDD's work until sent; after that they are read through the registry entry."""
    qs = queryset if queryset is not None else Letter.objects.all()
    return qs if roles_of(user).sees_everything else qs.none()
