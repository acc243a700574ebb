"""Parts of pages that every reader who may see them sees alike (an agreement's timeline and text, a search's
ranking) or that are one person's own (their tasks), computed once and kept in Django's cache (settings.CACHES)
until anything they show may have changed.

A copy's key holds the day (what falls due by the calendar), the language, the newest action-log row — every
action is logged, in whichever process or server it ran, so one indexed query per request sees any change at
once — and a generation that any save in this process bumps (changes that are not logged: a name corrected in
the shell). Not deletes: a receiver for every model's deletes would turn each bulk delete into a row-by-row one;
what these parts show is not deleted without a log row (R9: correct, never delete), and a search page whose
documents are gone is ranked afresh. A change made in another process without a log row is seen within
TIMEOUT. The same principle as the front page's cache (programme/overview_cache.py).
"""

import uuid

from django.core.cache import cache
from django.db.models.signals import post_save
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from .models import ActionLog

TIMEOUT = 15 * 60  # seconds; a copy past this is rendered again whatever happened
_generation = {"value": uuid.uuid4().hex}


def invalidate(*args, **kwargs):
    _generation["value"] = uuid.uuid4().hex


def connect():
    post_save.connect(invalidate, dispatch_uid="audit-fragments-save")


def newest_action():
    return ActionLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def current_state():
    """What every copy's key holds besides its name: the language, the day, the newest logged action and this
    process's generation (one query). A page with several kept parts may work it out once and pass it on."""
    return ":".join([translation.get_language() or "", timezone.localdate().isoformat(), str(newest_action()),
                     _generation["value"]])


def state_of(request):
    """current_state() worked out once per request: a page's kept parts (the agreement page has four) share the
    one query, and all of them are of the same moment."""
    state = getattr(request, "_kept_fragments_state", None)
    if state is None:
        state = request._kept_fragments_state = current_state()
    return state


def remembered(name, build, state=None):
    """What `build()` gives (anything the cache can pickle), kept under `name` (which says whose part it is:
    "timeline:42") until the next logged action or save, per language and day."""
    key = f"audit:fragment:{name}:{state or current_state()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def cached(name, render, state=None):
    """The html `render()` gives, remembered as above."""
    return mark_safe(remembered(name, render, state))  # noqa: S308  our own template's output, autoescaped  # nosec
