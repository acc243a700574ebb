"""Action plans and their progress for a round's approved agreements — only if the action-plans app
is installed (read through `apps.get_model`). The newest plan that is not a draft; progress from
submitted yearly reports only. Organisations, never people."""

from collections import defaultdict

from django.apps import apps
from django.db.models import Prefetch

from bygdevekst.access.visibility import PUBLIC_STATES

CSV_FIELDS = [
    "round", "pilot", "agreement_id", "plan_year", "plan_revision", "plan_status", "measure_uid", "number",
    "title", "responsible", "responsible_org_number", "start", "end", "indicator", "baseline", "target",
    "status", "planned_nok", "spent_nok", "report_year", "report_status", "percent_complete",
]


def installed():
    return apps.is_installed("bygdevekst.actionplans")


def _model(name):
    return apps.get_model("actionplans", name)


def _period(year, quarter):
    if not year:
        return ""
    return f"{year}-Q{quarter}" if quarter else str(year)


def plan_items(round_number):
    ActionPlan, Measure, ReportEntry = _model("ActionPlan"), _model("Measure"), _model("ReportEntry")
    plans = (
        ActionPlan.objects.filter(
            agreement__pilot__round__number=round_number, agreement__state__in=PUBLIC_STATES
        )
        .exclude(status="draft")
        .select_related("agreement__pilot__round")
        .prefetch_related(
            Prefetch(
                "measures",
                queryset=Measure.objects.select_related("responsible").prefetch_related("budget_lines__organisation"),
            )
        )
        .order_by("agreement__pilot__name", "-year", "-revision")
    )
    latest = {}
    for plan in plans:
        latest.setdefault(plan.agreement_id, plan)
    progress = defaultdict(list)
    entries = ReportEntry.objects.filter(
        report__agreement_id__in=list(latest), report__status="submitted"
    ).select_related("report").order_by("report__year", "number")
    for entry in entries:
        progress[str(entry.measure_uid)].append(
            {"year": entry.report.year, "status": entry.status, "percent": entry.percent,
             "spent_nok": entry.spent, "text": entry.text}
        )
    items = []
    for plan in latest.values():
        agreement = plan.agreement
        items.append({
            "agreement_id": agreement.pk, "pilot": agreement.pilot.name, "round": agreement.pilot.round.number,
            "plan_year": plan.year, "plan_revision": plan.revision, "plan_status": plan.status,
            "adopted_at": plan.adopted_at.isoformat() if plan.adopted_at else None,
            "measures": [
                {
                    "uid": str(m.uid), "number": m.number, "title": m.title, "description": m.description,
                    "sub_goal_uids": list(m.sub_goal_uids or []),
                    "responsible": m.responsible.name if m.responsible else "",
                    "responsible_org_number": m.responsible.org_number if m.responsible else "",
                    "start": _period(m.start_year, m.start_quarter), "end": _period(m.end_year, m.end_quarter),
                    "indicator": m.indicator, "baseline": m.baseline, "target": m.target, "status": m.status,
                    "budget": [
                        {"year": b.year, "source": b.source,
                         "organisation": b.organisation.name if b.organisation_id else "",
                         "planned_nok": b.planned, "spent_nok": b.spent}
                        for b in m.budget_lines.all()
                    ],
                    "progress": progress.get(str(m.uid), []),
                }
                for m in plan.measures.all()
            ],
        })
    return items


def csv_rows(items):
    for plan in items:
        for m in plan["measures"]:
            last = m["progress"][-1] if m["progress"] else {}
            yield {
                "round": plan["round"], "pilot": plan["pilot"], "agreement_id": plan["agreement_id"],
                "plan_year": plan["plan_year"], "plan_revision": plan["plan_revision"],
                "plan_status": plan["plan_status"], "measure_uid": m["uid"], "number": m["number"],
                "title": m["title"], "responsible": m["responsible"],
                "responsible_org_number": m["responsible_org_number"], "start": m["start"], "end": m["end"],
                "indicator": m["indicator"], "baseline": m["baseline"], "target": m["target"], "status": m["status"],
                "planned_nok": sum(b["planned_nok"] for b in m["budget"]),
                "spent_nok": sum(b["spent_nok"] for b in m["budget"]),
                "report_year": last.get("year", ""), "report_status": last.get("status", ""),
                "percent_complete": last.get("percent", ""),
            }
