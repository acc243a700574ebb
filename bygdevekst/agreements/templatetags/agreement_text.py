"""Filters for showing frozen content and comparisons: labels for codes, word diffs as accessible HTML."""

import functools

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..domain.diff import DELETE, EQUAL, INSERT, unmarked
from ..enums import CommitmentKind, CountyRole, PartyRole, VersionKind
from ..models import CommentTarget

register = template.Library()

FIELD_LABELS = {
    "title": "Title", "period_start": "Period start", "period_end": "Period end",
    "county_role": "County council's role", "purpose": "Purpose and background",
    "overall_goal": "Overall goal", "description": "Description", "party": "Party",
    "kind": "Kind", "amount_nok": "Amount (NOK)", "text": "Text", "body": "Text",
}
ELEMENT_LABELS = {
    "focus_area": "Focus area", "sub_goal": "Sub-goal", "commitment": "Commitment", "section": "Section",
}


def _label(choices, code):
    try:
        return choices(code).label
    except ValueError:
        return code


@register.filter
def field_label(code):
    return _(FIELD_LABELS.get(code, code))


@register.filter
def element_label(code):
    return _(ELEMENT_LABELS.get(code, code))


@register.filter
def role_label(code):
    return _label(PartyRole, code)


@register.filter
def county_role_label(code):
    return _label(CountyRole, code)


@register.filter
def commitment_kind_label(code):
    return _label(CommitmentKind, code)


@register.filter
def version_kind_label(code):
    return _label(VersionKind, code)


# The labels a version gets when the process freezes it (process.domain.transitions), which say no more than
# its kind: shown beside the kind they would read "Avtaleforslag – Avtaleforslag".
_FREEZE_LABELS = {VersionKind.PROPOSAL: "Proposal", VersionKind.FINAL: "Final agreed text"}


@functools.cache
def _kind_names(kind):
    """The kind's name and its freeze label in every language (fixed once the catalogues are loaded): switching
    language per version and per language cost the version list of 40 versions most of its time."""
    from django.conf import settings
    from django.utils import translation

    names = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.add(str(_label(VersionKind, kind)).casefold())
            if kind in _FREEZE_LABELS:
                names.add(_(_FREEZE_LABELS[kind]).casefold())
    return frozenset(names)


def _says_only_its_kind(version):
    label = (version.label or "").strip().casefold()
    if not label:
        return True
    return label in _kind_names(version.kind)


@register.filter
def version_title(version):
    """The version's kind, and its own label only where the label says more than the kind."""
    kind = _label(VersionKind, version.kind)
    return kind if _says_only_its_kind(version) else f"{kind} – {version.label}"


@register.filter
def version_own_label(version):
    """The version's label where it says more than its kind, else nothing (for a column beside the kind)."""
    return "" if _says_only_its_kind(version) else version.label


@register.filter
def target_label(code):
    return _label(CommentTarget, code)


@register.filter
def diff_html(ops, side="inline"):
    """Word diff → HTML. Insertions and deletions are announced in words, not only by colour."""
    parts = []
    for op, raw in ops:
        text = unmarked(raw)
        if op == EQUAL:
            parts.append(escape(text))
        elif op == INSERT and side in ("inline", "to"):
            parts.append(f'<ins><span class="visually-hidden">{escape(_("inserted:"))} </span>{escape(text)}</ins>')
        elif op == DELETE and side in ("inline", "from"):
            parts.append(f'<del><span class="visually-hidden">{escape(_("deleted:"))} </span>{escape(text)}</del>')
    return mark_safe("".join(parts))  # noqa: S308  every piece escaped above  # nosec
