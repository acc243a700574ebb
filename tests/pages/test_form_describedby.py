"""Every rendered input's aria-describedby names ids that exist on the page.

Django 5.2 points an input at `<id>_helptext` and `<id>_error`; the one field template
(core/templates/forms/field.html) writes exactly those ids. A form laid out by hand that drops them leaves a
screen reader without the help or error text: this walks every page route of the permission matrix as KDD
and as Trysil's project manager, unbound (GET) and with an empty POST (the forms come back with errors)."""

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


def _dangling(html):
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
        if missing := _dangling(html):
            problems[label] = missing
    return checked, problems


def _walk():
    """GET every page route; a page with a POST form is posted to empty as well (its form comes back with errors)."""
    objects = demo_objects()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=ROLES)}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        client.force_login(users[role])
        for name in PAGES:
            route = ROUTES[name]
            if route.GET is None:
                continue
            url = route.url or (reverse(name, kwargs=route.kwargs(objects) if route.kwargs else None) + route.query)
            page = client.get(url)
            yield f"GET {url} as {role}", page
            if page.status_code == 200 and route.POST is not None and 'method="post"' in page.content.decode():
                savepoint = transaction.savepoint()  # an empty POST that saves something must not change the next page
                try:
                    yield f"POST {url} as {role}", client.post(url, {})
                finally:
                    transaction.savepoint_rollback(savepoint)


def test_every_aria_describedby_points_at_an_id_on_the_page(demo):
    responses = list(_walk())
    checked, problems = _check(responses)
    posted = sum(label.startswith("POST") for label, _ in responses)
    assert posted >= 10 and checked >= 20, f"{posted} forms posted, {checked} pages checked: the walk is broken"
    assert not problems, problems


def test_the_field_template_writes_the_ids_django_points_at():
    from django import forms

    class Sample(forms.Form):
        title = forms.CharField(help_text="Short")

    html = str(Sample({"title": ""})["title"].as_field_group())
    assert 'aria-describedby="id_title_helptext id_title_error"' in html
    assert 'id="id_title_helptext"' in html and 'id="id_title_error"' in html
