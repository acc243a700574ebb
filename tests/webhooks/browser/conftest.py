"""The browser tier's fixtures (tests/browser/conftest.py), for the webhook pages' audit here."""

from tests.browser.conftest import (  # noqa: F401  fixtures
    _app_server_thread,
    _require_chromium,
    app_server,
    browser_context_args,
    browser_type_launch_args,
)
