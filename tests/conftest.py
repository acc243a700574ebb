"""Shared fixtures: the round-2 demo loaded once per test database, and one client per demo role."""

import gc
import inspect
import itertools
import re
from collections import OrderedDict
from collections.abc import Mapping

import pytest
from django.conf import settings
from django.test import Client

from tests.database_copies import pristine  # noqa: F401  (a fixture: the session's copy of the test database)

DEMO_ROLES = [
    "kdd", "kdd2", "trysil", "smola", "vinje", "kafjord", "solund",
    "innlandet", "statsforvalter-innlandet", "politiker-trysil", "partner-trysil", "admin",
]


def pytest_configure(config):
    # A test run makes millions of short-lived objects (querysets, template contexts, requests) and keeps the
    # demo and every imported module alive: with the default thresholds (700, 10, 10) the cyclic collector ran
    # ~1,700 times in a dozen tests and took about 8 % of the CPU. Collecting young objects in larger batches
    # finds the same garbage at a quarter of the cost (a test process, not the application).
    gc.set_threshold(50_000, 20, 100)
    # On SQLite, a migrated test database with the demo that is not kept yet is made in a second process while
    # this one collects the tests (tests/demo_cache.py); django_db_setup waits for it.
    from tests import demo_cache

    demo_cache.start_building(config)


def _from_a_deep_frame(function, *args):
    return function(*args)


# CPython (3.11 to 3.13) keeps a thread's Python frames in 16 KiB chunks, maps a new chunk when a call does not fit
# in the current one and unmaps it as soon as the stack falls back below it. A request through the test client
# crosses such a boundary again and again (middleware, views, templates, the ORM): each crossing is an mmap, a
# munmap and fresh zeroed pages, about 4.5 µs, and a fast-tier run made millions of them (a sixth of its time,
# mostly system time). A frame that reserves 1 MiB of stack gets a 2 MiB chunk of its own, and everything the
# test calls fits in the rest of it: nothing is mapped or unmapped per call. (docs/performance.md, Session 7)
_from_a_deep_frame.__code__ = _from_a_deep_frame.__code__.replace(co_stacksize=1 << 17)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    """pytest's own run of one test (set-up, call, tear-down and their reports), called from the deep frame."""
    runner = item.config.pluginmanager.get_plugin("runner")
    return _from_a_deep_frame(runner.pytest_runtest_protocol, item, nextitem)


_MARK_NAME = re.compile(r"[A-Za-z_][\w]*")


def _deselected_whatever_else(markexpr, own_marks):
    """True when the -m expression is false for a test with these marks, whatever marks its parameters add
    (each name the expression uses and the test does not carry is tried both ways)."""
    from _pytest.mark.expression import Expression

    expression = Expression.compile(markexpr)
    open_names = sorted(set(_MARK_NAME.findall(markexpr)) - {"and", "or", "not"} - own_marks)
    if len(open_names) > 8:
        return False
    for carried in itertools.product((False, True), repeat=len(open_names)):
        present = own_marks | {n for n, on in zip(open_names, carried, strict=True) if on}
        if expression.evaluate(lambda name, present=present, **kwargs: name in present):
            return False
    return True


# Modules whose every test is marked `fuzz` (each says so with a module-level `pytestmark`, which
# tests/api/test_fuzz_module.py checks): not even imported when -m leaves fuzz tests out.
FUZZ_ONLY_MODULES = {"tests/api/test_fuzz.py"}


def pytest_ignore_collect(collection_path, config):
    """Importing tests/api/test_fuzz.py loads the API's OpenAPI description through the application (schemathesis
    needs it to build the tests): about 2.5 s of every fast-tier run, for tests the -m expression then leaves out."""
    markexpr = config.option.markexpr
    if not markexpr or "(" in markexpr:
        return None
    relative = collection_path.relative_to(config.rootpath).as_posix() if collection_path.is_relative_to(
        config.rootpath) else ""
    if relative in FUZZ_ONLY_MODULES and _deselected_whatever_else(markexpr, {"fuzz"}):
        return True
    return None


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_pycollect_makeitem(collector, name, obj):
    """A test function that the -m expression deselects by its own marks (or its module's) is not built at all.
    pytest would build it and deselect it afterwards, and building schemathesis' API tests generates their
    examples: about 7 s of every fast-tier run, for tests it then leaves out."""
    result = yield
    markexpr = collector.config.option.markexpr
    if not result or not markexpr or "(" in markexpr or inspect.isclass(obj):
        return result
    own_marks = {m.name for m in (*collector.iter_markers(), *getattr(obj, "pytestmark", []))}
    return [] if _deselected_whatever_else(markexpr, own_marks) else result


_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "_django_db_helper", "django_db_reset_sequences",
                      "django_db_serialized_rollback", "live_server"}


def needs_the_database(item):
    return (item.get_closest_marker("django_db") is not None
            or not _DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ())))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests that need no database first, then pytest-django's order (the database tests, transactional ones
    last): they run while the test database is still being made (tests/demo_cache.py), not after it."""
    items.sort(key=needs_the_database)


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_use_migrations,
                    django_db_keepdb, django_db_createdb, django_db_modify_db_settings):
    """pytest-django's test database setup, then the demo loaded once. On SQLite the migrated database with the
    demo is kept between runs (tests/demo_cache.py): with the same code it is copied in instead of being made."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    from tests import demo_cache

    setup_args = {}
    if not django_db_use_migrations:
        _disable_migrations()
    if django_db_keepdb and not django_db_createdb:
        setup_args["keepdb"] = True
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    cache = demo_cache.Cache() if demo_cache.applies(request.config) and not serialized_aliases else None
    if cache is not None and not cache.wait_for_builder():
        print(f"\nThe test database could not be made in the background: {cache.log}")
    with django_db_blocker.unblock():
        if cache is not None and cache.hit():
            with cache.migrate_from_copy():
                db_cfg = setup_databases(verbosity=request.config.option.verbose, interactive=False,
                                         aliases=aliases, serialized_aliases=serialized_aliases)
        else:
            db_cfg = demo_cache.make_test_database(aliases, serialized_aliases, request.config.option.verbose,
                                                   **setup_args)
            if cache is not None:
                cache.save()
    # Everything alive now (the imported modules, the URLconf, the templates, the demo's setup) lives for the whole
    # session: moved out of the collector's reach, each full collection walks only what the tests made since.
    gc.collect()
    gc.freeze()
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)


_PDF_RENDERS = {}  # (sha256 of the HTML, base_url, options) → the bytes WeasyPrint wrote for it
_LAYOUTS = OrderedDict()  # the same key for the HTML without its dates → WeasyPrint's laid-out document (the newest few)
_DATES = re.compile(r'<meta name="dcterms\.(created|modified)" content="([^"]*)">')


def _written(real, args, options):
    """WeasyPrint's bytes for this HTML: its layout (two thirds of a render) is reused from an earlier document
    that differs only in the dates of its <meta name="dcterms.created|modified"> (a version frozen a second
    later), and this document's own dates are written — the same bytes as a fresh render
    (tests/documents/test_pdf_same_input.py)."""
    import hashlib

    from weasyprint import DEFAULT_OPTIONS

    html = args["string"]
    dates = dict(_DATES.findall(html))
    key = (hashlib.sha256(_DATES.sub("", html).encode()).hexdigest(), args["base_url"], repr(sorted(options.items())))
    document = _LAYOUTS.get(key)
    if document is None:
        document = real(**args).render(**options)
        _LAYOUTS[key] = document
        while len(_LAYOUTS) > 8:
            _LAYOUTS.popitem(last=False)
    else:
        _LAYOUTS.move_to_end(key)
        document.metadata.created = dates.get("created")
        document.metadata.modified = dates.get("modified")
    return document.write_pdf(**{name: value for name, value in options.items() if name in DEFAULT_OPTIONS})


@pytest.fixture(autouse=True)
def _one_render_per_pdf(request, monkeypatch):
    """WeasyPrint writes the same bytes for the same HTML and options (core/pdf.py makes the identifier stable;
    tests/documents/test_pdf_same_input.py), and a render costs 0.1–1 s: the permission matrix alone renders the same
    version PDF for every role that may fetch it. So within a session each distinct document is rendered once
    and later requests for exactly the same input get those bytes. Any change in the HTML is a new render.
    Tests that time a render (marked `heavy`) always render afresh."""
    if request.node.get_closest_marker("heavy"):
        return
    import hashlib

    from bygdevekst.core import pdf

    def real(**args):
        import weasyprint  # (looked up at each render: a test may put a counting class in its place)

        return weasyprint.HTML(**args)

    class RememberingHTML:
        def __init__(self, *, string, base_url=None, **kwargs):
            self._args = {"string": string, "base_url": base_url, **kwargs}

        def write_pdf(self, target=None, **options):
            args = self._args
            if target is not None or set(args) != {"string", "base_url"}:
                return real(**args).write_pdf(target, **options)
            key = (hashlib.sha256(args["string"].encode()).hexdigest(), args["base_url"], repr(sorted(options.items())))
            if key not in _PDF_RENDERS:
                _PDF_RENDERS[key] = _written(real, args, options)
            return _PDF_RENDERS[key]

    monkeypatch.setattr(pdf, "HTML", RememberingHTML)


class _Lookup(Mapping):
    """Demo rows by name, each read when first asked for (most tests ask for two or three of them); iterating
    reads the rest. A row once read is the same object for the rest of the test."""

    def __init__(self, queryset, field):
        self._queryset, self._field, self._rows, self._complete = queryset, field, {}, False

    def __getitem__(self, name):
        if name not in self._rows and not self._complete:
            row = self._queryset.filter(**{self._field: name}).first()
            if row is not None:
                self._rows[name] = row
        return self._rows[name]

    def _everything(self):
        if not self._complete:
            for row in self._queryset.exclude(**{f"{self._field}__in": list(self._rows)}):
                self._rows[getattr(row, self._field)] = row
            self._complete = True
        return self._rows

    def __iter__(self):
        return iter(self._everything())

    def __len__(self):
        return len(self._everything())


@pytest.fixture
def demo(db):
    """Handy lookups into the loaded demo: demo["users"]["kdd"], demo["pilots"]["Trysil-regionen"]."""
    from django.contrib.auth import get_user_model

    from bygdevekst.programme.models import Pilot

    return {"users": _Lookup(get_user_model().objects.order_by("pk"), "username"),
            "pilots": _Lookup(Pilot.objects.select_related("agreement").order_by("pk"), "name")}


@pytest.fixture
def agreement_of(demo):
    """agreement_of("Trysil-regionen") → the demo pilot's agreement."""

    def get(name):
        from bygdevekst.agreements.models import Agreement

        return Agreement.objects.select_related("pilot__round").get(pilot=demo["pilots"][name])

    return get


@pytest.fixture
def client_for(db):
    """client_for("kdd") → a logged-in test client; client_for(None) → anonymous."""

    def make(username):
        client = Client()
        if username is not None:
            from django.contrib.auth import get_user_model

            client.cookies[settings.SESSION_COOKIE_NAME] = signed_in_session(
                get_user_model().objects.get(username=username))
        return client

    return make


def signed_in_session(user):
    """The key of a new session signed in as `user`, holding what django.contrib.auth.login() stores (the user,
    the backend, the password-derived hash). Client.force_login() would also send user_logged_in, so every
    test client would write a login to the action log and bump last_login: tests of logging in use the login
    page (tests/security/test_accounts.py, test_audit.py)."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from bygdevekst.accounts import backends

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = backends.PATH
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


@pytest.fixture
def api_client(db):
    """api_client("kdd") → a client sending a fresh bearer token for that user."""
    from django.contrib.auth import get_user_model

    from bygdevekst.accounts.models import ApiToken

    def make(username):
        if username is None:
            return Client()
        _token, raw = ApiToken.issue(get_user_model().objects.get(username=username), "test")
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make


def innlandet_pilot(name, municipality_names, round_=None):
    """Another pilot in Trysil-regionen's county (its county council and state administrator), as KDD would
    create one; `municipality_names` as in the register, the first is addressed. No agreement yet."""
    from bygdevekst.organisations.models import Organisation
    from bygdevekst.programme.models import Pilot

    trysil = Pilot.objects.get(name="Trysil-regionen")
    by_name = {o.name: o for o in Organisation.objects.filter(kind="municipality", name__in=municipality_names)}
    municipalities = [by_name[n] for n in municipality_names]
    pilot = Pilot.objects.create(round=round_ or trysil.round, name=name, lead_municipality=municipalities[0],
                                 county=trysil.county, county_council=trysil.county_council,
                                 state_administrator=trysil.state_administrator)
    pilot.municipalities.set(municipalities)
    return pilot


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a copy cached by another test's (rolled back) data is no copy."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _no_draft_rebuild_pending():
    """Each test starts with no search draft waiting to be rebuilt in this thread: what another test marked stale
    was rolled back with it (its commit never came), and rebuilding it would count in this test's queries."""
    from bygdevekst.search import indexers

    indexers.discard_pending()
