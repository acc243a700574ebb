"""The history in words, in the browser: the agreement's history and the administrators' log, opened, pass axe
(WCAG 2.1 A and AA) and show sentences, not codes."""

import pytest

from tests.browser.conftest import (  # noqa: F401  (fixtures of the browser tiers)
    _app_server_thread,
    _require_chromium,
    app_server,
    browser_context_args,
    browser_type_launch_args,
    login,
)
from tests.browser.crawl import audit, prepare

pytestmark = [
    pytest.mark.a11y,
    # pytest-playwright 0.10 declares its session fixtures in a way pytest 9 deprecates (as tests/browser says)
    pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods"),
]


def _open_all_details(page):
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


def test_the_agreements_history_in_words_has_no_axe_violations(app_server, page, demo):  # noqa: F811
    agreement = demo["pilots"]["Nord-Troms"].agreement
    prepare(page)
    login(page, "kafjord")
    page.goto(f"{app_server.url}/agreements/{agreement.pk}/")
    _open_all_details(page)
    history = page.locator("section.timeline")
    assert "endret avtalens status fra «til godkjenning» til «godkjent»" in history.inner_text()
    assert history.locator("code").count() == 0
    findings = audit(page, "kafjord", "history", {"include": [["section.timeline"]]})
    assert not findings, "\n".join(str(f) for f in findings)


def test_the_administrators_log_in_words_has_no_axe_violations(app_server, page):  # noqa: F811
    prepare(page)
    login(page, "admin")
    page.goto(f"{app_server.url}/audit/")
    _open_all_details(page)
    table = page.locator("table")
    assert table.locator("code").count() == 0 and "Logget inn" in table.inner_text()
    findings = audit(page, "admin", "/audit/")
    assert not findings, "\n".join(str(f) for f in findings)
