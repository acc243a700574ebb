"""Yearly status reports, the goals view, and the annual political meeting linked to a report."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from bygdevekst.core.guards import Refused
from bygdevekst.core.refusals import on_refusal_return_to

from ..domain.plans import current_plan
from ..domain.present import grouped
from ..domain.reports import link_meeting, save_report, start_report, submit_report
from ..domain.snapshot import plan_measures
from ..enums import MeasureStatus
from ..models import ReportEntry, YearlyReport
from ..queries import agreement_for
from .common import meeting_url, new_annual_meeting_url


@require_safe
def goals(request, pk):
    """The agreement's goals with the measures and their progress beneath them."""
    agreement = agreement_for(request.user, pk)
    plan = current_plan(agreement)
    groups, unplaced = [], []
    if plan is not None:
        groups, unplaced, _measures = grouped(plan, plan_measures(plan))
    latest = YearlyReport.objects.filter(agreement=agreement).order_by("-year").first()
    progress = {e.measure_uid: e for e in latest.entries.all()} if latest else {}
    for group in groups:
        for sg in group["sub_goals"]:
            for m in sg["measures"]:
                m.progress = progress.get(m.uid)
    return render(request, "actionplans/goals.html", {
        "agreement": agreement, "plan": plan, "groups": groups, "unplaced": unplaced, "latest": latest,
    })


class StartReportForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Report year"), min_value=2000, max_value=2100)


def reports(request, pk):
    agreement = agreement_for(request.user, pk)
    can_report = request.user.has_perm("actionplans.report", agreement)
    form = StartReportForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not can_report:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if form.is_valid():
            try:
                report = start_report(agreement, form.cleaned_data["year"], actor=request.user, request=request)
                return redirect("actionplans:report", report.pk)
            except Refused as refusal:  # beside the year typed, which the form keeps
                form.add_error("year", str(refusal))
    items = YearlyReport.objects.filter(agreement=agreement).select_related("meeting", "plan").order_by("-year")
    return render(request, "actionplans/reports.html", {
        "agreement": agreement, "reports": items, "form": form, "can_report": can_report,
    }, status=422 if form.errors else 200)


def _report(request, pk, perm="actionplans.view_plan"):
    report = YearlyReport.objects.select_related("agreement__pilot__round", "plan", "meeting").filter(pk=pk).first()
    if report is None:
        raise Http404
    agreement_for(request.user, report.agreement_id, perm)
    return report


# ReportEntry.spent is a 64-bit integer column: more than that is refused, not a database error.
SPENT_MAX = 2**63 - 1


def _lock_version(raw):
    """The form's lock_version (None when absent: no check); one that is not a number is stale (-1)."""
    try:
        return int(raw or 0) or None
    except ValueError:
        return -1


def _read_entries(post, entries):
    """Validate the posted entry fields; returns (values by pk, errors [(field id, message)])."""
    values, errors = {}, []
    statuses = dict(MeasureStatus.choices)
    for e in entries:
        prefix = f"e{e.pk}-"
        status = post.get(prefix + "status", e.status)
        text = post.get(prefix + "text", "").strip()[:1000]
        row = {"status": status, "text": text}
        if status not in statuses:
            errors.append((prefix + "status", _("Measure %(n)s: choose a valid status.") % {"n": e.number}))
        for key, high in (("percent", 100), ("spent", SPENT_MAX)):
            raw = post.get(prefix + key, "").replace(" ", "").replace("\u00a0", "")
            try:
                value = int(raw or 0)
                if value < 0 or value > high:
                    raise ValueError
                row[key] = value
            except ValueError:
                message = (_("Measure %(n)s: percent complete is a whole number from 0 to 100.") if key == "percent"
                           else _("Measure %(n)s: spent is a whole, non-negative number of kroner."))
                errors.append((prefix + key, message % {"n": e.number}))
        e.posted = {**row, "percent": post.get(prefix + "percent"), "spent": post.get(prefix + "spent")}
        values[e.pk] = row
    return values, errors


def report_detail(request, pk):
    report = _report(request, pk)
    agreement = report.agreement
    can_report = request.user.has_perm("actionplans.report", agreement)
    entries = list(ReportEntry.objects.filter(report=report).order_by("number"))
    errors = []
    status = 200
    if request.method == "POST":
        if not can_report:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        values, errors = _read_entries(request.POST, entries)
        if not errors:
            try:
                lock = _lock_version(request.POST.get("lock_version"))
                save_report(report, request.POST.get("summary", "").strip(), values, lock_version=lock,
                            actor=request.user, request=request)
                messages.success(request, _("The report is saved."))
                return redirect("actionplans:report", report.pk)
            except Refused as refusal:  # the person's input is kept on the form, with the reason
                errors = [("summary", str(refusal))]
        status = 422 if errors else 200
    meetings = []
    if can_report:
        from bygdevekst.meetings.models import Meeting

        meetings = Meeting.objects.filter(agreement=agreement, kind="annual").order_by("-date")
    meeting = report.meeting
    # The year's annual meeting, offered first when the report has no link yet.
    year_meeting = next((m for m in meetings if m.date.year == report.year and m.cancelled_at is None), None)
    return render(request, "actionplans/report.html", {
        "report": report, "agreement": agreement, "entries": entries, "errors": errors,
        "can_edit": can_report and not report.is_submitted, "can_report": can_report,
        "statuses": MeasureStatus.choices, "meetings": meetings, "year_meeting": year_meeting,
        "meeting": meeting, "meeting_url": meeting_url(meeting),
        "meeting_items": meeting.items.all() if meeting else [],
        "meeting_participants": meeting.participants.select_related("organisation") if meeting else [],
        "new_meeting_url": new_annual_meeting_url(agreement) if request.user.has_perm("meetings.manage") else None,
        "posted_summary": request.POST.get("summary") if errors else None,
    }, status=status)


@require_POST
@on_refusal_return_to("actionplans:report")
def report_submit(request, pk):
    report = _report(request, pk, "actionplans.report")
    submit_report(report, actor=request.user, request=request)
    messages.success(request, _("The report is submitted and can no longer be changed."))
    return redirect("actionplans:report", report.pk)


@require_POST
def report_meeting(request, pk):
    from bygdevekst.meetings.models import Meeting

    report = _report(request, pk, "actionplans.report")
    raw = request.POST.get("meeting", "")
    meeting = Meeting.objects.filter(pk=raw, agreement=report.agreement, kind="annual").first() if raw.isdigit() else None
    if raw and meeting is None:
        messages.error(request, _("Only an annual political meeting of this agreement can be linked."))
        return redirect("actionplans:report", report.pk)
    link_meeting(report, meeting, actor=request.user, request=request)
    messages.success(request, _("The meeting link is saved."))
    return redirect("actionplans:report", report.pk)
