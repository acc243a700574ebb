"""Find every POST form of the web app: crawl the pages each demo role can reach and read their forms.

A small HTML parser collects each `<form method="post">` with its action and fields (name, type, the
options of selects and radio groups, the value a hidden field carries). Forms are keyed by the URL name
their action resolves to, so a form that appears on many pages (the language switch, a comment form on
every element) is fuzzed once per route and role.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

# Forms whose success ends the session or changes what every later page looks like: not fuzzed here
# (accounts has its own tests for these).
SKIP_ROUTES = {"logout", "set_language", "accounts:password_change", "accounts:token_create",
               "accounts:token_revoke", "password_reset_confirm"}
# Never followed while crawling: downloads and exports (slow, not HTML).
SKIP_SUFFIXES = (".pdf", ".docx", ".xlsx", ".ics", ".csv", ".json", ".zip", ".txt")


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, file, date, number, email, ...
    value: str = ""
    options: list = field(default_factory=list)
    required: bool = False


@dataclass
class Form:
    route: str
    action: str
    page: str
    enctype: str = ""
    fields: dict = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms = []
        self.links = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        elif tag == "form" and (a.get("method") or "get").lower() == "post":
            self._form = {"action": urljoin(self.page, a.get("action") or self.page),
                          "enctype": a.get("enctype", ""), "fields": {}}
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            existing = self._form["fields"].get(a["name"])
            if kind == "radio" and existing:
                existing.options.append(a.get("value", ""))
                return
            self._form["fields"][a["name"]] = Field(
                a["name"], kind, a.get("value", ""), [a.get("value", "")] if kind == "radio" else [],
                "required" in a)
        elif tag == "textarea" and a.get("name"):
            self._textarea = Field(a["name"], "textarea", "", [], "required" in a)
            self._form["fields"][a["name"]] = self._textarea
        elif tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select-multiple" if "multiple" in a else "select", "", [],
                                 "required" in a)
            self._form["fields"][a["name"]] = self._select
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def route_of(url):
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def crawl(client, seeds, max_pages=100, follow=True):
    """Breadth-first over same-site HTML pages from seeds; returns {route: Form} of the POST forms seen.

    follow=False reads the forms of the seed pages only (a seeded state's own pages)."""
    forms, seen, queue, seen_routes = {}, set(), list(seeds), {}
    while queue and len(seen) < max_pages:
        url = queue.pop(0)
        path = urlsplit(url).path
        if path in seen or path.endswith(SKIP_SUFFIXES) or "/download/" in path or path.startswith(
                ("/static/", "/media/", "/api/", "/admin/")):
            continue
        seen.add(path)
        route = route_of(path)
        if route is None or route in SKIP_ROUTES or seen_routes.get(route, 0) >= 2:
            continue  # two pages per route are enough to find the forms a route's pages carry
        seen_routes[route] = seen_routes.get(route, 0) + 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _FormParser("http://testserver" + path)
        parser.feed(response.content.decode("utf-8", "replace"))
        for raw in parser.forms:
            target = route_of(raw["action"])
            if target is None or target in SKIP_ROUTES or target in forms:
                continue
            forms[target] = Form(target, urlsplit(raw["action"]).path, path, raw["enctype"], raw["fields"])
        for link in parser.links if follow else ():
            if urlsplit(link).netloc in ("", "testserver"):
                queue.append(link)
    return forms
