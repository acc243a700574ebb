"""One way to say "not now, and why": a `Guard` is a condition on an object's state with the reason a person
can act on; `Refused` is the one exception a refused action raises, carrying those reasons.

A guard is declared once, in its domain module, and used three ways: the domain function calls
`guard.check(obj, user)` before it acts, the permission table combines it with a role (`guarded()` in
access/permissions.py, so the 403 page names it), and a page asks `guard.holds(obj, user)` to show or hide
a button. Reasons stay lazy until shown, so they come out in the language of whoever reads them.
Pages and the API handle `Refused` in one place each: core/refusals.py and api.py.
"""

import rules
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Refused(Exception):  # noqa: N818  a refusal, not an error: the caller did nothing wrong
    """The action cannot happen now; `reasons` say what must happen first, in the active language."""

    status = 409  # the state says no; 400 when the request itself names something that is not there

    def __init__(self, reasons, status=None, **data):
        self.status = status or self.status
        self._reasons = [reasons] if isinstance(reasons, (str, Promise)) else list(reasons)
        self.data = data  # whatever a page needs to answer the refusal well (e.g. the newer saved text)
        super().__init__(self._reasons)

    @property
    def reasons(self):
        return [str(reason) for reason in self._reasons]

    def __str__(self):
        return "; ".join(self.reasons)

    def api_data(self):
        """What the API's 409 adds to the reasons (JSON-ready); a refusal with more to say overrides it."""
        return {}


class Stale(Refused):
    """Someone saved first (optimistic lock): nothing was saved. `base` is the version the person started
    from, `current` what is stored now (its lock_version, or the object), so an edit page can keep their
    input and show what changed since (a 409 either way)."""

    def __init__(self, base, current, reason=None):
        reason = reason or _("Someone else saved in the meantime, so nothing was saved. Compare and save again.")
        super().__init__([reason], base=base, current=current)
        self.base, self.current = base, current


class Guard(rules.Predicate):
    """`test(obj)` or `test(obj, user)` must be true for the action; otherwise `reason` is the person's answer.

    It is also a django-rules predicate on (user, obj), so it combines with roles: `is_kdd & letter_is_draft`.
    """

    def __init__(self, test, reason, name=None):
        self.condition = test
        self.reason = reason
        self._wants_user = test.__code__.co_argcount > 1
        super().__init__(self._as_predicate, name=name or test.__name__)

    def _as_predicate(self, user, obj=None):
        return self.holds(obj, user)

    # rules builds a combination as `type(self)(fn, name)`: combine as a plain predicate, not as a Guard.
    def _plain(self):
        return rules.Predicate(self._as_predicate, name=self.name)

    def __and__(self, other):
        return self._plain() & other

    def __or__(self, other):
        return self._plain() | other

    def __invert__(self):
        return ~self._plain()

    def holds(self, obj, user=None):
        return obj is not None and bool(self.condition(obj, user) if self._wants_user else self.condition(obj))

    def reasons(self, obj, user=None):
        """[] when the guard holds, else [its reason]: for pages that list what stands in the way."""
        return [] if self.holds(obj, user) else [self.reason]

    def check(self, obj, user=None):
        if not self.holds(obj, user):
            raise Refused([self.reason])


def reasons_against(obj, *guards, user=None):
    """The reasons of every guard that fails (for a page that shows them before the person tries)."""
    return [reason for guard in guards for reason in guard.reasons(obj, user)]


def check_all(obj, *guards, user=None):
    """Raise one `Refused` naming every guard that fails, not only the first."""
    reasons = reasons_against(obj, *guards, user=user)
    if reasons:
        raise Refused(reasons)
