"""Budget charts: planned vs spent per financing source and year, for a round and for each of its pilots.

The numbers are the pilots' current action plans (the newest year and revision of each agreement), summed
in the database in one query; the chart and its table read the same ChartRow objects.
"""

from dataclasses import dataclass, field

from django.db.models import F, Sum

from bygdevekst.actionplans.domain.budget import summarise
from bygdevekst.actionplans.models import BudgetLine
from bygdevekst.actionplans.overview import current_plans

WIDTH = 860
LABEL_WIDTH = 230
BAR_RIGHT = 700  # leaves room for the value after the longest bar
BAR_HEIGHT = 12
GROUP_HEIGHT = 2 * BAR_HEIGHT + 14
TOP = 10


@dataclass
class ChartRow:
    year: int
    source_label: str
    planned: int
    spent: int
    y: int = 0
    planned_width: int = 0
    spent_width: int = 0


@dataclass
class BudgetChart:
    key: str  # unique on the page, for the SVG's ids
    title: str
    rows: list = field(default_factory=list)
    total_planned: int = 0
    total_spent: int = 0
    height: int = 0


def round_budget_lines(round_):
    """[{pilot, year, source, planned, spent}] summed per pilot, year and source, in one query."""
    plans = current_plans().filter(agreement__pilot__round=round_)
    return list(
        BudgetLine.objects.filter(measure__plan__in=plans)
        .values("year", "source", pilot=F("measure__plan__agreement__pilot_id"))
        .annotate(planned=Sum("planned"), spent=Sum("spent"))
        .order_by()
    )


def chart(key, title, lines):
    summary = summarise(lines)
    result = BudgetChart(key, title, total_planned=summary.total.planned, total_spent=summary.total.spent)
    for year in summary.years:
        for value, label in summary.sources:
            cell = summary.cells.get((value, year))
            if cell is not None:
                result.rows.append(ChartRow(year, str(label), cell.planned, cell.spent))
    top = max([max(r.planned, r.spent) for r in result.rows], default=0) or 1
    for i, row in enumerate(result.rows):
        row.y = TOP + i * GROUP_HEIGHT
        row.planned_width = round((BAR_RIGHT - LABEL_WIDTH) * row.planned / top)
        row.spent_width = round((BAR_RIGHT - LABEL_WIDTH) * row.spent / top)
    result.height = TOP + len(result.rows) * GROUP_HEIGHT + 6
    return result


def round_charts(round_, pilots):
    """(the round's chart, [a chart per pilot with a budget]) for the given pilots of the round."""
    lines = round_budget_lines(round_)
    by_pilot = {}
    for line in lines:
        by_pilot.setdefault(line["pilot"], []).append(line)
    round_chart = chart(f"r{round_.pk}", round_.name, lines)
    pilot_charts = [chart(f"p{p.pk}", p.name, by_pilot[p.pk]) for p in pilots if p.pk in by_pilot]
    return round_chart, pilot_charts
