"""Browser tiers (markers `browser` and `a11y`): Playwright driving Debian's Chromium against
pytest-django's live server.

The demo is loaded once per test database (tests/conftest.py). pytest-django's `live_server` fixture
makes a test transactional, and the flush after a transactional test empties every table, demo
included. On the in-memory SQLite test database pytest-django's LiveServer shares the test's own
connection, so the `app_server` fixture below runs it inside the ordinary `db` transaction instead:
the server sees the demo and the test's writes, and everything it writes is rolled back after the
test. With pytest-xdist each worker is its own process with its own in-memory database and its own
live server on a free port.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in the test thread; ORM calls there are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
DEMO_PASSWORD = "demo"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SERVER = {"url": ""}  # this worker's live server, set for each live-server test


def pytest_configure(config):
    # pytest-playwright 0.10 declares its session fixtures in a way pytest 9 deprecates; not ours to fix.
    config.addinivalue_line("filterwarnings", "ignore:Session-scoped fixtures defined as instance methods")


def chromium_available():
    return CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)


@pytest.fixture(autouse=True)
def _require_chromium():
    """The one acceptable skip: no Chromium outside CI. In CI a missing browser is an error."""
    if chromium_available():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must apt-get install chromium", pytrace=False)
    pytest.skip("Chromium not installed: apt-get install chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nb-NO", "timezone_id": "Europe/Oslo"}


@pytest.fixture(scope="session")
def _app_server_thread(django_db_setup, django_db_blocker):
    """pytest-django's LiveServer (the class behind its `live_server` fixture), one per xdist worker."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost:0")
    yield server
    server.stop()


@pytest.fixture
def app_server(_app_server_thread, db):
    """The live server for one test, inside the test's `db` transaction (see the module docstring).

    Not named `live_server`: pytest-django makes any test using a fixture of that name transactional."""
    from django.db import DEFAULT_DB_ALIAS, connection, connections

    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        pytest.fail("The browser tiers run on the SQLite test database (see .ci/run): "
                    "-m 'not browser and not a11y' on other databases", pytrace=False)
    # Serve with this test's connection, the one holding the test's transaction (the server threads
    # read this dict on every request).
    current = connections[DEFAULT_DB_ALIAS]
    override = _app_server_thread.thread.connections_override
    if override.get(DEFAULT_DB_ALIAS) is not current:
        current.inc_thread_sharing()
        override[DEFAULT_DB_ALIAS] = current
    _app_server_thread._live_server_modified_settings.enable()
    SERVER["url"] = _app_server_thread.url
    yield _app_server_thread
    _app_server_thread._live_server_modified_settings.disable()


def login(page, username, password=DEMO_PASSWORD):
    """Log in through the real login form (the test must use `app_server`); ends on the home page."""
    page.goto(f"{SERVER['url']}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    assert "/accounts/login/" not in page.url, f"login as {username} failed"
    return page


@pytest.fixture
def site(app_server, page):
    """The live server's URL with a fresh page: `site.url`, `site.page`, `site.login(username)`."""

    class Site:
        url = app_server.url

        def __init__(self):
            self.page = page

        def go(self, path):
            response = page.goto(self.url + path)
            assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
            return response

        def login(self, username):
            return login(page, username)

    return Site()


def save_screenshot(page, name):
    """Full-page screenshot to test-artifacts/screenshots/<name>.png (gitignored)."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def save_report(role, visited, findings, problems, seconds):
    """test-artifacts/a11y/<role>.txt: what the crawl saw, for reading after a failing run."""
    folder = ARTIFACTS / "a11y"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"{role}: {len(visited)} pages in {seconds:.1f} s", "", "Pages:", *visited, "",
             f"Violations ({len(findings)}):", *(str(f) for f in findings), "", f"Problems ({len(problems)}):", *problems]
    (folder / f"{role}.txt").write_text("\n".join(lines) + "\n")


def pytest_terminal_summary(terminalreporter):
    """Print what the accessibility tier cost, so its budget (about 4 minutes on 2 cores) stays visible."""
    reports = [r for outcome in ("passed", "failed") for r in terminalreporter.stats.get(outcome, [])
               if getattr(r, "when", "") == "call" and "a11y" in getattr(r, "keywords", {})]
    if reports:
        total = sum(r.duration for r in reports)
        workers = len({getattr(getattr(r, "node", None), "workerinput", {}).get("workerid") for r in reports}) or 1
        terminalreporter.write_line(
            f"a11y tier: {len(reports)} tests, {total:.0f} s of test time"
            f" (≈ {total / workers:.0f} s wall on {workers} worker{'s' if workers > 1 else ''})")
