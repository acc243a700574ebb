"""The main pages' cost per request, in-process: CPU time, queries, and the queries repeated within one request.

    .venv/bin/python bench/pages.py                       # every demo role × tests/pages main_pages(), 5 repeats
    .venv/bin/python bench/pages.py --repeat 9 --roles kdd,trysil --dump /tmp/html-after
    diff -r /tmp/html-before /tmp/html-after               # the same HTML for the same data

The demo database is built once (migrate + load_demo, SQLite) under var/bench-pages/ and copied afresh for each
run, so every run reads the same rows. Each page is requested once to warm the caches (as a running server would
have them), then `--repeat` times: the CPU time is the median of `time.process_time()` around the test client's
GET (middleware, view, templates; the test client's own work is in it too), the queries are counted in one of
them with `CaptureQueriesContext`, and "repeated" is how many of those queries ran with SQL and parameters
identical to an earlier query of the same request. `--dump DIR` writes each page's HTML with the per-request
tokens (CSRF, CSP nonce) blanked, for comparing two checkouts byte for byte.
"""

import argparse
import atexit
import collections
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOKENS = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken" value=""'),
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r'"X-CSRFToken": ?"[^"]*"'), '"X-CSRFToken": ""'),
    (re.compile(r'name="csrf-token" content="[^"]*"'), 'name="csrf-token" content=""'),
]


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--roles", default="", help="comma-separated demo usernames (default: every demo role)")
    parser.add_argument("--pages", default="", help="only URLs containing this text")
    parser.add_argument("--template-db", default=str(ROOT / "var" / "bench-pages" / "demo.sqlite3"))
    parser.add_argument("--dump", default="", help="write each page's HTML (tokens blanked) under this folder")
    parser.add_argument("--repeated", type=int, default=0, help="list the N most repeated queries over the run")
    return parser.parse_args()


def build(template):
    """migrate + load_demo into `template` (a process of its own: settings read DATABASE_URL once)."""
    os.environ["DATABASE_URL"] = f"sqlite:///{template}"
    import django

    django.setup()
    from django.core.management import call_command

    from bygdevekst.demo.loader import load_demo

    call_command("migrate", verbosity=0, interactive=False)
    load_demo()


def setup(template_db):
    """Django on a fresh copy of the demo database (built once)."""
    os.environ.setdefault("TESTING", "1")  # static files from the finders, nothing collected
    os.environ["BYGDEVEKST_TEST_DB_CACHE"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bygdevekst.settings")
    template = Path(template_db)
    if not template.exists():
        template.parent.mkdir(parents=True, exist_ok=True)
        print(f"building {template} (migrate, load_demo) …", flush=True)
        subprocess.run([sys.executable, __file__, "--build", str(template)], check=True)  # noqa: S603  this script
    folder = tempfile.mkdtemp(prefix="bench-pages-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    target = Path(folder) / "demo.sqlite3"
    shutil.copyfile(template, target)
    os.environ["DATABASE_URL"] = f"sqlite:///{target}"
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()


def normalised(content):
    text = content.decode("utf-8", "replace")
    for pattern, replacement in TOKENS:
        text = pattern.sub(replacement, text)
    return text


def kind(url):
    return re.sub(r"/\d+/", "/<n>/", re.sub(r"/\d+/", "/<n>/", url))


def measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: a running server has its caches filled
    times = []
    for _ in range(repeat):
        start = time.process_time()
        client.get(url)
        times.append(time.process_time() - start)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    seen = collections.Counter(q["sql"] for q in captured.captured_queries)
    repeated = sum(n - 1 for n in seen.values())
    return response, statistics.median(times) * 1000, len(captured.captured_queries), repeated, seen


def main():
    args = arguments()
    setup(args.template_db)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.conftest import DEMO_ROLES
    from tests.pages.test_wording import main_pages

    roles = [r for r in args.roles.split(",") if r] or DEMO_ROLES
    urls = [u for u in main_pages() if args.pages in u]
    rows, everywhere = [], collections.Counter()
    for role in roles:
        client = Client()
        client.force_login(get_user_model().objects.get(username=role))
        for url in urls:
            response, ms, queries, repeated, seen = measure(client, url, args.repeat)
            rows.append((role, url, response.status_code, ms, queries, repeated))
            for sql, n in seen.items():
                if n > 1:  # summed over the walk with the literals left out, so one query asked per pilot is one line
                    everywhere[re.sub(r"\b\d+\b|'[^']*'", "?", sql)] += n - 1
            if args.dump:
                path = Path(args.dump) / role / (url.strip("/").replace("/", "_") or "front") / "page.html"
                path.parent.mkdir(parents=True, exist_ok=True)
                body = normalised(response.content) if response.status_code == 200 else ""
                path.write_text(f"{response.status_code}\n{body}", encoding="utf-8")

    print(f"{len(roles)} roles × {len(urls)} pages, median of {args.repeat}; CPU ms, queries, repeated queries")
    print("\nPer page kind, answered 200 (sums over roles and pages of that kind):")
    print(f"{'page':44} {'n':>4} {'CPU ms':>9} {'ms/req':>7} {'queries':>8} {'q/req':>6} {'repeated':>8}")
    by_kind = collections.defaultdict(list)
    for row in rows:
        if row[2] == 200:
            by_kind[kind(row[1])].append(row)
    for name, group in sorted(by_kind.items(), key=lambda item: -sum(r[3] for r in item[1])):
        cpu, queries, repeated = (sum(r[i] for r in group) for i in (3, 4, 5))
        print(f"{name:44} {len(group):4} {cpu:9.1f} {cpu / len(group):7.1f} {queries:8} "
              f"{queries / len(group):6.1f} {repeated:8}")
    ok = [r for r in rows if r[2] == 200]
    print(f"{'all 200s':44} {len(ok):4} {sum(r[3] for r in ok):9.1f} {sum(r[3] for r in ok) / max(len(ok), 1):7.1f} "
          f"{sum(r[4] for r in ok):8} {sum(r[4] for r in ok) / max(len(ok), 1):6.1f} {sum(r[5] for r in ok):8}")
    print("\nPer role, answered 200:")
    for role in roles:
        mine = [r for r in ok if r[0] == role]
        print(f"{role:26} pages {len(mine):3}  CPU {sum(r[3] for r in mine):8.1f} ms  queries {sum(r[4] for r in mine):5}"
              f"  repeated {sum(r[5] for r in mine):4}")
    statuses = collections.Counter(r[2] for r in rows)
    print("\nStatus codes:", dict(sorted(statuses.items())))
    if args.repeated:
        print(f"\nThe {args.repeated} most repeated queries (extra runs over the whole walk):")
        for sql, n in everywhere.most_common(args.repeated):
            print(f"{n:6}  {sql[:300]}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        os.environ.setdefault("TESTING", "1")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bygdevekst.settings")
        build(sys.argv[2])
    else:
        main()
