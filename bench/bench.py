# ruff: noqa: S310, S603, S607 -- a developer tool that starts our own programs and asks our own local server
"""`make bench`: the main pages under load and the heavy documents once, at national scale.

Builds (once) a database with the demo and `manage.py generate_scale_data`, starts gunicorn with production
settings (2 workers, as `make run`), signs a KDD case officer in, then runs `wrk -t2 -cC -dD` against each
page and `/healthz` in the same run and prints p50/p95/p99 and requests/s, with each page's throughput as a
share of `/healthz` (the machine's noise cancels out of that ratio). Then single-shot timings: PDF/A and
.docx of the largest version, comparing the two largest versions, the action-plan overview .xlsx, the PDF of the
largest plan the limits permit (as the task worker lays it out) and the import of a 1,000-measure workbook.

Engine: SQLite under var/bench/ unless BENCH_DATABASE_URL (or DATABASE_URL) names a PostgreSQL database.
Knobs: BENCH_SCALE (1.0), BENCH_DURATION (5s), BENCH_CONNECTIONS (8), BENCH_PORT (8765); BENCH_INSTANCES=2
adds a run of two gunicorn instances on the one database (ports BENCH_PORT+1 and +2), each page on both at once.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HERE = Path(__file__).resolve().parent


def database_url():
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return os.environ["DATABASE_URL"]
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{ROOT / 'var' / 'bench' / 'bench.sqlite3'}"


def server_env(url):
    return {**os.environ, "DATABASE_URL": url, "DJANGO_ENV": "production", "SECURE_SSL_REDIRECT": "0",
            "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789abcdefghij"),
            "DJANGO_SETTINGS_MODULE": "bygdevekst.settings", "DEBUG": "0", "TESTING": ""}


def prepare(env):
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    import django

    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_ENV", "SECRET_KEY", "SECURE_SSL_REDIRECT")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "bygdevekst.settings"
    sys.path.insert(0, str(ROOT))
    django.setup()
    from bygdevekst.programme.models import Pilot

    if not Pilot.objects.filter(name__startswith="Skala ").exists():
        scale = os.environ.get("BENCH_SCALE", "1.0")
        print(f"Generating the national-scale dataset (scale {scale}); this takes a few minutes once …")
        subprocess.run([PY, "manage.py", "generate_scale_data", "--scale", scale], cwd=ROOT, env=env, check=True)


def session_cookie():
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="kdd"))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def targets():
    from django.db.models import Count

    from bygdevekst.actionplans.models import ActionPlan
    from bygdevekst.agreements.models import Agreement

    # The agreement with the most versions; its two newest are the largest (each edit adds text).
    agreement = Agreement.objects.annotate(n=Count("versions")).order_by("-n", "pk").first()
    newest = list(agreement.versions.order_by("-number").values_list("number", flat=True)[:2])
    plan = ActionPlan.objects.annotate(n=Count("measures")).order_by("-n", "pk").first()
    return agreement, newest, plan


def wait_for(base, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz")


def drain(base, seconds=120):
    """Wait until the workers have finished what wrk left queued, so the next page starts on idle workers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            urllib.request.urlopen(base + "/healthz", timeout=seconds).read()
        except OSError:
            pass
        if time.monotonic() - started < 1.0:
            return


def wrk(url, cookie, duration, connections):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--timeout", "30s", "-s", str(HERE / "percentiles.lua"),
         "-H", f"Cookie: {cookie}", "-H", "X-Forwarded-Proto: https", url],
        capture_output=True, text=True, check=True,
    ).stdout
    match = re.search(r"^BENCH (\{.*\})$", out, re.MULTILINE)
    return json.loads(match.group(1))


def wrk_both(bases, path, cookie, duration, connections):
    """The same page on several instances at once (each with its own wrk): requests/s summed, latencies the
    worst instance's."""
    procs = [
        subprocess.Popen(
            ["wrk", "-t1", f"-c{connections}", f"-d{duration}", "--timeout", "30s", "-s",
             str(HERE / "percentiles.lua"), "-H", f"Cookie: {cookie}", "-H", "X-Forwarded-Proto: https", base + path],
            stdout=subprocess.PIPE, text=True)
        for base in bases
    ]
    results = [json.loads(re.search(r"^BENCH (\{.*\})$", p.communicate()[0], re.MULTILINE).group(1)) for p in procs]
    return {
        "p50": max(r["p50"] for r in results), "p95": max(r["p95"] for r in results),
        "p99": max(r["p99"] for r in results), "rps": sum(r["rps"] for r in results),
        "requests": sum(r["requests"] for r in results),
        "errors": sum(r["errors"] + r["non2xx"] for r in results),
    }


def two_instances(env, cookie, duration, connections, port):
    """Two gunicorn instances (2 workers each) on the one database, as behind a proxy: each page on both at once."""
    bases = [f"http://127.0.0.1:{int(port) + 1 + i}" for i in range(2)]
    servers = [
        subprocess.Popen(
            [str(Path(PY).parent / "gunicorn"), "bygdevekst.wsgi", "--bind", base.removeprefix("http://"),
             "--workers", "2", "--no-control-socket", "--timeout", "120"], cwd=ROOT, env=env)
        for base in bases
    ]
    try:
        for base in bases:
            wait_for(base)
        half = max(1, int(connections) // 2)
        print(f"\ntwo instances on one database, wrk -t1 -c{half} -d{duration} against each at once, "
              f"load average {os.getloadavg()[0]:.1f}")
        print(f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'% healthz':>9} {'errors':>6}")
        health = None
        for name, path in [("/healthz", "/healthz"), ("KDD overview", "/"), ("action-plan overview", "/action-plans/"),
                           ("API agreements", "/api/v1/agreements/")]:
            for base in bases:
                drain(base)
            result = wrk_both(bases, path, cookie, duration, half)
            health = health or result
            share = 100 * result["rps"] / health["rps"] if health["rps"] else 0
            print(f"{name:28} {result['p50']:8.1f} {result['p95']:8.1f} {result['p99']:8.1f} {result['rps']:8.1f} "
                  f"{share:8.0f}% {result['errors']:6d}", flush=True)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def once(base, path, cookie):
    request = urllib.request.Request(base + path, headers={"Cookie": cookie, "X-Forwarded-Proto": "https"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=90) as answer:
        body = answer.read()
        status = answer.status
    return time.perf_counter() - started, status, len(body)


def import_timing(plan, measures=1000):
    """Import a workbook of `measures` measures into a copy of the largest plan's agreement, in-process."""
    from io import BytesIO

    from openpyxl import load_workbook

    from bygdevekst.accounts.models import User
    from bygdevekst.actionplans.domain.importing import import_plan
    from bygdevekst.actionplans.domain.snapshot import plan_measures
    from bygdevekst.actionplans.spreadsheet import MEASURE_COLUMNS, SHEET_MEASURES, export_workbook

    wb = load_workbook(BytesIO(export_workbook(plan, plan_measures(plan))))
    sheet = wb[SHEET_MEASURES]
    template = [c.value for c in sheet[2]]
    keys = [key for key, *_ in MEASURE_COLUMNS]
    number_col, uid_cols = keys.index("number"), [keys.index("uid")]
    for row in range(sheet.max_row, 1, -1):
        sheet.delete_rows(row)
    for n in range(1, measures + 1):
        values = list(template)
        values[number_col] = n
        for i in uid_cols:
            values[i] = None
        sheet.append(values)
    buffer = BytesIO()
    wb.save(buffer)
    from django.urls import reverse

    reverse("programme:home")  # load the URLconf first, as a serving process has: not part of the import
    started = time.perf_counter()
    result = import_plan(plan.agreement, buffer.getvalue(), actor=User.objects.get(username="kdd"))
    elapsed = time.perf_counter() - started
    return elapsed, result


def largest_plan_pdf_timing():
    """Lay out the PDF of the largest plan the limits permit (MAX_MEASURES measures, every text at its longest), as
    the task worker does, in-process: the largest plan that is not frozen is grown to the limit in a transaction
    that is rolled back, and nothing is stored."""
    import uuid

    from django.db import transaction
    from django.db.models import Count

    from bygdevekst.actionplans import limits
    from bygdevekst.actionplans.enums import PlanStatus
    from bygdevekst.actionplans.exports import _pdf_source
    from bygdevekst.actionplans.models import ActionPlan, Measure
    from bygdevekst.core.pdf import write_pdf

    plan = (ActionPlan.objects.exclude(status=PlanStatus.FROZEN).annotate(n=Count("measures"))
            .order_by("-n", "pk").first())
    texts = {"title": ("Tiltak med lang tittel " * 14)[:300],
             "description": ("Beskrivelse av tiltaket, med mange ord. " * 40)[: limits.MAX_DESCRIPTION],
             "indicator": "i" * 500, "baseline": "b" * 200, "target": "t" * 200}
    with transaction.atomic():
        first = plan.measures.order_by("number").first()
        plan.measures.update(**texts)
        Measure.objects.bulk_create(
            Measure(plan=plan, uid=uuid.uuid4(), number=n, sub_goal_uids=first.sub_goal_uids,
                    responsible_id=first.responsible_id, status=first.status, **texts)
            for n in range(plan.measures.count() + 1, limits.MAX_MEASURES + 1)
        )
        html, seed, _name = _pdf_source(plan)
        started = time.perf_counter()
        content = write_pdf(html, seed=seed)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed, len(content)


def main():
    duration = os.environ.get("BENCH_DURATION", "5s")
    connections = os.environ.get("BENCH_CONNECTIONS", "8")
    port = os.environ.get("BENCH_PORT", "8765")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    url = database_url()
    env = server_env(url)
    prepare(env)
    from django.db import connection

    agreement, (newest, previous), plan = targets()
    cookie = session_cookie()
    connection.close()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "bygdevekst.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--no-control-socket", "--timeout", "120"], cwd=ROOT, env=env)
    try:
        wait_for(base)
        pages = [
            ("/healthz", "/healthz"),
            ("KDD overview", "/"),
            ("action-plan overview", "/action-plans/"),
            ("search bolig", "/search/?q=bolig"),
            (f"agreement ({newest} versions)", f"/agreements/{agreement.pk}/"),
            ("versions list", f"/agreements/{agreement.pk}/versions/"),
            ("compare two largest", f"/agreements/{agreement.pk}/compare/?from={previous}&to={newest}"),
            ("API agreements", "/api/v1/agreements/"),
            ("cases", "/cases/"),
            ("open data index", "/open-data/"),
        ]
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        load = os.getloadavg()
        print(f"\n{engine}, wrk -t2 -c{connections} -d{duration}, load average {load[0]:.1f}")
        print(f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'% healthz':>9} {'errors':>6}")
        health = wrk(base + "/healthz", cookie, duration, connections)
        rows = []
        for name, path in pages:
            drain(base)
            result = health if path == "/healthz" else wrk(base + path, cookie, duration, connections)
            rows.append((name, result))
            if not result["requests"]:
                print(f"{name:28} no answer within {duration}", flush=True)
                continue
            share = 100 * result["rps"] / health["rps"] if health["rps"] else 0
            print(f"{name:28} {result['p50']:8.1f} {result['p95']:8.1f} {result['p99']:8.1f} {result['rps']:8.1f} "
                  f"{share:8.0f}% {result['errors'] + result['non2xx']:6d}", flush=True)
        print("\nsingle shot")
        for name, path in [
            ("PDF/A of the largest version", f"/agreements/{agreement.pk}/versions/{newest}.pdf"),
            ("PDF/A again (cached)", f"/agreements/{agreement.pk}/versions/{newest}.pdf"),
            (".docx of the largest version", f"/agreements/{agreement.pk}/versions/{newest}.docx"),
            ("compare of the two largest", f"/agreements/{agreement.pk}/compare/?from={previous}&to={newest}"),
            ("action-plan overview .xlsx", "/action-plans/overview.xlsx"),
        ]:
            try:
                elapsed, status, size = once(base, path, cookie)
            except OSError as error:
                print(f"{name:34} failed: {error}", flush=True)
                drain(base)
                continue
            print(f"{name:34} {elapsed * 1000:8.0f} ms  {status}  {size / 1024:.0f} kB", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if os.environ.get("BENCH_INSTANCES", "1") == "2":
        two_instances(env, cookie, duration, connections, port)
    elapsed, size = largest_plan_pdf_timing()
    print(f"PDF of the largest permitted plan (1,000 measures) {elapsed * 1000:8.0f} ms  {size / 1024:.0f} kB", flush=True)
    elapsed, result = import_timing(plan)
    print(f"{'import of 1,000 measures':34} {elapsed * 1000:8.0f} ms  "
          f"{'ok' if not result.problems else 'problems: ' + str(result.problems[:3])}")


if __name__ == "__main__":
    main()
