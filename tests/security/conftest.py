import json
import os
import secrets
import shutil
import subprocess  # nosec B404  our own interpreter and settings, no shell
import sys
import tempfile

import pytest
from django.conf import settings

# Run in a separate process, as the server starts: production settings are read once, at import.
PRODUCTION_PROBE = """
import io, json
import django
django.setup()
from django.conf import settings as s
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import SystemCheckError

out = io.StringIO()
try:
    call_command("check", "--deploy", "--fail-level", "WARNING", stdout=out, stderr=out)
    check_passed = True
except SystemCheckError as error:
    check_passed, out = False, io.StringIO(out.getvalue() + str(error))
print(json.dumps({
    "check_passed": check_passed, "check_output": out.getvalue(),
    "settings": [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,
                 s.SECURE_HSTS_SECONDS >= 31536000, s.DEBUG],
    "password_hash": make_password("correct horse battery"),
}))
"""


_started = {}  # the probe started when the collected tests were known: {"process": Popen, "var": its directory}


def _start_probe(var_dir):
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "bygdevekst.example",
        "BYGDEVEKST_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "bygdevekst.settings",
    }
    for key in ("TESTING", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(key, None)
    return subprocess.Popen(  # noqa: S603  our own interpreter and probe, no shell
        [sys.executable, "-c", PRODUCTION_PROBE], cwd=settings.BASE_DIR, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def pytest_collection_finish(session):
    """A session that will read the probe starts it now, so it runs beside the first tests rather than in the way
    of the one that needs it (an xdist worker starts it when asked: only one of them will be)."""
    if (session.config.option.collectonly or os.environ.get("PYTEST_XDIST_WORKER")
            or not any("production" in getattr(item, "fixturenames", ()) for item in session.items)):
        return
    var_dir = tempfile.mkdtemp(prefix="bygdevekst-production-")
    _started.update(process=_start_probe(var_dir), var=var_dir)


def pytest_sessionfinish(session):
    """A probe no test came to read (the run stopped first, with -x say) is ended and its directory removed."""
    process, var_dir = _started.pop("process", None), _started.pop("var", None)
    if process is not None:
        process.kill()
        process.communicate()
    if var_dir:
        shutil.rmtree(var_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def production(tmp_path_factory):
    """One start of the application with DJANGO_ENV=production (no test settings in its environment), and what it
    reports: `check --deploy` at warning level, the cookie and HSTS settings, DEBUG, and a password as hashed
    there. The tests that read it used to start three such processes, about a second each."""
    process = _started.pop("process", None)
    var_dir = _started.pop("var", None)
    if process is None:
        process = _start_probe(tmp_path_factory.mktemp("production"))
    try:
        stdout, stderr = process.communicate(timeout=300)
    finally:
        if var_dir:
            shutil.rmtree(var_dir, ignore_errors=True)
    assert process.returncode == 0, stdout + stderr
    return json.loads(stdout.strip().splitlines()[-1])
