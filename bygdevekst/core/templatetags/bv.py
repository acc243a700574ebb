import datetime

from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe

from bygdevekst.core import safetext

register = template.Library()


@register.filter
def safe_text(value):
    """Render the safe text format (sanitised; see core/safetext.py)."""
    return mark_safe(safetext.render(value))  # noqa: S308  sanitised by nh3 in safetext.render  # nosec


@register.filter
def nok(value):
    """Money with Norwegian separators: 1 250 000 kr."""
    if value is None or value == "":
        return ""
    return f"{number_format(int(value), force_grouping=True)} kr"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def iso_date(value):
    """A date stored as ISO text (frozen version content) → a date, so `|date` can format it."""
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None
