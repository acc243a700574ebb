"""Errors of the API as `application/problem+json` (RFC 9457), shared by every router.

In an endpoint, either `return problem(404)` / `raise ProblemError(409, detail, reasons=[...])`, or
return `Status(4xx, {"detail": ...})` as before: the API root (`bygdevekst/api.py`) turns every 4xx/5xx
into the same problem shape, in the user's language. Declare the errors an endpoint can answer by
spreading `PROBLEM_RESPONSES` into `response={200: Out, **PROBLEM_RESPONSES}`.
"""

import json

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Schema

PROBLEM_CONTENT_TYPE = "application/problem+json"
# The NUL rule, stated where a generator can read it: no text field takes U+0000 (core/input.py).
NO_NUL = r"^[^\x00]*$"


class FieldError(Schema):
    """One value that fails the declared schema (422), or that a form refused (409): `field` as sent (null: the body
    as a whole), `message` in the user's language; `loc` and `type` as the validator names them (a spreadsheet's
    problems add `sheet`, `row`, `column`)."""

    field: str | None = None
    message: str
    loc: list[str] = []
    type: str = ""
    model_config = {"extra": "allow"}


class Problem(Schema):
    """RFC 9457 problem details. `errors` lists input that fails the declared schema (422); `reasons` why a
    schema-valid action is refused in the current state (409)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None
    reasons: list[str] | None = None
    model_config = {"extra": "allow"}


class OrganisationOut(Schema):
    """Base of an output schema that declares `organisation: int` (the id) and/or `organisation_name: str`: both are
    read from the object's organisation. It declares no fields itself, so each schema keeps its own field order."""

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation_id

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name


class FailureOut(Schema):
    """Base of a delivery's output schema that declares `failure` (the stable code) and `error` (the reason in the
    reader's language), both null when the last attempt did not fail; the technical text stays with the operators.
    It declares no fields itself, so each schema keeps its own field order."""

    @staticmethod
    def resolve_failure(obj):
        return obj.failure or None

    @staticmethod
    def resolve_error(obj):
        return obj.failure_reason or None


PROBLEM_STATUSES = (400, 401, 403, 404, 405, 409, 415, 422)
PROBLEM_RESPONSES = {status: Problem for status in PROBLEM_STATUSES}


def title_for(status):
    """A short, translated title per status (RFC 9457: the same for every problem of one type)."""
    titles = {
        400: _("Bad request"),
        401: _("Authentication required"),
        403: _("Forbidden"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        410: _("Gone"),
        413: _("Request too large"),
        415: _("Unsupported media type"),
        422: _("Invalid input"),
        429: _("Too many requests"),
        500: _("Internal server error"),
    }
    return titles.get(status, _("Error") if status < 500 else _("Internal server error"))


def default_detail(status):
    details = {
        400: _("The request could not be read."),
        401: _("Send a valid token as 'Authorization: Bearer <token>', or log in."),
        403: _("You may see this, but you may not do this."),
        404: _("There is nothing here, or you may not see it."),
        405: _("This address does not accept this method."),
        409: _("The action conflicts with the current state."),
        422: _("Some values in the request are not valid."),
        500: _("Something went wrong on our side. The error has been logged."),
    }
    return details.get(status, title_for(status))


def problem_body(status, detail=None, **extra):
    body = {
        "type": extra.pop("type", None) or "about:blank",
        "title": str(extra.pop("title", None) or title_for(status)),
        "status": status,
        "detail": str(detail) if detail else default_detail(status),
    }
    for key, value in extra.items():
        if value is not None:
            body[key] = value
    if isinstance(body.get("errors"), list):
        body["errors"] = [_field_error(error) for error in body["errors"]]
    return body


def _field_error(error):
    """Every entry of `errors` in the one shape: `field` and `message` beside whatever else it says."""
    if not isinstance(error, dict):
        return {"field": None, "message": str(error)}
    error = dict(error)
    if "message" not in error:
        error["message"] = str(error.get("msg", ""))
    if "field" not in error:
        loc = [str(part) for part in error.get("loc") or [] if str(part) not in ("body", "query", "path", "form", "")]
        error["field"] = ".".join(loc) or None
    return error


def problem(status, detail=None, **extra):
    """An `application/problem+json` response; return it from an endpoint or a view."""
    body = problem_body(status, detail, **extra)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, default=str),
        status=status,
        content_type=f"{PROBLEM_CONTENT_TYPE}; charset=utf-8",
    )
    response["Content-Language"] = translation.get_language() or "nb"
    return response


class ProblemError(Exception):
    """Raise from an endpoint (or a function it calls) to answer with a problem:
    `raise ProblemError(409, _("The proposal cannot be submitted yet."), reasons=[...])`."""

    def __init__(self, status, detail=None, **extra):
        self.status = status
        self.detail = detail
        self.extra = extra
        super().__init__(status, detail)
