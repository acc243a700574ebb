"""The main menu, collected from the apps: each AppConfig may declare `navigation`, a list of
(label, url name, permission or None[, weight[, badge]]) — so an app adds its pages without editing the
base template. Items are ordered by weight (default 50), then by INSTALLED_APPS order. A badge is the
dotted path of a function user → number (e.g. unread notifications), shown beside the label when > 0.

A menu permission is asked without an object, so what it answers follows from who the person is in terms of
their roles: the caller passes that as `roles_key` (accounts/context.py: active or not, and
`access.roles.Roles.key`), and which items a person sees is worked out once per key in a process (`_visible`);
only the current item and the badges per request. tests/core/test_page_frame.py checks that the kept answer is each
demo person's own."""

from functools import lru_cache

from django.apps import apps
from django.core.signals import setting_changed
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.module_loading import import_string
from django.utils.translation import get_language

MAX_ROLE_SETS = 1000  # kept answers per process before they are worked out afresh


def _url(url_name):
    """The menu's addresses take no arguments, so each is looked up once per URLconf (a new resolver when the
    URLs change), script prefix and language: reverse() cost about 0.1 ms each, ten on every page."""
    return _reversed(url_name, get_resolver(get_urlconf()), get_script_prefix(), get_language())


@lru_cache(maxsize=512)
def _reversed(url_name, resolver, prefix, language):
    try:
        return reverse(url_name, urlconf=resolver.urlconf_name)
    except NoReverseMatch:
        return None


_entries = {}  # "all": every app's entries, ordered by weight
_visible = {}  # the roles' key → the entries those roles see


def _clear(**kwargs):
    _entries.clear()
    _visible.clear()


setting_changed.connect(_clear, dispatch_uid="core-navigation-settings")


def _all_entries():
    entries = _entries.get("all")
    if entries is None:
        entries = []
        for config in apps.get_app_configs():
            for entry in getattr(config, "navigation", ()):
                label, url_name, perm = entry[:3]
                weight = entry[3] if len(entry) > 3 else 50
                badge = import_string(entry[4]) if len(entry) > 4 else None
                entries.append((label, url_name, perm, weight, badge))
        entries = _entries["all"] = sorted(entries, key=lambda entry: entry[3])  # stable: apps' order kept
    return entries


def _visible_entries(user, roles_key):
    entries = _visible.get(roles_key) if roles_key is not None else None
    if entries is None:
        entries = [entry for entry in _all_entries() if entry[2] is None or user.has_perm(entry[2])]
        if roles_key is not None:
            if len(_visible) >= MAX_ROLE_SETS:
                _visible.clear()
            _visible[roles_key] = entries
    return entries


class Menu(list):
    """The menu's items; `key` is what its drawing depends on besides the language (base.html keeps the drawn menu
    per key: core/templatetags/kept.py)."""

    @property
    def key(self):
        return tuple((item["name"], item["current"], item["badge"]) for item in self)


def menu_for(user, current_path="", roles_key=None):
    """The items `user` sees, `current_path`'s marked current. `roles_key`: everything the menu's permissions
    depend on for this user (None: asked afresh)."""
    items = Menu()
    for label, url_name, _perm, weight, badge in _visible_entries(user, roles_key):
        url = _url(url_name)
        if url is None:
            continue
        current = url == current_path if url == "/" else current_path.startswith(url)
        # name: a stable id for the badge, which an htmx answer may replace (notifications marked read)
        items.append({"label": label, "url": url, "current": current, "weight": weight,
                      "badge": badge(user) if badge is not None and user.is_authenticated else 0,
                      "name": url_name.replace(":", "-")})
    return items
