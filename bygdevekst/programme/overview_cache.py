"""The parts of pages every KDD user sees alike — the front page's round section (pilot table, timeline, budget
charts, downloads) and the action-plan overview's sums — rendered once and kept in Django's cache (settings.CACHES: local memory by default,
the database cache or Redis with several servers, docs/deployment.md).

A cached copy is used only while nothing it shows can have changed. Its key holds:
- the newest action-log row: every action is logged (audit.log), in whichever process or server it ran, so one
  indexed query per request sees any change at once, with no shared cache needed for correctness;
- a generation that the domain signals and saves of the models the section reads bump in this process (changes
  that are not logged: the scale generator, a correction made in the shell);
- today's date (milestones fall due by the calendar), the language, the round and the permissions that change
  what the section shows.
"""

import uuid

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from bygdevekst.audit import fragments
from bygdevekst.core import signals as domain

TIMEOUT = 15 * 60  # seconds; a copy past this is rendered again whatever happened
_generation = {"value": uuid.uuid4().hex}

# The models whose rows the section reads (app label, model name); a save or delete of any makes a new copy.
SOURCES = [
    ("programme", "Round"),
    ("programme", "Pilot"),
    ("programme", "Milestone"),
    ("agreements", "Agreement"),
    ("agreements", "FocusArea"),
    ("agreements", "SubGoal"),
    ("organisations", "Organisation"),
    ("meetings", "Meeting"),
    ("actionplans", "ActionPlan"),
    ("actionplans", "Measure"),
    ("actionplans", "BudgetLine"),
]
SIGNALS = [
    domain.agreement_transitioned,
    domain.agreement_signed,
    domain.anchoring_decision_recorded,
    domain.response_published,
    domain.record_corrected,
    domain.measures_saved,
]


def invalidate(*args, **kwargs):
    _generation["value"] = uuid.uuid4().hex


def connect():
    from django.apps import apps

    for app_label, model_name in SOURCES:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        post_save.connect(invalidate, sender=model, dispatch_uid=f"overview-cache-save-{app_label}.{model_name}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"overview-cache-delete-{app_label}.{model_name}")
    for signal in SIGNALS:
        signal.connect(invalidate, dispatch_uid=f"overview-cache-{id(signal)}")


def key(request, name, round_):
    perms = "".join(
        "1" if request.user.has_perm(p) else "0" for p in ("actionplans.view_overview", "programme.export_round")
    )
    parts = [
        name,
        str(round_.pk if round_ else ""),
        perms,
        fragments.state_of(request),  # the language, the day and the newest logged action, shared with the page's other kept parts
        _generation["value"],
    ]
    return "programme:kdd:" + ":".join(parts)


def fragment(request, name, round_, template, build):
    """(html, extra) of a part of a page that every user who sees everything sees alike: `build()` gives
    (context, extra) when no current copy is cached; `extra` is kept beside the html (a count, say)."""
    cache_key = key(request, name, round_)
    cached = cache.get(cache_key)
    if cached is None:
        context, extra = build()
        cached = (render_to_string(template, context, request=request), extra)
        cache.set(cache_key, cached, TIMEOUT)
    html, extra = cached
    return mark_safe(html), extra  # noqa: S308  our own template's output, rendered with autoescape  # nosec


def kdd_section(request, round_, build):
    """(html, number of pilots) of the front page's round section; `build()` gives its context."""

    def context():
        built = build()
        return built, len(built["pilots"])

    return fragment(request, "home", round_, "programme/_home_round.html", context)
