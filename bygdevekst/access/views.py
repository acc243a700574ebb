from django.core.exceptions import PermissionDenied
from django.http import Http404

from .permissions import refusal_reason


def get_visible_or_404(queryset_fn, user, **lookup):
    """Fetch one object through a visibility query: outsiders get 404, never a hint it exists. `lookup` names one
    object (its primary key), so any row the query gives is that object: it is asked for without an order. (The
    model's default ordering, often over related tables, only added joins; even an order by primary key took
    longer for the ORM to compile than for the database to run the query.)"""
    found = list(queryset_fn(user).filter(**lookup).order_by()[:1])
    if not found:
        raise Http404
    return found[0]


def require_perm(user, perm, obj=None):
    """A reader who may see the object but not do this gets 403, with the guard's reason when there is one."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(refusal_reason(user, perm, obj))
