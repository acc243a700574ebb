# ruff: noqa: S603, T201 -- a developer tool that starts our own manage.py and prints its figures
"""`python bench/frame.py`: what the page frame costs per request, in-process (docs/performance.md, Session 6).

Every signed-in HTML page pays for the frame before its view does anything: the session and the user, the
memberships (roles), the menu with its unread-notification badge, and base.html itself. The test suite makes
~10,000 such requests, production every one. This prints, per page, the CPU per request
(`time.process_time()` over N requests after a warm-up, so other processes on the machine count less than in
wall time) and the queries of one request.

Database: a SQLite file with the demo (made once: migrate + load_demo), FRAME_DATABASE_URL to use another.
Settings as the tests run them (TESTING=1) unless FRAME_SETTINGS=production (static files collected first, named by
their hash as production serves them).
Knobs: FRAME_N (200 requests per page), FRAME_ROUNDS (3: the median of the rounds is printed),
FRAME_PROFILE=path (cProfile of the signed-in privacy page written there).
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def setup():
    url = os.environ.get("FRAME_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'frame.sqlite3'}")
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bygdevekst.settings", "DEBUG": "0"}
    if os.environ.get("FRAME_SETTINGS") != "production":
        env["TESTING"] = "1"
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "load_demo", "--if-empty"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    if "TESTING" not in env:  # the manifest of hashed static names, as production serves them
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")})
    if "TESTING" in env:
        os.environ["TESTING"] = "1"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def pages():
    """(label, username or None, method, path, expected status)."""
    return [
        ("/healthz, anonymous", None, "get", "/healthz", 200),
        ("privacy page, anonymous", None, "get", "/about/privacy/", 200),
        ("privacy page, KDD", "kdd", "get", "/about/privacy/", 200),
        ("privacy page, project manager", "trysil", "get", "/about/privacy/", 200),
        ("404, KDD", "kdd", "get", "/no-such-page/", 404),
        ("403, KDD (the action log)", "kdd", "get", "/audit/", 403),
        ("405, KDD (POST to the privacy page)", "kdd", "post", "/about/privacy/", 405),
    ]


class Counted:
    """The queries of one request (CaptureQueriesContext loses them: each request starts by resetting the log)."""

    def __init__(self):
        self.sql = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)


def measure(n, rounds):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    clients = {}

    def client(username):
        if username not in clients:
            clients[username] = Client()
            if username is not None:
                clients[username].force_login(get_user_model().objects.get(username=username))
        return clients[username]

    rows = []
    for label, username, method, path, status in pages():
        c = client(username)
        ask = getattr(c, method)
        for _ in range(20):  # warm: templates compiled, caches filled
            response = ask(path)
            assert response.status_code == status, (path, response.status_code)
        queries = Counted()
        with connection.execute_wrapper(queries):
            ask(path)
        times = []
        for _ in range(rounds):
            start = time.process_time()
            for _ in range(n):
                ask(path)
            times.append((time.process_time() - start) / n * 1000)
        rows.append((label, statistics.median(times), min(times), len(queries.sql),
                     [sql[:100] for sql in queries.sql]))
    return rows


def profile(path_out):
    import cProfile

    from django.contrib.auth import get_user_model
    from django.test import Client

    c = Client()
    c.force_login(get_user_model().objects.get(username="kdd"))
    for _ in range(20):
        c.get("/about/privacy/")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(300):
        c.get("/about/privacy/")
    profiler.disable()
    profiler.dump_stats(path_out)
    print(f"profile of 300 signed-in privacy pages written to {path_out}")


def main():
    setup()
    import logging

    from django.db import transaction

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 405s would each log a warning
    # One transaction around it all, as in the tests: the connection stays open between requests (SQLite's is
    # otherwise reopened per request, CONN_MAX_AGE 0) and the sessions and log rows it writes are rolled back.
    with transaction.atomic():
        run()
        transaction.set_rollback(True)


def run():
    n = int(os.environ.get("FRAME_N", "200"))
    rounds = int(os.environ.get("FRAME_ROUNDS", "3"))
    print(f"CPU ms per request (median / best of {rounds} rounds of {n}), queries of one request; "
          f"load average {os.getloadavg()[0]:.1f}")
    print("| page | CPU ms (median) | best | queries |\n|---|---|---|---|")
    for label, median, best, count, sql in measure(n, rounds):
        print(f"| {label} | {median:.2f} | {best:.2f} | {count} |")
        if os.environ.get("FRAME_SQL"):
            for line in sql:
                print(f"|   | {line} | | |")
    if os.environ.get("FRAME_PROFILE"):
        profile(os.environ["FRAME_PROFILE"])


if __name__ == "__main__":
    main()
