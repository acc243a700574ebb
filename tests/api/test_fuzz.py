"""schemathesis against the whole API, in-process, with a KDD case officer's and a project manager's bearer token and every check.

Bounded (a few examples per operation and phase, deterministic) so that it runs in well under two
minutes; the CLI equivalent is `schemathesis run http://127.0.0.1:8000/api/v1/openapi.json --checks all
-H "Authorization: Bearer $TOKEN"`.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

MAX_EXAMPLES = 3


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


@pytest.mark.fuzz
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_description(case, token_headers):
    case.call_and_validate(headers=token_headers)


@pytest.mark.fuzz
def test_stateful_phase_follows_the_links(token_headers):
    """The stateful phase: schemathesis follows the OpenAPI links (a created meeting, comment, response,
    record …) from one operation to the next, with every check on each answer."""
    from hypothesis.stateful import run_state_machine_as_test

    base = schema.as_state_machine()

    class Machine(base):
        def get_call_kwargs(self, case):
            return {"headers": token_headers}

    run_state_machine_as_test(Machine, settings=settings(
        max_examples=MAX_EXAMPLES * 3, stateful_step_count=4, deadline=None, derandomize=True,
        suppress_health_check=list(HealthCheck)))
