"""How large a plan may grow: one set of limits for typing, importing and the documents.

The PDF of a plan is rendered while the person waits, inside a web worker that gunicorn stops after 30 s. Measured
on the 2-core server class (WeasyPrint, fixed table layout), the largest plan these limits allow — every measure
with the longest texts — renders in about 11 s (75 such measures took 17.5 s, 1,990 short ones several
minutes), leaving room for a busy machine. Raise them only with a new measurement (tests/integrity/test_largest_plan.py)."""

from django.utils.translation import gettext as _

MAX_MEASURES = 50  # per plan revision; above a real pilot's plan (10–30 measures)
MAX_DESCRIPTION = 1500  # characters in a measure's description (about a third of a page)
# The other texts have their column's length (models/measure.py): title 300, indicator 500, baseline/target 200.


def too_many_measures(count):
    return _("A plan can have at most %(max)s measures; this one would have %(count)s.") % {
        "max": MAX_MEASURES, "count": count}


def too_long(limit):
    return _("at most %(max)s characters.") % {"max": limit}
