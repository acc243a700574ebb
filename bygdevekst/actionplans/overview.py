"""KDD's overview across all pilots: each agreement's current plan, measures by focus area, budget by
financing source and year, delayed measures first. A fixed number of queries, whatever the pilots."""

import csv
import io

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from bygdevekst.agreements.models import SubGoal
from bygdevekst.search import text  # the search app's bokmål–nynorsk synonym keys, read only

from .domain.budget import summarise
from .enums import MeasureStatus
from .models import ActionPlan, BudgetLine, Measure
from .spreadsheet import put

STATUS_ORDER = [MeasureStatus.DELAYED, MeasureStatus.IN_PROGRESS, MeasureStatus.NOT_STARTED, MeasureStatus.DONE,
                MeasureStatus.CANCELLED]


def current_plans():
    newest = ActionPlan.objects.filter(agreement=OuterRef("agreement")).order_by("-year", "-revision").values("pk")[:1]
    return ActionPlan.objects.filter(pk=Subquery(newest))


def overview_data(round_=None):
    """The figures of one round's plans: a pilot of another round never counts into this round's totals."""
    plans = current_plans()
    if round_ is not None:
        plans = plans.filter(agreement__pilot__round=round_)
    plans = list(plans.select_related("agreement__pilot__round"))
    plan_by_id = {p.pk: p for p in plans}
    measures = list(
        Measure.objects.filter(plan__in=[p.pk for p in plans])
        .select_related("responsible")
        .prefetch_related(Prefetch("budget_lines", queryset=BudgetLine.objects.select_related("organisation")))
    )
    sub_goals = {
        (sg.agreement_id, str(sg.uid)): sg
        for sg in SubGoal.objects.filter(agreement__in=[p.agreement_id for p in plans]).select_related("focus_area")
    }
    by_area = {}
    lines = []
    for m in measures:
        m.current_plan = plan_by_id[m.plan_id]
        m.pilot = m.current_plan.agreement.pilot
        m.sub_goal_objs = [sub_goals[k] for k in ((m.current_plan.agreement_id, u) for u in m.sub_goal_uids)
                           if k in sub_goals]
        m.focus_areas = sorted({sg.focus_area.title for sg in m.sub_goal_objs})
        budget = list(m.budget_lines.all())
        lines.extend(budget)
        m.planned_total = sum(b.planned for b in budget)
        m.spent_total = sum(b.spent for b in budget)
        for area in m.focus_areas or [_("(no sub-goal)")]:
            titles, items = by_area.setdefault(theme_key(area), (set(), []))
            titles.add(area)
            items.append(m)
    measures.sort(key=lambda m: (STATUS_ORDER.index(m.status), m.pilot.name, m.number))
    areas = sorted(
        ((" / ".join(sorted(titles)), len(items), sum(1 for m in items if m.status == MeasureStatus.DELAYED),
          sum(m.planned_total for m in items)) for titles, items in by_area.values()),
        key=lambda row: row[0],
    )
    return {"plans": plans, "measures": measures, "areas": areas, "budget": summarise(lines), "round": round_}


def theme_key(title):
    """One key per meaning across written standards: "Bolig" and "Bustad" are one theme, not two."""
    return " ".join(sorted({text.keys_of(w)[0] for w in text.words(title)}))  # a word's own key comes first


COLUMNS = ["pilot", "round", "plan_year", "revision", "number", "title", "focus_areas", "responsible", "status",
           "period", "planned", "spent"]


def _headers():
    return [_("Pilot"), _("Round"), _("Plan year"), _("Revision"), _("No."), _("Measure"), _("Focus areas"),
            _("Responsible"), _("Status"), _("Period"), _("Planned (NOK)"), _("Spent (NOK)")]


def _row(m):
    return [m.pilot.name, m.pilot.round.number, m.current_plan.year, m.current_plan.revision, m.number, m.title,
            "; ".join(m.focus_areas), m.responsible.name if m.responsible else "", str(m.get_status_display()),
            m.period_label, m.planned_total, m.spent_total]


def _csv_safe(value):
    """A spreadsheet opening the CSV must not run a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def overview_csv(data):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_headers())
    for m in data["measures"]:
        writer.writerow([_csv_safe(v) for v in _row(m)])
    return "\ufeff" + out.getvalue()  # BOM: Excel opens UTF-8 with æøå and Sami letters right


def overview_xlsx(data):
    wb = Workbook()
    ws = wb.active
    ws.title = _("Measures")[:31]
    ws.append(_headers())
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r, m in enumerate(data["measures"], start=2):
        for c, value in enumerate(_row(m), start=1):
            put(ws, r, c, value)
    ws.freeze_panes = "A2"
    budget = data["budget"]
    bs = wb.create_sheet(_("Budget")[:31])
    bs.append([_("Financing source"), *budget.years, _("Total")])
    for label, sums, total in budget.rows():
        bs.append([str(label), *(s.planned for s in sums), total.planned])
    bs.append([_("Total"), *(s.planned for s in budget.year_totals()), budget.total.planned])
    for cell in bs[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
