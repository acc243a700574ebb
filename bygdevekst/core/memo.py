"""Answers worked out once per request: whether a person takes part in a pilot, an agreement's anchoring rows.

A page asks the same question many times while it renders (the permission table's predicates for every button, the
process panel's rows for the panel, the actions' guards and the warnings). `once(key, compute)` keeps the first
answer for the rest of the request; outside a request (a domain function called from the shell, a task, a test
calling `has_perm`) nothing is kept and `compute()` runs every time.

An answer is never stale: the first statement of the request that is not a plain SELECT (an INSERT, UPDATE or
DELETE however it was issued — a model's save, a queryset's update, raw SQL —, a savepoint, so an atomic block too,
or a SELECT … FOR UPDATE / FOR SHARE, which a domain function takes before it checks its guards again under the lock)
forgets every answer kept so far and keeps none for the rest of the request. A POST that changes something and then
renders computes afresh what it shows; a GET, which writes nothing, computes each answer once. Keys name the
question and its objects by primary key: ("participating-pilots", user.pk), ("proposal-status", agreement.pk).
"""

import contextvars
import re

from django.db import connection

_current = contextvars.ContextVar("bygdevekst_request_memo", default=None)


class RequestMemo:
    __slots__ = ("values", "written")

    def __init__(self):
        self.values = {}
        self.written = False

    def watch(self, execute, sql, params, many, context):
        """connection.execute_wrapper: the first statement that may change what an answer read ends the memo."""
        if not self.written and not _plain_select(sql):
            self.written = True
            self.values.clear()
        return execute(sql, params, many, context)


_LOCKING = re.compile(r"\sFOR\s+(?:UPDATE|SHARE|NO\s+KEY\s+UPDATE)\b", re.IGNORECASE)


def _plain_select(sql):
    # (searched in place: an upper-cased copy of every statement's text cost more than the rest of the check)
    if sql.lstrip()[:6].upper() != "SELECT":
        return False
    return _LOCKING.search(sql) is None  # the locking clause (values are parameters, never in the text)


def once(key, compute):
    """compute() once per request for `key` (a tuple of the question's name and primary keys)."""
    memo = _current.get()
    if memo is None or memo.written:
        return compute()
    try:
        return memo.values[key]
    except KeyError:
        value = memo.values[key] = compute()
        return value


class RequestMemoMiddleware:
    """Opens the memo for the request and watches its statements; closed (and dropped) with the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        memo = RequestMemo()
        token = _current.set(memo)
        try:
            with connection.execute_wrapper(memo.watch):
                return self.get_response(request)
        finally:
            _current.reset(token)
