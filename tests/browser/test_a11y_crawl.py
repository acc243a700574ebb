"""Every page each demo role can reach, audited with axe-core (WCAG 2.1 A and AA): zero violations."""

import time

import pytest

from tests.conftest import DEMO_ROLES

from .conftest import login, save_report
from .crawl import API_DOCS, audit, crawl, prepare

pytestmark = pytest.mark.a11y


@pytest.mark.parametrize("username", [*DEMO_ROLES, None], ids=lambda u: u or "anonymous")
def test_every_reachable_page_has_no_axe_violations(app_server, page, username):
    role = username or "anonymous"
    started = time.monotonic()
    prepare(page)
    if username:
        login(page, username)
    visited, findings, problems, axe_seconds, skipped = crawl(page, app_server.url, role)
    seconds = time.monotonic() - started
    save_report(role, visited, findings, problems, seconds)
    print(f"\n[a11y] {role}: {len(visited)} pages in {seconds:.1f} s ({axe_seconds:.1f} s in axe; "
          f"{skipped} pages identical to ones audited before)")
    assert len(visited) >= 3, f"{role} reached only {visited}"
    lines = [str(f) for f in findings] + problems
    assert not lines, f"{len(findings)} axe violations, {len(problems)} other problems for {role}:\n" + "\n".join(lines)


def test_api_docs_have_no_axe_violations(app_server, page):
    prepare(page)
    login(page, "kdd")
    response = page.goto(app_server.url + API_DOCS)
    assert response.ok
    page.wait_for_selector(".swagger-ui .information-container, .swagger-ui .opblock", timeout=15000)
    findings = audit(page, "kdd", API_DOCS)
    assert not findings, "\n".join(str(f) for f in findings)
