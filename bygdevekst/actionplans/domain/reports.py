"""Yearly status reports: started from the plan year's measures, edited, then submitted and frozen."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Refused, Stale

from ..enums import MeasureStatus
from ..models import ActionPlan, ReportEntry, YearlyReport
from .plans import current_plan


def plan_for_year(agreement, year):
    return (ActionPlan.objects.filter(agreement=agreement, year=year).order_by("-revision").first()
            or current_plan(agreement))


def start_report(agreement, year, *, actor=None, request=None):
    if YearlyReport.objects.filter(agreement=agreement, year=year).exists():
        raise Refused(_("There is already a status report for %(year)s.") % {"year": year})
    plan = plan_for_year(agreement, year)
    if plan is None:
        raise Refused(_("Make an action plan before reporting on it."))
    with transaction.atomic():
        report = YearlyReport.objects.create(agreement=agreement, plan=plan, year=year)
        entries = []
        for m in plan.measures.prefetch_related("budget_lines").order_by("number"):
            spent = sum(b.spent for b in m.budget_lines.all() if b.year == year)
            entries.append(ReportEntry(
                report=report, measure_uid=m.uid, number=m.number, title=m.title, status=m.status,
                percent=100 if m.status == MeasureStatus.DONE else 0, spent=spent,
            ))
        ReportEntry.objects.bulk_create(entries)
        log_action("actionplan.report_started", actor=actor, obj=report, agreement=agreement,
                   data={"year": year, "plan": {"year": plan.year, "revision": plan.revision},
                         "entries": len(entries)}, request=request)
    return report


def save_report(report, summary, entries, *, lock_version=None, actor=None, request=None):
    """entries: {entry pk: {"status", "percent", "spent", "text"}} (already validated)."""
    if report.is_submitted:
        raise Refused(_("The report is submitted and can no longer be changed."))
    if lock_version is not None and lock_version != report.lock_version:
        raise Stale(lock_version, report.lock_version,
                    _("Someone else saved this report while you were editing. Your input is kept below; "
                      "nothing was saved. Check the values and save again."))
    with transaction.atomic():
        diff = {}
        if report.summary != summary:
            diff["summary"] = {"before": report.summary, "after": summary}
            report.summary = summary
        for entry in report.entries.all():
            new = entries.get(entry.pk)
            if not new:
                continue
            fields = {k: {"before": getattr(entry, k), "after": v} for k, v in new.items() if getattr(entry, k) != v}
            if fields:
                for k, v in new.items():
                    setattr(entry, k, v)
                entry.save()
                diff[str(entry.number)] = fields
        report.lock_version += 1
        report.save()
        log_action("actionplan.report_saved", actor=actor, obj=report, agreement=report.agreement,
                   data={"year": report.year, "changes": diff}, request=request)
    return report


def submit_report(report, *, actor=None, request=None):
    if report.is_submitted:
        raise Refused(_("The report is already submitted."))
    with transaction.atomic():
        report.status = "submitted"
        report.submitted_at = timezone.now()
        report.submitted_by = actor
        report.save()
        log_action("actionplan.report_submitted", actor=actor, obj=report, agreement=report.agreement,
                   data={"year": report.year, "status": {"before": "draft", "after": "submitted"}}, request=request)
    return report


def link_meeting(report, meeting, *, actor=None, request=None):
    """Link the annual political meeting that discussed the report (allowed after submission)."""
    if meeting is not None and (meeting.kind != "annual" or meeting.agreement_id != report.agreement_id):
        raise Refused(_("Only an annual political meeting of this agreement can be linked."))
    with transaction.atomic():
        before = report.meeting_id
        report.meeting = meeting
        report.save(update_fields=["meeting"])
        log_action("actionplan.report_meeting_linked", actor=actor, obj=report, agreement=report.agreement,
                   data={"meeting": {"before": before, "after": meeting.pk if meeting else None}}, request=request)
    return report
