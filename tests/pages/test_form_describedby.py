"""Every rendered input's aria-describedby names ids that exist on the page.

Django 5.2 points an input at `<id>_helptext` and `<id>_error`; the one field template
(core/templates/forms/field.html) writes exactly those ids. A form laid out by hand that drops them leaves a
screen reader without the help or error text. The pages as they first appear (GET) are checked by the permission
matrix's walk, for every role on every page route, as it renders them anyway
(tests/security/test_permission_matrix.py calls `dangling_describedby`); this posts the form of every page route
that KDD or Trysil's project manager may open empty, so the forms come back with their errors."""

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.security.matrix import ROUTES, demo_objects

DESCRIBEDBY = re.compile(r'aria-describedby="([^"]*)"')
ID = re.compile(r'\sid="([^"]+)"')
ROLES = ["kdd", "trysil"]
PAGES = sorted(name for name in ROUTES if not name.startswith("api"))


def dangling_describedby(html):
    """The ids an aria-describedby on the page names that no element on it has."""
    ids = set(ID.findall(html))
    return sorted({ref for refs in DESCRIBEDBY.findall(html) for ref in refs.split() if ref not in ids})


def _check(responses):
    checked, problems = 0, {}
    for label, response in responses:
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        if "aria-describedby" not in html:
            continue
        checked += 1
        if missing := dangling_describedby(html):
            problems[label] = missing
    return checked, problems


def _walk():
    """An empty POST to every page route that takes a POST and that the role may open (its form comes back with
    errors)."""
    objects = demo_objects()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=ROLES)}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        client.force_login(users[role])
        for name in PAGES:
            route = ROUTES[name]
            if route.GET is None or route.POST is None or route.expected("GET")[role] != 200:
                continue
            url = route.url or (reverse(name, kwargs=route.kwargs(objects) if route.kwargs else None) + route.query)
            savepoint = transaction.savepoint()  # an empty POST that saves something must not change the next page
            try:
                yield f"POST {url} as {role}", client.post(url, {})
            finally:
                transaction.savepoint_rollback(savepoint)


def test_every_aria_describedby_in_a_posted_form_points_at_an_id_on_the_page(demo):
    responses = list(_walk())
    checked, problems = _check(responses)
    assert len(responses) >= 30 and checked >= 15, f"{len(responses)} forms posted, {checked} pages checked: the walk is broken"
    assert not problems, problems


def test_a_dangling_reference_is_found():
    page = '<input aria-describedby="id_a_helptext id_a_error"><p id="id_a_helptext">Help</p>'
    assert dangling_describedby(page) == ["id_a_error"]
    assert dangling_describedby(page + '<p id="id_a_error">Error</p>') == []


def test_the_field_template_writes_the_ids_django_points_at():
    from django import forms

    class Sample(forms.Form):
        title = forms.CharField(help_text="Short")

    html = str(Sample({"title": ""})["title"].as_field_group())
    assert 'aria-describedby="id_title_helptext id_title_error"' in html
    assert 'id="id_title_helptext"' in html and 'id="id_title_error"' in html
