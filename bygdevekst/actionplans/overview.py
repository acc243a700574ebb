"""KDD's overview across all pilots: each agreement's current plan, measures by focus area, budget by
financing source and year, delayed measures first. A fixed number of queries, whatever the pilots."""

import csv
import tempfile

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from bygdevekst.agreements.models import SubGoal
from bygdevekst.core.cells import csv_value, xlsx_cell
from bygdevekst.search import text  # the search app's bokmål–nynorsk synonym keys, read only

from .domain.budget import summarise
from .enums import MeasureStatus
from .models import ActionPlan, BudgetLine, Measure

STATUS_ORDER = [
    MeasureStatus.DELAYED,
    MeasureStatus.IN_PROGRESS,
    MeasureStatus.NOT_STARTED,
    MeasureStatus.DONE,
    MeasureStatus.CANCELLED,
]


def current_plans():
    newest = ActionPlan.objects.filter(agreement=OuterRef("agreement")).order_by("-year", "-revision").values("pk")[:1]
    return ActionPlan.objects.filter(pk=Subquery(newest))


def _plans(round_):
    plans = current_plans()
    if round_ is not None:
        plans = plans.filter(agreement__pilot__round=round_)
    return plans.select_related("agreement__pilot__round")


def overview_summary(round_=None):
    """What the overview page shows, summed in the database: one row per pilot's current plan (its measures by
    status, its budget planned and spent), the measures by focus area and the budget by financing source and
    year. The page grows with the pilots, never with their measures; each plan's own page has the details."""
    counts = {f"n_{s.value}": Count("measures", filter=Q(measures__status=s.value)) for s in MeasureStatus}
    plans = list(_plans(round_).annotate(n_measures=Count("measures"), **counts).order_by("agreement__pilot__name"))
    ids = [p.pk for p in plans]
    lines = BudgetLine.objects.filter(measure__plan__in=ids)
    money = {
        row["measure__plan"]: row
        for row in lines.values("measure__plan").annotate(planned=Sum("planned"), spent=Sum("spent")).order_by()
    }
    labels = dict(MeasureStatus.choices)
    for plan in plans:
        plan.by_status = [(s, labels[s], getattr(plan, f"n_{s.value}")) for s in STATUS_ORDER]
        plan.planned_total = money.get(plan.pk, {}).get("planned") or 0
        plan.spent_total = money.get(plan.pk, {}).get("spent") or 0
    totals = [(s, labels[s], sum(getattr(p, f"n_{s.value}") for p in plans)) for s in STATUS_ORDER]
    budget = summarise(lines.values("year", "source").annotate(planned=Sum("planned"), spent=Sum("spent")).order_by())
    return {
        "plans": plans,
        "status_totals": totals,
        "measure_total": sum(p.n_measures for p in plans),
        "areas": _areas(plans),
        "budget": budget,
        "round": round_,
    }


def _areas(plans):
    """(focus area, measures, delayed, planned) per theme, from one small row per measure."""
    sub_goals = {
        (sg.agreement_id, str(sg.uid)): sg.focus_area.title
        for sg in SubGoal.objects.filter(agreement__in=[p.agreement_id for p in plans]).select_related("focus_area")
    }
    agreement_of = {p.pk: p.agreement_id for p in plans}
    rows = (
        Measure.objects.filter(plan__in=agreement_of)
        .annotate(planned=Sum("budget_lines__planned"))
        .values_list("pk", "plan_id", "sub_goal_uids", "status", "planned")
        .order_by()
    )
    by_area = {}
    for pk, plan_id, uids, status, planned in rows:
        agreement_id = agreement_of[plan_id]
        areas = sorted({sub_goals[(agreement_id, u)] for u in uids if (agreement_id, u) in sub_goals})
        for area in areas or [_("(no sub-goal)")]:
            titles, items = by_area.setdefault(theme_key(area), (set(), {}))
            titles.add(area)
            items[pk] = (status, planned or 0)
    return sorted(
        (
            (
                " / ".join(sorted(titles)),
                len(items),
                sum(1 for st, _p in items.values() if st == MeasureStatus.DELAYED),
                sum(p for _st, p in items.values()),
            )
            for titles, items in by_area.values()
        ),
        key=lambda row: row[0],
    )


def overview_measures(round_=None):
    """Every measure of the round's current plans, delayed first, as the exports list them: one pass over the
    database in chunks (budget sums in the query), so an export streams whatever the number of measures."""
    plans = {p.pk: p for p in _plans(round_)}
    sub_goals = {
        (sg.agreement_id, str(sg.uid)): sg.focus_area.title
        for sg in SubGoal.objects.filter(agreement__in=[p.agreement_id for p in plans.values()]).select_related(
            "focus_area"
        )
    }
    order = Case(
        *(When(status=s.value, then=Value(i)) for i, s in enumerate(STATUS_ORDER)), output_field=IntegerField()
    )
    measures = (
        Measure.objects.filter(plan__in=list(plans))
        .select_related("responsible")
        .annotate(status_order=order, planned_sum=Sum("budget_lines__planned"), spent_sum=Sum("budget_lines__spent"))
        .order_by("status_order", "plan__agreement__pilot__name", "number", "pk")
    )
    for m in measures.iterator(chunk_size=500):
        m.current_plan = plans[m.plan_id]
        m.pilot = m.current_plan.agreement.pilot
        agreement_id = m.current_plan.agreement_id
        m.focus_areas = sorted(
            {sub_goals[(agreement_id, u)] for u in m.sub_goal_uids if (agreement_id, u) in sub_goals}
        )
        m.planned_total, m.spent_total = m.planned_sum or 0, m.spent_sum or 0
        yield m


def overview_budget(round_=None):
    lines = BudgetLine.objects.filter(measure__plan__in=_plans(round_).values("pk"))
    return summarise(lines.values("year", "source").annotate(planned=Sum("planned"), spent=Sum("spent")).order_by())


def overview_data(round_=None):
    """The round's plans, measures (delayed first), focus areas and budget, for the round's exports."""
    summary = overview_summary(round_)
    return {**summary, "measures": list(overview_measures(round_))}


def theme_key(title):
    """One key per meaning across written standards: "Bolig" and "Bustad" are one theme, not two."""
    return " ".join(sorted({text.keys_of(w)[0] for w in text.words(title)}))  # a word's own key comes first


COLUMNS = [
    "pilot",
    "round",
    "plan_year",
    "revision",
    "number",
    "title",
    "focus_areas",
    "responsible",
    "status",
    "period",
    "planned",
    "spent",
]


def _headers():
    return [
        _("Pilot"),
        _("Round"),
        _("Plan year"),
        _("Revision"),
        _("No."),
        _("Measure"),
        _("Focus areas"),
        _("Responsible"),
        _("Status"),
        _("Period"),
        _("Planned (NOK)"),
        _("Spent (NOK)"),
    ]


def _row(m):
    return [
        m.pilot.name,
        m.pilot.round.number,
        m.current_plan.year,
        m.current_plan.revision,
        m.number,
        m.title,
        "; ".join(m.focus_areas),
        m.responsible.name if m.responsible else "",
        str(m.get_status_display()),
        m.period_label,
        m.planned_total,
        m.spent_total,
    ]


class _Echo:
    def write(self, value):
        return value


def overview_csv_lines(round_=None):
    """The overview's CSV one line at a time, for a StreamingHttpResponse (in the request's language, though
    the lines are written after the view has returned)."""
    return _csv_lines(round_, translation.get_language())


def _csv_lines(round_, language):
    writer = csv.writer(_Echo(), delimiter=";")
    with translation.override(language):
        yield "\ufeff" + writer.writerow(_headers())  # BOM: Excel opens UTF-8 with æøå and Sami letters right
        for m in overview_measures(round_):
            yield writer.writerow([csv_value(v) for v in _row(m)])


def overview_xlsx(round_=None):
    """The overview as .xlsx, written row by row (openpyxl's write-only mode keeps no cell in memory) into a
    temporary file, returned open at its start for a FileResponse to stream (which closes it)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Measures")[:31])
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    ws.append([xlsx_cell(ws, h, font=bold) for h in _headers()])
    for m in overview_measures(round_):
        ws.append([xlsx_cell(ws, v) for v in _row(m)])
    budget = overview_budget(round_)
    bs = wb.create_sheet(_("Budget")[:31])
    bs.append([xlsx_cell(bs, h, font=bold) for h in [_("Financing source"), *budget.years, _("Total")]])
    for label, sums, total in budget.rows():
        bs.append([xlsx_cell(bs, str(label)), *(s.planned for s in sums), total.planned])
    bs.append([xlsx_cell(bs, _("Total")), *(s.planned for s in budget.year_totals()), budget.total.planned])
    out = tempfile.TemporaryFile()
    wb.save(out)
    out.seek(0)
    return out


