"""Fuzz every POST form of the web app with hypothesis-made junk, as each role that may use it.

Forms are found, not listed: tests/fuzz/discovery.py crawls the pages each role reaches from the
declared routes (access/matrix.py) and every agreement, and reads their `<form method="post">`. For
each form, junk bodies (tests/fuzz/junk.py) are posted and we check: never a 5xx; when the answer is
a refusal (4xx or the form shown again with errors) the database is exactly as before; error text is
Norwegian (none of Django's English messages shows). Each example runs in a savepoint that is rolled
back, so a successful junk POST does not change what the next example sees.
"""

import time

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Max, Sum
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.discovery import crawl
from tests.fuzz.junk import form_data

EXAMPLES_PER_FORM = 8
ROLES = ["kdd", "trysil", "innlandet", "politiker-trysil", None]
ENGLISH = [
    "This field is required", "Enter a valid", "Select a valid choice", "Ensure this value",
    "The submitted file is empty", "No file was submitted", "Upload a valid", "There is a problem",
    "Nothing has been saved", "Bad Request", "Forbidden",
]
# Written on purpose by a refused POST: the failed-login counter behind the lockout.
BOOKKEEPING = {"accounts.LoginFailure"}
STATS = {"forms": set(), "examples": 0, "started": None}


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
    from bygdevekst.access.matrix import ROUTES
    from bygdevekst.agreements.models import Agreement

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


def is_refusal(response):
    if response.status_code >= 400:
        return True
    return response.status_code == 200 and b"error-summary" in response.content


@pytest.fixture(autouse=True, scope="module")
def report():
    STATS["started"] = time.monotonic()
    yield
    print(f"\nfuzz tier: {len(STATS['forms'])} (role, form) pairs, {STATS['examples']} examples, "
          f"{time.monotonic() - STATS['started']:.1f} s")
    print("forms:", ", ".join(sorted({route for _role, route in STATS["forms"]})))


def fuzz_form(client, role, route, form):
    @settings(max_examples=EXAMPLES_PER_FORM, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(data):
        body, upload = data.draw(form_data(form), label="body")
        STATS["examples"] += 1
        with transaction.atomic():
            before = fingerprint()
            response = client.post(form.action, body, HTTP_ACCEPT_LANGUAGE="nb")
            assert response.status_code < 500, f"{role} {route}: {response.status_code} for {body!r}"
            if is_refusal(response):
                after = fingerprint()
                changed = {k: (before[k], after[k]) for k in before if before[k] != after.get(k)}
                assert not changed, f"{role} {route}: refused ({response.status_code}) but wrote {changed}"
                text = response.content.decode("utf-8", "replace")
                english = [p for p in ENGLISH if p in text]
                assert not english, f"{role} {route}: English in the refusal: {english} (upload {upload})"
            transaction.set_rollback(True)

    return run


@pytest.mark.fuzz
@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_no_form_breaks_on_bad_input(client_for, demo, role):
    from bygdevekst.access.matrix import demo_objects

    client = client_for(role)
    forms = crawl(client, seeds(demo_objects(), role))
    assert forms, f"no POST form found for {role}"
    problems = []
    for route, form in sorted(forms.items()):
        STATS["forms"].add((role, route))
        try:
            fuzz_form(client, role, route, form)()
        except AssertionError as error:
            problems.append(str(error)[:1500])
    assert not problems, "\n\n".join(problems)
