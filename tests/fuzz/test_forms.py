"""Fuzz every POST form of the web app with hypothesis-made junk, as each role that may use it.

Forms are found, not listed: tests/fuzz/discovery.py crawls the pages each role reaches from the
declared routes (tests/security/matrix.py) and every agreement, and reads their `<form method="post">`.
Forms that only appear in a passing state (a letter in draft, an addendum being drafted, ...) come from
explicit seeds (tests/fuzz/seeds.py). For each form, junk bodies (tests/fuzz/junk.py) are posted and
we check: never a 5xx; when the answer is a refusal (4xx, the form shown again with errors, or a
redirect carrying an error message) the database is exactly as before; error text is Norwegian (none
of Django's English messages shows). Each example runs in a savepoint that is rolled back, so a
successful junk POST does not change what the next example sees. test_every_post_form_route_is_reached
keeps the two together complete: every POST form route of the matrix is fuzzed, or excluded with a reason.
"""

import time

import pytest
from django.apps import apps
from django.contrib.messages import ERROR
from django.db import transaction
from django.db.models import Max, Sum
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.discovery import SKIP_ROUTES, crawl
from tests.fuzz.junk import form_data, sweep
from tests.fuzz.seeds import SEEDS

EXAMPLES_PER_FORM = 8
ROLES = ["kdd", "trysil", "innlandet", "politiker-trysil", None]
ENGLISH = [
    "This field is required", "Enter a valid", "Select a valid choice", "Ensure this value",
    "The submitted file is empty", "No file was submitted", "Upload a valid", "There is a problem",
    "Nothing has been saved", "Bad Request", "Forbidden",
]
# Written on purpose by a refused POST: the failed-login counter behind the lockout.
BOOKKEEPING = {"accounts.LoginFailure"}
STATS = {"forms": set(), "seeded": set(), "examples": 0, "started": None}
# POST routes of the matrix that are not fuzzed here, each with its reason. The API's operations (api:*) are
# left out by rule: they take JSON, not forms, and tests/api/test_fuzz.py fuzzes every one from its OpenAPI
# description. test_every_post_form_route_is_reached fails on an entry that is stale (reached, or no longer
# a POST route), and on a POST route that is neither reached nor listed here.
NOT_FUZZED = {
    "healthz": "the load balancer's health check: answers any method and reads no body; no page has a form for it",
    "agreements:editor": "the editor page answers a POST as a GET and no form posts to it (its forms post to "
                         "agreements:overview and agreements:element_*, which are fuzzed)",
    "oidc_authentication_init": "404 unless OIDC is configured (tests/security/test_oidc.py)",
    "oidc_authentication_callback": "404 unless OIDC is configured (tests/security/test_oidc.py)",
    # discovery.SKIP_ROUTES, never fuzzed: the session and account forms, tested one by one elsewhere.
    "logout": "ends the session the crawl and the fuzzing run in",
    "set_language": "switches the pages to another language (the Norwegian check would be void); tests/test_pages.py",
    "accounts:password_change": "would change the shared demo user's password; tests/security/test_accounts.py",
    "accounts:token_create": "issues API tokens; tests/security/test_accounts.py (a nameless one is refused)",
    "accounts:token_revoke": "revokes the user's own API token; tests/security/test_accounts.py",
    "calendar:revoke_token": "revokes the user's own calendar address, whose form shows only once one exists (the "
                             "crawl's users have none); it takes no input; tests/meetings/test_feeds.py",
    "password_reset_confirm": "needs a valid one-time link from an e-mail; tests/security/test_accounts.py",
}


def fingerprint():
    """Row counts of every project table (the audit log too, bar audited refusals), newest updated_at and sum of lock_version."""
    out = {}
    for model in apps.get_models():
        if not model.__module__.startswith("bygdevekst.") and model._meta.app_label != "auth":
            continue
        label = model._meta.label
        if label in BOOKKEEPING:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        aggregates = {}
        if "updated_at" in names:
            aggregates["u"] = Max("updated_at")
        if "lock_version" in names:
            aggregates["v"] = Sum("lock_version")
        rows = model._default_manager.all()
        if label == "audit.ActionLog":  # a refused attempt may be audited (e.g. actionplan.import_refused)
            rows = rows.exclude(action__contains="refused").exclude(action__contains="failed")
        out[label] = (rows.count(), tuple(sorted(model._default_manager.aggregate(
            **aggregates).items())) if aggregates else ())
    return out


def seeds(objects, role):
    from bygdevekst.agreements.models import Agreement
    from tests.security.matrix import ROUTES

    urls = ["/"]
    for name, route in ROUTES.items():
        if route.GET is None or route.GET.get(role or "anonymous") != 200 or name.startswith("api:"):
            continue
        try:
            urls.append(reverse(name, kwargs=route.kwargs(objects) if route.kwargs else None))
        except NoReverseMatch:
            continue
    for pk in Agreement.objects.values_list("pk", flat=True):  # every stage of the process has its own forms
        urls += [reverse(name, args=[pk]) for name in ("process:agreement", "agreements:detail")]
    return urls


def error_messages(response):
    """The error messages a view queued for the next page (a redirect that refuses says why this way)."""
    storage = getattr(response.wsgi_request, "_messages", None)
    return [str(m.message) for m in getattr(storage, "_queued_messages", []) if m.level == ERROR]


def is_refusal(response):
    if response.status_code >= 400:
        return True
    if response.status_code in (301, 302, 303) and error_messages(response):
        return True
    return response.status_code == 200 and b"error-summary" in response.content


# The crawl's result per role: the demo is the same at the start of every test, so the fuzz test and the
# coverage test share one crawl per role when they run in one session.
CRAWLED = {}


def discovered(client, role):
    from tests.security.matrix import demo_objects

    if role not in CRAWLED:
        CRAWLED[role] = crawl(client, seeds(demo_objects(), role))
    return CRAWLED[role]


def seeded(client, seed):
    """Put the demo into the seed's state (in the test's transaction); the forms of its pages."""
    return crawl(client, seed.setup(), follow=False)


def post_form_routes():
    """Routes the matrix lets some logged-in role POST to (not only 405), bar the JSON API."""
    from tests.security.matrix import ROUTES

    return {name for name, route in ROUTES.items() if route.POST is not None and not name.startswith("api:")
            and any(status != 405 for role, status in route.POST.items() if role != "anonymous")}


@pytest.fixture(autouse=True, scope="module")
def report():
    STATS["started"] = time.monotonic()
    yield
    STATS["seconds"] = time.monotonic() - STATS["started"]


def summary_lines():
    """The figure the tier prints at the end of the run (tests/fuzz/conftest.py, pytest_terminal_summary)."""
    if not STATS["examples"]:
        return []
    routes = {route for _role, route in STATS["forms"]}
    lines = [f"fuzz tier: {len(routes)} POST routes in {len(STATS['forms'])} (role, form) pairs "
             f"({len(STATS['seeded'])} routes from seeded states), {STATS['examples']} bodies posted "
             f"(hypothesis examples and the one-field sweep), "
             f"{STATS.get('seconds', 0):.1f} s",
             "forms: " + ", ".join(sorted(routes))]
    if "coverage" in STATS:
        lines.append(STATS["coverage"])
    return lines


def post_and_check(client, role, route, form, body, upload=None):
    """POST the body in a savepoint that is rolled back: no 5xx; a refusal writes nothing and speaks Norwegian."""
    STATS["examples"] += 1
    with transaction.atomic():
        before = fingerprint()
        response = client.post(form.action, body, HTTP_ACCEPT_LANGUAGE="nb")
        assert response.status_code < 500, f"{role} {route}: {response.status_code} for {body!r}"
        if is_refusal(response):
            after = fingerprint()
            changed = {k: (before[k], after[k]) for k in before if before[k] != after.get(k)}
            assert not changed, f"{role} {route}: refused ({response.status_code}) but wrote {changed}"
            text = response.content.decode("utf-8", "replace") + " ".join(error_messages(response))
            english = [p for p in ENGLISH if p in text]
            assert not english, f"{role} {route}: English in the refusal: {english} (upload {upload})"
        transaction.set_rollback(True)


def fuzz_form(client, role, route, form):
    @settings(max_examples=EXAMPLES_PER_FORM, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(data):
        body, upload = data.draw(form_data(form), label="body")
        post_and_check(client, role, route, form, body, upload)

    def run_and_sweep():
        run()
        for name, value, body in sweep(form):
            try:
                post_and_check(client, role, route, form, body)
            except AssertionError:
                raise
            except Exception as error:  # a view that crashes: name the field and value, not only the traceback
                raise AssertionError(f"{role} {route}: {type(error).__name__}: {error} with {name}={value!r} "
                                     f"(the other fields as the page filled them)") from error

    return run_and_sweep


def describe(role, route, error):
    """One line per failure: hypothesis groups distinct failures, and notes the failing body."""
    if isinstance(error, BaseExceptionGroup):
        return "\n\n".join(describe(role, route, e) for e in error.exceptions)
    text = str(error) if isinstance(error, AssertionError) else f"{role} {route}: {type(error).__name__}: {error}"
    return "\n".join([text, *getattr(error, "__notes__", [])])[:1500]


def fuzz_all(client, role, forms):
    """Fuzz each form; every form is tried and every failure reported, not only the first."""
    problems = []
    for route, form in sorted(forms.items()):
        STATS["forms"].add((role, route))
        try:
            fuzz_form(client, role, route, form)()
        except Exception as error:  # noqa: BLE001  an exception in a view is a finding, reported with the rest
            problems.append(describe(role, route, error))
    return problems


@pytest.mark.fuzz
@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_no_form_breaks_on_bad_input(client_for, demo, role):
    client = client_for(role)
    forms = discovered(client, role)
    assert forms, f"no POST form found for {role}"
    problems = fuzz_all(client, role, forms)
    assert not problems, "\n\n".join(problems)


@pytest.mark.fuzz
@pytest.mark.parametrize("seed", SEEDS, ids=str)
def test_no_seeded_form_breaks_on_bad_input(client_for, demo, seed):
    """The forms of a state the demo does not hold (tests/fuzz/seeds.py), as a role that may use them."""
    client = client_for(seed.role)
    forms = seeded(client, seed)
    missing = seed.targets - forms.keys()
    assert not missing, f"seed {seed}: its pages carry no form for {sorted(missing)} (found {sorted(forms)})"
    STATS["seeded"] |= seed.targets
    problems = fuzz_all(client, seed.role, {route: forms[route] for route in seed.targets})
    assert not problems, "\n\n".join(problems)


@pytest.mark.fuzz
def test_every_post_form_route_is_reached(client_for, demo):
    """Every POST route of the matrix is fuzzed through a form the crawl or a seed finds, or excluded with a
    reason: a new form route fails here until a page carrying its form is crawled or seeded."""
    reached = set()
    for role in ROLES:
        reached |= discovered(client_for(role), role).keys()
    for seed in SEEDS:
        with transaction.atomic():
            reached |= seeded(client_for(seed.role), seed).keys() & seed.targets
            transaction.set_rollback(True)
    declared = post_form_routes()
    assert SKIP_ROUTES <= NOT_FUZZED.keys(), f"skipped without a reason: {sorted(SKIP_ROUTES - NOT_FUZZED.keys())}"
    stale = {route for route in NOT_FUZZED if route not in declared or route in reached}
    assert not stale, f"NOT_FUZZED names routes that are no POST route of the matrix, or are reached: {sorted(stale)}"
    missing = declared - reached - NOT_FUZZED.keys()
    assert not missing, (f"POST routes no crawled page or seed carries a form for: {sorted(missing)}; "
                         "seed a state whose page has the form (tests/fuzz/seeds.py) or exclude it with a reason")
    STATS["coverage"] = (f"POST form routes of the matrix: {len(reached & declared)} of {len(declared)} reached, "
                         f"{len(declared & NOT_FUZZED.keys())} excluded with a reason")
