"""How large a plan may grow: one set of limits for typing, importing and the documents.

A plan holds at most MAX_MEASURES measures, whether typed or imported (a 1,000-measure workbook imports in well
under the 3 s target, tests/performance/test_import_scale.py). Its documents agree with that limit: the PDF of a
plan of up to RENDER_WHILE_WAITING measures is rendered while the person waits (the largest such plan, every
measure with the longest texts, in about 2.5 s on an idle 2-core machine and about 11 s under heavy load, inside
the web worker's 30 s), a longer plan's PDF is rendered by the task worker (`manage.py db_worker`) and offered for
download when it is ready (200 such measures take about 27 s, 1,000 a few minutes: `make bench` times the largest
plan permitted). Either way the PDF is kept in the file storage per content, so it is laid out once. Raise the limits
only with a new measurement (`make bench`, tests/integrity/test_largest_plan.py)."""

from django.utils.translation import gettext as _

MAX_MEASURES = 1000  # per plan revision; far above a real pilot's plan (10–30 measures)
RENDER_WHILE_WAITING = 50  # measures: a longer plan's PDF is rendered by the task worker
MAX_DESCRIPTION = 1500  # characters in a measure's description (about a third of a page)
# The other texts have their column's length (models/measure.py): title 300, indicator 500, baseline/target 200.


def too_many_measures(count):
    return _("A plan can have at most %(max)s measures; this one would have %(count)s.") % {
        "max": MAX_MEASURES,
        "count": count,
    }


def too_long(limit):
    return _("at most %(max)s characters.") % {"max": limit}
