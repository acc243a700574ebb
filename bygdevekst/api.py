"""The API root: /api/v1/. Each domain app contributes a router; permissions come from access/.

Every error the API answers is `application/problem+json` (RFC 9457, see `apierrors.py`), in the
user's language, and declared in the OpenAPI description; no input gives a 500.
"""

import json
import logging
import re

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import DataError
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.responses import NinjaJSONEncoder
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from bygdevekst.accounts.models import ApiToken
from bygdevekst.apierrors import (
    PROBLEM_CONTENT_TYPE,
    PROBLEM_STATUSES,
    Problem,
    ProblemError,
    problem,
    title_for,
)
from bygdevekst.core import integrity
from bygdevekst.core.guards import Refused, Stale

logger = logging.getLogger(__name__)


class BearerOrSession(AuthBase):
    """`Authorization: Bearer <token>`; else the browser session (with CSRF on writes); else anonymous,
    who sees only public data. A wrong token is a 401, never a silent downgrade to anonymous."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _sep, raw = header.partition(" ")
            if scheme.lower() != "bearer" or not raw.strip():
                return None
            user = ApiToken.authenticate(raw.strip())
            if user is not None:
                request.user = user
                _activate_language(request, user)
            return user
        if request.user.is_authenticated:
            if request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request) is not None:
                return None
            return request.user
        return AnonymousUser()


def _activate_language(request, user):
    """A token user's chosen language wins over Accept-Language, as it does for the session."""
    language = getattr(user, "language", "")
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language


# ---- Problems --------------------------------------------------------------------------------
# pydantic's error types → a message in the user's language (its own messages are English).
def _messages():
    return {
        "missing": _("This field is required."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "int_from_float": _("Enter a whole number."),
        "float_parsing": _("Enter a number."),
        "bool_parsing": _("Enter true or false."),
        "bool_type": _("Enter true or false."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_type": _("Enter a date as YYYY-MM-DD."),
        "time_parsing": _("Enter a time as HH:MM."),
        "datetime_parsing": _("Enter a date and time in ISO 8601."),
        "uuid_parsing": _("Enter a valid identifier (UUID)."),
        "uuid_type": _("Enter a valid identifier (UUID)."),
        "string_type": _("Enter a text."),
        "string_too_short": _("This field cannot be empty."),
        "string_too_long": _("This text is too long."),
        "string_pattern_mismatch": _("This text contains a character that is not allowed."),
        "greater_than_equal": _("The number is too small."),
        "greater_than": _("The number is too small."),
        "less_than_equal": _("The number is too large."),
        "less_than": _("The number is too large."),
        "json_invalid": _("The request body is not valid JSON."),
        "model_attributes_type": _("Send a JSON object."),
        "dict_type": _("Send a JSON object."),
        "model_type": _("Send a JSON object."),
        "list_type": _("Send a list."),
        "url_parsing": _("Enter a valid web address."),
        "url_scheme": _("Enter a valid web address."),
        "value_error": _("This value is not valid."),
        "extra_forbidden": _("This field is not known here; leave it out."),
    }


def _choices_message(error):
    expected = (error.get("ctx") or {}).get("expected", "")
    return _("Choose one of: %(choices)s.") % {"choices": str(expected).replace("'", "")}


_WHERE = {"body", "query", "path", "form", "file", "header", "cookie", "payload"}


def _field_name(loc):
    """A field's name as the caller wrote it: the location ("body", "query", ninja's parameter name) left out."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in _WHERE:
        where, parts = parts[0], parts[1:]
        if where == "body" and len(parts) > 1:
            parts = parts[1:]  # the JSON body's parameter name (payload) is no field of the body
    return ".".join(parts) or None


def _validation_errors(errors):
    """ninja's errors as [{field, message, loc, type}] in the user's language, with nothing of the input echoed
    back and each error once (`field` is null for the body as a whole)."""
    messages = _messages()
    out, seen = [], set()
    for error in errors:
        kind = str(error.get("type", ""))
        loc = [str(part) for part in error.get("loc", ())]
        ctx = error.get("ctx") or {}
        if kind in ("enum", "literal_error"):
            message = _choices_message(error)
        elif kind == "string_too_long" and "max_length" in ctx:
            message = _("This text can be at most %(max)s characters long.") % {"max": ctx["max_length"]}
        elif kind in ("greater_than_equal", "less_than_equal") and ("ge" in ctx or "le" in ctx):
            message = (_("The number must be at least %(limit)s.") if kind == "greater_than_equal"
                       else _("The number must be at most %(limit)s.")) % {"limit": ctx.get("ge", ctx.get("le"))}
        else:
            message = str(messages.get(kind, _("This value is not valid.")))
        field = _field_name(loc)
        if (field, message) in seen:
            continue
        seen.add((field, message))
        out.append({"field": field, "message": message, "loc": loc, "type": kind})
    return out


def _problem_from_data(status, data):
    """Whatever an endpoint returned with a 4xx/5xx status, as a problem body."""
    if hasattr(data, "model_dump"):
        data = data.model_dump(exclude_none=True)
    extra = {}
    detail = None
    if isinstance(data, dict):
        detail = data.get("detail") if isinstance(data.get("detail"), str) else None
        if isinstance(data.get("detail"), list):
            extra["errors"] = _validation_errors(data["detail"])
        for key in ("type", "title", "errors", "reasons"):
            if data.get(key) is not None:
                extra[key] = data[key]
    elif isinstance(data, str):
        detail = data
    if detail in ("Not found", "Not Found"):
        detail = None  # the translated default says it better
    return problem(status, detail, **extra)


class BygdevekstAPI(NinjaAPI):
    """NinjaAPI whose every error is a problem (RFC 9457), also for unknown paths and methods."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        if temporal_response is not None:
            status = temporal_response.status_code
        if status is not None and status >= 400:
            response = _problem_from_data(status, data)
            if temporal_response is not None:
                for header, value in temporal_response.items():
                    if header.lower() not in ("content-type", "content-length"):
                        response[header] = value
            return response
        return super().create_response(request, data, status=status, temporal_response=temporal_response)

    def set_default_exception_handlers(self):
        self.add_exception_handler(Exception, _server_error)
        self.add_exception_handler(integrity.IntegrityBroken, _integrity_broken)
        self.add_exception_handler(FileNotFoundError, _file_missing)
        self.add_exception_handler(ProblemError, _problem_error)
        self.add_exception_handler(Refused, _refused)
        self.add_exception_handler(ValidationError, _validation_error)
        self.add_exception_handler(AuthenticationError, _authentication_error)
        self.add_exception_handler(AuthorizationError, _authorization_error)
        self.add_exception_handler(HttpError, _http_error)
        self.add_exception_handler(Http404, _not_found)
        self.add_exception_handler(ObjectDoesNotExist, _not_found)
        self.add_exception_handler(PermissionDenied, _authorization_error)
        self.add_exception_handler(OverflowError, _out_of_range)
        self.add_exception_handler(DataError, _out_of_range)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        # The operations are fixed once the URLs are loaded, and building the schema walks every one of them
        # (about half a second): build it once per prefix and hand out copies, read back from its JSON text
        # (what the document serves anyway; twice as fast as a deep copy of the dictionaries).
        key = (path_prefix, tuple(sorted((path_params or {}).items())))
        cache = self.__dict__.setdefault("_schemas", {})
        if key not in cache:
            schema = _declare_links(_declare_problems(super().get_openapi_schema(path_prefix=path_prefix,
                                                                                 path_params=path_params)))
            cache[key] = json.dumps(schema, cls=NinjaJSONEncoder)
        return json.loads(cache[key])


def _problem_error(request, exc):
    return problem(exc.status, exc.detail, **exc.extra)


def _refused(request, exc):
    """Every refused action, whichever endpoint: 409 with the reasons in the caller's language (someone who
    saved first: also the current `lock_version`, to compare and send again)."""
    extra = dict(exc.api_data())
    if isinstance(exc, Stale) and isinstance(exc.current, int):
        extra.setdefault("lock_version", exc.current)
    # A refusal the pages answer as a bad form (400) is, for a schema-valid request, a refusal like any other.
    status = 409 if exc.status == 400 else exc.status
    return problem(status, str(exc), reasons=exc.reasons, **extra)


def _validation_error(request, exc):
    errors = _validation_errors(exc.errors)
    return problem(422, None, errors=errors)


def _authentication_error(request, exc):
    response = problem(401)
    response["WWW-Authenticate"] = 'Bearer realm="bygdevekst"'
    return response


def _authorization_error(request, exc):
    return problem(403)


def _http_error(request, exc):
    """ninja's own HttpErrors carry English (with DEBUG, Python's parse error too): the status's translated
    default instead, the words in the log."""
    logger.info("API %s on %s %s: %s", exc.status_code, request.method, request.path, exc)
    if "CSRF" in str(exc):
        return problem(exc.status_code, _("The form's security token (CSRF) is missing or wrong. Reload and try again."))
    return problem(exc.status_code)


def _not_found(request, exc):
    return problem(404)


def _out_of_range(request, exc):
    return problem(422, _("A number or a text in the request is too large or not allowed here."))


def _server_error(request, exc):
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return problem(500)


def _file_missing(request, exc):
    logger.error("stored file missing: %s (%s %s)", exc.filename, request.method, request.path)
    return problem(410, _("The stored file is missing. The error has been logged for the administrators."))


def _integrity_broken(request, exc):
    integrity.report(request, exc)
    return problem(integrity.STATUS, _("This record failed its integrity check and is not shown. "
                                       "The error has been logged for the administrators."), type="urn:bygdevekst:integrity-error", what=exc.what)


API_PREFIX = "/api/"
_INTEGER = re.compile(r"-?\d+")
_MAX_INT = 2**63 - 1  # the largest id or offset a database column can hold


# What each kind of declared body accepts: exactly what the OpenAPI description says (ninja's BODY_CONTENT_TYPES),
# plus multipart for plain form fields, which ninja reads the same way.
_ACCEPTED_TYPES = {
    "file": ("multipart/form-data",),
    "form": ("application/x-www-form-urlencoded", "multipart/form-data"),
    "body": ("application/json",),
}


def _accepted_types(operation):
    sources = {getattr(model, "__ninja_param_source__", None) for model in operation.models}
    for source in ("file", "form", "body"):  # a file makes the whole body multipart
        if source in sources:
            return _ACCEPTED_TYPES[source]
    return None


def require_declared_content_type(run):
    """Wraps every operation's run (api.add_decorator, mode "view"): a body of a type the operation does not
    declare is a 415 problem in the user's language, before ninja tries to read it (it would otherwise be a
    vague 400 or 422, or a JSON operation would read form fields as an empty object)."""
    operation = run.__self__
    accepted = _accepted_types(operation)
    if accepted is None:
        return run

    def checked(request, *args, **kwargs):
        if request.method in ("POST", "PUT", "PATCH") and request.content_type not in accepted:
            response = problem(415, _("This address accepts a request body of type %(types)s, not %(sent)s.") % {
                "types": f" {_('or')} ".join(accepted),
                "sent": request.content_type or "-"})
            response["Accept-Post"] = ", ".join(accepted)
            return response
        return run(request, *args, **kwargs)

    return checked


def _clamp_huge_numbers(request):
    """A query number beyond any database integer is clamped to the largest one: a filter on it
    matches nothing and an offset past the end gives an empty page, as for any other too-large value."""
    huge = {
        name: values for name, values in request.GET.lists()
        if any(_INTEGER.fullmatch(v) and abs(int(v)) > _MAX_INT for v in values)
    }
    if huge:
        query = request.GET.copy()
        for name, values in huge.items():
            query.setlist(name, [
                str(max(-_MAX_INT, min(_MAX_INT, int(v)))) if _INTEGER.fullmatch(v) else v for v in values
            ])
        request.GET = query


class ApiEdgeMiddleware:
    """What every API address answers before and after its endpoint, with Django's public middleware hooks
    (settings.MIDDLEWARE) rather than ninja's internals: a path number beyond any database id is a 404, a
    query number beyond any database integer is clamped, and an undeclared method is a 405 problem that
    keeps `Allow` (ninja's own answer lists the declared methods). NUL characters: core/input.py."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and request.path.startswith(API_PREFIX):
            methods = ", ".join(sorted(m.strip() for m in response.get("Allow", "").split(",") if m.strip()))
            if not response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE):
                response = problem(405, _("This address accepts only: %(methods)s.") % {"methods": methods or "-"})
            response["Allow"] = methods
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(API_PREFIX):
            return None
        if any(isinstance(v, int) and abs(v) > _MAX_INT for v in view_kwargs.values()):
            return problem(404)
        _clamp_huge_numbers(request)
        return None


def unknown_path(request, *args, **kwargs):
    """Any path under /api/v1/ that matches no endpoint (routed after the API in urls.py): a 404 problem (or
    the slash-appended address, as Django's APPEND_SLASH would do for the rest of the site)."""
    path = request.path
    if not path.endswith("/"):
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "problem-not-found":
            target = path + "/" + (f"?{request.META['QUERY_STRING']}" if request.META.get("QUERY_STRING") else "")
            if request.method in ("GET", "HEAD"):
                return HttpResponsePermanentRedirect(target)
            response = HttpResponse(status=308)
            response["Location"] = target
            return response
    return problem(404)


unknown_path.csrf_exempt = True


# OpenAPI links (the stateful phase of a generator such as schemathesis follows them): what an operation creates,
# by operationId suffix → {its 2xx status: {link name: (target operationId suffix, {parameter: expression})}}.
_IN_AGREEMENT = {"agreement_id": "$request.path.agreement_id"}
_RECORD = {**_IN_AGREEMENT, "record_id": "$response.body#/id"}
_MEETING = {"meeting_id": "$response.body#/id"}
LINKS = {
    "meetings_api_create_meeting": {"201": {
        "GetMeeting": ("meetings_api_get_meeting", _MEETING),
        "AddItem": ("meetings_api_add_item", _MEETING),
        "AddParticipant": ("meetings_api_add_participant", _MEETING),
        "RecordOutcomes": ("meetings_api_record_outcomes", _MEETING),
        "CancelMeeting": ("meetings_api_cancel_meeting", _MEETING),
        "AnswerMeeting": ("meetings_api_documents_answer_meeting", _MEETING),
        "ListAttachments": ("meetings_api_documents_list_attachments", _MEETING),
        "MinutesPdf": ("meetings_api_documents_minutes_pdf", _MEETING),
    }},
    "agreements_api_versions_create_comment": {"201": {
        "Resolve": ("agreements_api_versions_resolve_comment", {**_IN_AGREEMENT, "comment_id": "$response.body#/id"}),
    }},
    "agreements_api_draft_add_element": {"201": {
        "Edit": ("agreements_api_draft_edit_element", {**_IN_AGREEMENT, "kind": "$response.body#/kind",
                                                        "uid": "$response.body#/uid"}),
    }},
    "process_api_records_write_response": {"201": {
        "Get": ("process_api_get_response", {**_IN_AGREEMENT, "response_id": "$response.body#/id"}),
        "Approve": ("process_api_approve_state_response", {**_IN_AGREEMENT, "response_id": "$response.body#/id"}),
    }},
    "process_api_create_decision": {"201": {
        "Withdraw": ("process_api_withdraw_decision_api", {**_IN_AGREEMENT, "decision_id": "$response.body#/id"}),
    }},
    "process_api_records_record_exception": {"201": {
        "Withdraw": ("process_api_records_withdraw_exception", _RECORD)}},
    "process_api_records_confirm_commitments": {"201": {
        "Withdraw": ("process_api_records_withdraw_partner_confirmation", _RECORD)}},
    "process_api_records_confirm_county_commitment": {"201": {
        "Withdraw": ("process_api_records_withdraw_county_confirmation", _RECORD)}},
    "process_api_records_sign": {"201": {"Withdraw": ("process_api_records_withdraw_signing", _RECORD)}},
    "process_api_records_create_addendum": {"201": {
        "Send": ("process_api_records_send_addendum", {**_IN_AGREEMENT, "number": "$response.body#/number"})}},
}


def _declare_links(schema):
    ids = {op["operationId"]: op for item in schema.get("paths", {}).values() for op in item.values()
           if isinstance(op, dict) and "operationId" in op}

    def full(suffix):
        return next((name for name in ids if name.endswith(suffix)), None)

    for source, statuses in LINKS.items():
        operation = ids.get(full(source))
        if operation is None:
            continue
        for status, links in statuses.items():
            response = operation["responses"].get(status) or operation["responses"].get(int(status))
            if response is None:
                continue
            response["links"] = {name: {"operationId": full(target), "parameters": params}
                                 for name, (target, params) in links.items() if full(target)}
    return schema


def _declare_problems(schema):
    """Declare every problem status on every operation, as `application/problem+json`, and the
    token as optional (the public may read what is public)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem_schema.pop("$defs", {}))
    components["Problem"] = problem_schema
    ref = {"$ref": "#/components/schemas/Problem"}
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if operation.get("security"):
                # Anonymous callers may read public data: the token is optional ({} = no auth).
                operation["security"] = [*operation["security"], {}]
            responses = operation["responses"]
            for status in list(responses):
                if str(status).isdigit() and int(status) >= 400:
                    del responses[status]
            for status in PROBLEM_STATUSES:
                with translation.override("en"):
                    description = str(title_for(status))
                responses[status] = {
                    "description": description,
                    "content": {PROBLEM_CONTENT_TYPE: {"schema": ref}},
                }
    return schema


api = BygdevekstAPI(
    title="Bygdevekst API",
    version="1",
    description="Rural growth agreements: rounds, pilots, agreements and their process. "
    "Errors are application/problem+json (RFC 9457); lists take ?limit= (default 50, at most 500) and ?offset=.",
    auth=BearerOrSession(),
    urls_namespace="api",
)
api.add_decorator(require_declared_content_type, mode="view")

from bygdevekst.actionplans.api import router as actionplans_router  # noqa: E402
from bygdevekst.agreements.api import router as agreements_router  # noqa: E402
from bygdevekst.audit.api import router as history_router  # noqa: E402
from bygdevekst.correspondence.api import router as correspondence_router  # noqa: E402
from bygdevekst.meetings.api import router as meetings_router  # noqa: E402
from bygdevekst.notifications.api import router as notifications_router  # noqa: E402
from bygdevekst.organisations.api import router as organisations_router  # noqa: E402
from bygdevekst.process.api import router as process_router  # noqa: E402
from bygdevekst.process.api_tasks import router as tasks_router  # noqa: E402
from bygdevekst.programme.api import router as programme_router  # noqa: E402
from bygdevekst.search.api import router as search_router  # noqa: E402

api.add_router("/organisations", organisations_router)
api.add_router("/", programme_router)
api.add_router("/agreements", agreements_router)
api.add_router("/", actionplans_router)  # paths /agreements/{id}/action-plan…, /action-plans/{id}/…
api.add_router("/", correspondence_router)
api.add_router("/agreements", process_router)
api.add_router("/agreements", history_router)  # /agreements/{id}/history
api.add_router("/search", search_router)
api.add_router("/notifications", notifications_router)
api.add_router("/tasks", tasks_router)
api.add_router("/meetings", meetings_router)
from bygdevekst.webhooks.api import router as webhooks_router  # noqa: E402

api.add_router("/webhooks", webhooks_router)
