"""Yearly status reports in the API: start one for a year, fill in its entries, submit it (then it is fixed),
and link the annual political meeting that discussed it. The same domain functions and permission
(`actionplans.report`) as the report pages (actionplans/views/reports.py)."""

import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bygdevekst.apierrors import PROBLEM_RESPONSES
from bygdevekst.apiforms import NO_NUL, Input, WholeInt, whole
from bygdevekst.core.guards import Refused

from .api import router
from .domain.reports import link_meeting, save_report, start_report, submit_report
from .enums import MeasureStatus
from .models import ReportEntry, YearlyReport
from .queries import agreement_for

REPORT = "actionplans.report"
SPENT_MAX = 2**63 - 1  # a 64-bit column, as the page's form checks


class EntryOut(Schema):
    id: int
    measure_uid: str
    number: int
    title: str
    status: str
    percent: int
    spent: int
    text: str

    @staticmethod
    def resolve_measure_uid(obj):
        return str(obj.measure_uid)


class ReportOut(Schema):
    id: int
    agreement: int
    plan: int
    year: int
    status: str
    summary: str
    meeting: int | None
    submitted_at: datetime.datetime | None
    lock_version: int
    entries: list[EntryOut]

    @staticmethod
    def resolve_agreement(obj):
        return obj.agreement_id

    @staticmethod
    def resolve_plan(obj):
        return obj.plan_id

    @staticmethod
    def resolve_meeting(obj):
        return obj.meeting_id

    @staticmethod
    def resolve_entries(obj):
        return list(ReportEntry.objects.filter(report=obj).order_by("number"))


class ReportStartIn(Input):
    year: WholeInt = Field(ge=2000, le=2100)


class EntryIn(Input):
    id: WholeInt = Field(ge=1, description="An entry of this report (from its GET)")
    status: MeasureStatus
    percent: WholeInt = Field(0, ge=0, le=100)
    spent: WholeInt = Field(0, ge=0, le=SPENT_MAX)
    text: str = Field("", max_length=1000, pattern=NO_NUL)


class ReportSaveIn(Input):
    summary: str = Field("", max_length=50000, pattern=NO_NUL)
    entries: list[EntryIn] = Field(
        default_factory=list, max_length=500, description="Entries left out keep their values"
    )
    lock_version: whole(1, 2**31 - 1) | None = Field(None)


class MeetingLinkIn(Input):
    meeting: whole(1) | None = Field(None, description="An annual political meeting of this agreement; null unlinks")


def _report(request, report_id, perm="actionplans.view_plan"):
    report = (
        YearlyReport.objects.select_related("agreement__pilot__round", "plan", "meeting").filter(pk=report_id).first()
    )
    if report is None:
        raise Http404
    agreement_for(request.auth, report.agreement_id, perm)
    return report


@router.get("/agreements/{int:agreement_id}/yearly-reports", response={200: list[ReportOut], **PROBLEM_RESPONSES})
@paginate(LimitOffsetPagination)
def list_reports(request, agreement_id: int):
    agreement = agreement_for(request.auth, agreement_id)
    return YearlyReport.objects.filter(agreement=agreement).order_by("-year", "pk")


@router.post("/agreements/{int:agreement_id}/yearly-reports", response={201: ReportOut, **PROBLEM_RESPONSES})
def create_report(request, agreement_id: int, payload: ReportStartIn):
    """A draft report for the year, its entries taken from that year's plan (409 if the year has one)."""
    agreement = agreement_for(request.auth, agreement_id, REPORT)
    return Status(201, start_report(agreement, payload.year, actor=request.auth, request=request))


@router.get("/yearly-reports/{int:report_id}", response={200: ReportOut, **PROBLEM_RESPONSES})
def get_report(request, report_id: int):
    return _report(request, report_id)


@router.post("/yearly-reports/{int:report_id}", response={200: ReportOut, **PROBLEM_RESPONSES})
def save_report_api(request, report_id: int, payload: ReportSaveIn):
    """The summary and the entries sent; `lock_version` from the GET (409 if someone saved first)."""
    report = _report(request, report_id, REPORT)
    known = set(report.entries.values_list("pk", flat=True))
    strangers = sorted({e.id for e in payload.entries} - known)
    if strangers:
        raise Refused(
            _("These entries are not part of this report: %(ids)s.") % {"ids": ", ".join(str(i) for i in strangers)}
        )
    values = {
        e.id: {"status": e.status, "percent": e.percent, "spent": e.spent, "text": e.text.strip()}
        for e in payload.entries
    }
    return save_report(
        report, payload.summary.strip(), values, lock_version=payload.lock_version, actor=request.auth, request=request
    )


@router.post("/yearly-reports/{int:report_id}/submit", response={200: ReportOut, **PROBLEM_RESPONSES})
def submit_report_api(request, report_id: int):
    report = _report(request, report_id, REPORT)
    return submit_report(report, actor=request.auth, request=request)


@router.post("/yearly-reports/{int:report_id}/meeting", response={200: ReportOut, **PROBLEM_RESPONSES})
def link_report_meeting(request, report_id: int, payload: MeetingLinkIn):
    from bygdevekst.meetings.models import Meeting

    report = _report(request, report_id, REPORT)
    meeting = None
    if payload.meeting is not None:
        meeting = Meeting.objects.filter(pk=payload.meeting, agreement=report.agreement, kind="annual").first()
        if meeting is None:
            raise Refused(_("Only an annual political meeting of this agreement can be linked."))
    return link_meeting(report, meeting, actor=request.auth, request=request)
