"""schemathesis against the whole API, in-process, with a KDD case officer's and a project manager's bearer token and every check.

Bounded (a few examples per operation and phase, deterministic) so that it runs in well under two
minutes; the CLI equivalent is `schemathesis run http://127.0.0.1:8000/api/v1/openapi.json --checks all
-H "Authorization: Bearer $TOKEN"`.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

MAX_EXAMPLES = 3
pytestmark = pytest.mark.fuzz  # every test here (tests/conftest.py leaves the module unimported when -m excludes fuzz)


@pytest.fixture(params=["kdd", "trysil"])
def token_headers(db, request):
    """A KDD case officer's token and a project manager's: every operation with both."""
    from django.contrib.auth import get_user_model

    from bygdevekst.accounts.models import ApiToken

    _token, raw = ApiToken.issue(get_user_model().objects.get(username=request.param), "schemathesis")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture(autouse=True)
def keep_connection_open():
    """Django closes the database connection when a request finishes; its test client switches that
    off, schemathesis' WSGI client does not. On PostgreSQL the close would end the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Loaded at collection: the OpenAPI document needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def _file_parts(case):
    operation = schema.raw_schema["paths"][case.operation.path][case.operation.method.lower()]
    form = operation.get("requestBody", {}).get("content", {}).get("multipart/form-data", {})
    return {name for name, prop in form.get("schema", {}).get("properties", {}).items() if prop.get("format") == "binary"}


def _excluded_checks(case, response):
    """A file part's bytes are judged by content (a PDF, not empty, within the limit; tests/security and
    tests/api/test_meetings_api_more.py pin those answers): no OpenAPI schema can say what a PDF's bytes are, so a
    generated file is mostly not one, and a 422 whose errors name only file parts is that judgement, not a rejected
    schema-valid request. Every other check still runs on such an answer, and every other 422 still fails."""
    if response.status_code != 422 or not (parts := _file_parts(case)):
        return []
    errors = response.json().get("errors") or []
    return [positive_data_acceptance] if errors and all(e.get("field") in parts for e in errors) else []


@pytest.mark.fuzz
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_description(case, token_headers):
    response = case.call(headers=token_headers)
    case.validate_response(response, headers=token_headers, excluded_checks=_excluded_checks(case, response))


@pytest.mark.fuzz
def test_stateful_phase_follows_the_links(token_headers):
    """The stateful phase: schemathesis follows the OpenAPI links (a created meeting, comment, response,
    record …) from one operation to the next, with every check on each answer."""
    from hypothesis.stateful import run_state_machine_as_test

    base = schema.as_state_machine()

    class Machine(base):
        def get_call_kwargs(self, case):
            return {"headers": token_headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, additional_checks=additional_checks,
                                   excluded_checks=_excluded_checks(case, response), transport_kwargs=kwargs or None,
                                   recorder=self.recorder)

    run_state_machine_as_test(Machine, settings=settings(
        max_examples=MAX_EXAMPLES * 3, stateful_step_count=4, deadline=None, derandomize=True,
        suppress_health_check=list(HealthCheck)))
