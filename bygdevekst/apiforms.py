"""The API's write operations run the web page's own Django form, so a request is checked by the same rules.

The operation's schema already refused what it can state (422 from django-ninja). What only the form knows — an id
that is not one of this agreement's parties, a number another measure has, a year already reported — is a refusal
of a schema-valid request: 409 with `reasons` (each "field label: message", in the user's language) and `errors`
naming the field, never a 422 (issue contract: a schema-valid request is refused, not rejected).
"""

from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field

from bygdevekst.apierrors import NO_NUL, ProblemError  # noqa: F401  NO_NUL: the routers import it from here too

# A required text: something other than spaces (forms strip input, so "  " is empty to them).
NOT_BLANK = r"^[^\x00]*[^\x00\s][^\x00]*$"
# A multipart text field also refuses U+FFFD: Django makes that of bytes that are not UTF-8 (core/input.py).
_FORM_PATTERNS = {NO_NUL: r"^[^\x00\uFFFD]*$", NOT_BLANK: r"^[^\x00\uFFFD]*[^\x00\uFFFD\s][^\x00\uFFFD]*$"}


def _state_text_rule(prop, form):
    """A text property states the rule core/input.py enforces on every request, unless it has a stricter shape of
    its own (an enum, a format, a time pattern)."""
    for alternative in prop.get("anyOf", []):
        _state_text_rule(alternative, form)
    if prop.get("type") == "array" and isinstance(prop.get("items"), dict):
        _state_text_rule(prop["items"], form)
    if prop.get("type") != "string" or any(key in prop for key in ("enum", "const", "format")):
        return
    pattern = prop.setdefault("pattern", NO_NUL)
    if form:
        prop["pattern"] = _FORM_PATTERNS.get(pattern, pattern)


def _stated_rules(form):
    def extra(schema, model):
        for prop in schema.get("properties", {}).values():
            _state_text_rule(prop, form)

    return extra


def pdf_parts(*names):
    """`openapi_extra` for a multipart operation whose file parts are PDFs: the description states each part's
    content type, so a client (or a generator) knows to send a PDF there."""
    encoding = {name: {"contentType": "application/pdf"} for name in names}
    return {"requestBody": {"content": {"multipart/form-data": {"encoding": encoding}}}}


class Input(Schema):
    """Base of every JSON body the API reads. An unknown field is a 422 naming it (`additionalProperties: false`
    in the OpenAPI description), and every text field states the NUL rule as its pattern, so a client generated
    from the description never sends what core/input.py refuses."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_stated_rules(form=False))


class FormInput(Schema):
    """Base of a multipart form the API reads (a body with a file): its text fields state the NUL rule and that
    U+FFFD is refused there. django-ninja describes a form field by field (no `additionalProperties`), so a field the
    form does not know is ignored, as a web form's would be."""

    model_config = ConfigDict(json_schema_extra=_stated_rules(form=True))


def _whole_number(value):
    """JSON Schema's integer: 3 and 3.0, never "3" or true (which pydantic's lax int would take)."""
    if isinstance(value, (bool, str)) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(_("Give a whole number."))
    return int(value) if isinstance(value, float) else value


# An integer in a JSON body, exactly as the OpenAPI description states it.
WholeInt = Annotated[int, BeforeValidator(_whole_number)]


def whole(ge=None, le=None):
    """WholeInt with its bounds inside the type, so that `whole(1) | None` states them in the OpenAPI description
    (bounds given to the Field of an optional field come out as pydantic's own words, which no generator reads)."""
    return Annotated[int, Field(ge=ge, le=le), BeforeValidator(_whole_number)]


def form_data(payload, **extra):
    """A payload as form data: None left out (a form field cannot carry null), lists kept as lists."""
    data = {key: value for key, value in payload.dict().items() if value is not None}
    for key, value in list(data.items()):
        if isinstance(value, list):
            data[key] = [str(v) for v in value]
        elif isinstance(value, bool):
            data[key] = "on" if value else ""
        elif not isinstance(value, str):
            data[key] = str(value)
    data.update(extra)
    return data


def form_reasons(form):
    """A form's objections as `reasons` (each "field label: message" once, never `__all__`) and `errors`
    ({loc, msg, type}: the problem body names the field and the message)."""
    reasons, errors = [], []
    for name, messages in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        for message in messages:
            reason = f"{label}: {message}" if label else str(message)
            if reason not in reasons:
                reasons.append(reason)
            errors.append({"loc": ["body", name if name != "__all__" else ""], "msg": str(message), "type": "form"})
    return reasons, errors


def valid_form(form):
    """The form, cleaned; or a 409 problem with the form's own reasons and errors. Every router runs a page's form
    for an API body through this one function."""
    if not form.is_valid():
        reasons, errors = form_reasons(form)
        raise ProblemError(
            409, _("The request was not carried out; nothing was changed."), reasons=reasons, errors=errors
        )
    return form
