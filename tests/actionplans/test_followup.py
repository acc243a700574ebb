"""Yearly status reports, the goals view, annual political meetings, the KDD overview, the agreement panel
and the demo."""

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse

from bygdevekst.actionplans.domain.plans import current_plan
from bygdevekst.actionplans.enums import FundingSource, MeasureStatus, PlanStatus, ReportStatus
from bygdevekst.actionplans.models import ActionPlan, BudgetLine, Measure, YearlyReport
from bygdevekst.agreements.models import SubGoal
from bygdevekst.audit.models import ActionLog


@pytest.fixture
def rindal(demo):
    from bygdevekst.programme.models import Pilot

    return Pilot.objects.get(name="Rindal og Holtålen").agreement


def _entry_post(report, **changes):
    data = {"summary": "Godt i gang.", "lock_version": report.lock_version}
    for e in report.entries.all():
        data.update({f"e{e.pk}-status": e.status, f"e{e.pk}-percent": e.percent, f"e{e.pk}-spent": e.spent,
                     f"e{e.pk}-text": e.text})
    data.update(changes)
    return data


def test_report_start_edit_submit_and_freeze(client_for, trysil):
    client = client_for("trysil")
    response = client.post(reverse("actionplans:reports", args=[trysil.pk]), {"year": 2025})
    assert response.status_code == 302
    report = YearlyReport.objects.get(agreement=trysil, year=2025)
    assert report.entries.count() == current_plan(trysil).measures.count()
    entry = report.entries.order_by("number").first()
    url = reverse("actionplans:report", args=[report.pk])
    bad = client.post(url, _entry_post(report, **{f"e{entry.pk}-percent": 140, f"e{entry.pk}-spent": -5}))
    assert bad.status_code == 422
    body = bad.content.decode()
    assert "error-summary" in body and f'href="#e{entry.pk}-percent"' in body and f'href="#e{entry.pk}-spent"' in body
    entry.refresh_from_db()
    assert entry.percent == 0
    ok = client.post(url, _entry_post(report, **{f"e{entry.pk}-percent": 35, f"e{entry.pk}-status": "in_progress",
                                                 f"e{entry.pk}-spent": 120000, f"e{entry.pk}-text": "Tomt kjøpt"}))
    assert ok.status_code == 302
    entry.refresh_from_db()
    assert (entry.percent, entry.status, entry.spent, entry.text) == (35, "in_progress", 120000, "Tomt kjøpt")
    # Stale lock: nothing saved.
    stale = client.post(url, _entry_post(report, lock_version=1, **{f"e{entry.pk}-percent": 99}))
    assert stale.status_code == 422
    entry.refresh_from_db()
    assert entry.percent == 35
    assert client.post(reverse("actionplans:report_submit", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at
    client.post(url, _entry_post(report, **{f"e{entry.pk}-percent": 100}))
    entry.refresh_from_db()
    assert entry.percent == 35
    assert ActionLog.objects.filter(action="actionplan.report_submitted", object_id=str(report.pk)).exists()
    # A second report for the same year is refused with a reason.
    again = client.post(reverse("actionplans:reports", args=[trysil.pk]), {"year": 2025})
    assert again.status_code == 422 and YearlyReport.objects.filter(agreement=trysil, year=2025).count() == 1


@pytest.mark.parametrize("username", ["kdd", "statsforvalter-innlandet", "politiker-trysil"])
def test_readers_see_reports_but_cannot_change_them(client_for, trysil, username):
    from bygdevekst.actionplans.domain.reports import start_report

    report = start_report(trysil, 2025)
    client = client_for(username)
    url = reverse("actionplans:report", args=[report.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, _entry_post(report)).status_code == 403
    assert client.post(reverse("actionplans:report_submit", args=[report.pk])).status_code == 403
    assert client_for("smola").get(url).status_code == 404


def test_round1_demo_has_two_years_of_reports_with_annual_meetings(client_for, rindal):
    reports = list(YearlyReport.objects.filter(agreement=rindal).order_by("year"))
    assert [r.year for r in reports] == [2024, 2025]
    assert all(r.status == ReportStatus.SUBMITTED and r.meeting and r.meeting.kind == "annual" for r in reports)
    assert {r.meeting.date.year for r in reports} == {2024, 2025}
    plans = ActionPlan.objects.filter(agreement=rindal)
    assert {p.year for p in plans} == {2024, 2025} and all(p.status == PlanStatus.ADOPTED for p in plans)
    page = client_for("kdd").get(reverse("actionplans:report", args=[reports[0].pk])).content.decode()
    assert reports[0].meeting.minutes[:40] in page and reports[0].meeting.decisions[:40] in page
    assert "Rindal kommune" in page  # the main parties invited


def test_link_meeting_to_report(client_for, trysil):
    from bygdevekst.actionplans.domain.reports import start_report
    from bygdevekst.meetings.models import Meeting

    report = start_report(trysil, 2025)
    meeting = Meeting.objects.create(kind="annual", agreement=trysil, title="Årlig politisk møte 2025",
                                     date="2025-11-20", minutes="Referat fra møtet.", decisions="Vedtatt.")
    other = Meeting.objects.create(kind="dialogue", agreement=trysil, title="Dialogmøte", date="2025-01-20")
    client = client_for("trysil")
    url = reverse("actionplans:report_meeting", args=[report.pk])
    client.post(url, {"meeting": other.pk})
    report.refresh_from_db()
    assert report.meeting is None
    assert client.post(url, {"meeting": meeting.pk}).status_code == 302
    report.refresh_from_db()
    assert report.meeting == meeting
    page = client.get(reverse("actionplans:report", args=[report.pk])).content.decode()
    assert "Referat fra møtet." in page and "Vedtatt." in page


def test_goals_view_shows_measures_and_progress_under_sub_goals(client_for, rindal):
    body = client_for("kdd").get(reverse("actionplans:goals", args=[rindal.pk])).content.decode()
    for sg in SubGoal.objects.filter(agreement=rindal):
        assert sg.title in body
    for m in current_plan(rindal).measures.all():
        assert m.title in body
    assert "<progress" in body and 'value="100"' in body


def test_overview_for_kdd_only(client_for):
    assert client_for("kdd").get(reverse("actionplans:overview")).status_code == 200
    assert client_for("trysil").get(reverse("actionplans:overview")).status_code == 403
    assert client_for("trysil").get(reverse("actionplans:overview_csv")).status_code == 403
    assert client_for(None).get(reverse("actionplans:overview")).status_code in (302, 403)


def test_overview_lists_delayed_first_and_sums_budget(client_for):
    plan = current_plan(Measure.objects.filter(plan__status="draft").first().plan.agreement)
    measure = plan.measures.order_by("number").last()
    Measure.objects.filter(pk=measure.pk).update(status=MeasureStatus.DELAYED)
    response = client_for("kdd").get(reverse("actionplans:overview_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.streaming  # line by line from the database, whatever the number of measures
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[1][5] == measure.title or any(r[5] == measure.title for r in rows[1:3])
    first_other = next(i for i, r in enumerate(rows[1:]) if r[8] != rows[1][8])
    assert all(r[8] == rows[1][8] for r in rows[1:first_other + 1])
    xlsx = client_for("kdd").get(reverse("actionplans:overview_xlsx"))
    from openpyxl import load_workbook

    assert xlsx.streaming
    wb = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    budget = list(wb.worksheets[1].iter_rows(values_only=True))
    total_row = budget[-1]
    from bygdevekst.actionplans.overview import current_plans
    from bygdevekst.programme.queries import current_round

    # Without a round chosen, the overview and its exports hold the current round's plans only.
    current = current_plans().filter(agreement__pilot__round=current_round())
    expected = sum(BudgetLine.objects.filter(measure__plan__in=current).values_list("planned", flat=True))
    assert total_row[-1] == expected


def test_overview_query_count_does_not_grow_with_pilots(client_for, demo, django_assert_max_num_queries):
    from bygdevekst.programme.models import Round

    client = client_for("kdd")
    url = reverse("actionplans:overview") + f"?round={Round.objects.get(number=1).pk}"
    client.get(url)
    cache.clear()  # count the overview as rendered, not its cached copy (programme/overview_cache.py)
    with django_assert_max_num_queries(25) as ctx:
        client.get(url)
    baseline = len(ctx.captured_queries)
    # Plans for four more (round-1) pilots, each with measures and budget.
    from bygdevekst.actionplans.demo import build_plan
    from bygdevekst.programme.models import Pilot

    for pilot in Pilot.objects.filter(round__number=1).exclude(name="Rindal og Holtålen").select_related("agreement"):
        build_plan(pilot.agreement, 2024)
    cache.clear()
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert "Vestre Varanger" in response.content.decode()


def test_agreement_panel_and_menu(client_for, trysil):
    body = client_for("trysil").get(trysil.get_absolute_url()).content.decode()
    assert 'id="ap-panel-h"' in body and reverse("actionplans:plan", args=[current_plan(trysil).pk]) in body
    assert 'id="ap-panel-h"' not in client_for(None).get(
        ActionPlan.objects.filter(agreement__state="approved").first().agreement.get_absolute_url()
    ).content.decode()
    assert reverse("actionplans:overview") in client_for("kdd").get("/").content.decode()
    assert reverse("actionplans:overview") not in client_for("trysil").get("/").content.decode()


def test_demo_round2_plans_have_measures_under_sub_goals_and_budget_by_source(demo):
    for name in ["Trysil-regionen", "Smøla og Aure", "Vest-Telemark", "Nord-Troms", "Solund og Fedje"]:
        agreement = demo["pilots"][name].agreement
        plan = current_plan(agreement)
        uids = {str(u) for u in SubGoal.objects.filter(agreement=agreement).values_list("uid", flat=True)}
        measures = list(plan.measures.all())
        assert measures, name
        assert all(set(m.sub_goal_uids) <= uids and m.sub_goal_uids for m in measures)
        assert {str(u) for m in measures for u in m.sub_goal_uids} == uids  # every sub-goal served
        sources = set(BudgetLine.objects.filter(measure__plan=plan).values_list("source", flat=True))
        assert {FundingSource.KDD_GRANT, FundingSource.MUNICIPALITY} <= sources


def test_report_form_shows_the_saved_values(client_for, trysil):
    """Found by the fuzz tier: the form showed percent, spent and text empty, so saving it as shown erased them."""
    from bygdevekst.actionplans.domain.reports import start_report

    report = start_report(trysil, 2025)
    entry = report.entries.order_by("number").first()
    entry.percent, entry.spent, entry.text = 40, 125000, "Tomt kjøpt"
    entry.save()
    page = client_for("trysil").get(reverse("actionplans:report", args=[report.pk])).content.decode()
    assert f'name="e{entry.pk}-percent" id="e{entry.pk}-percent" value="40"' in page
    assert f'name="e{entry.pk}-spent" id="e{entry.pk}-spent" value="125000"' in page
    assert f'name="e{entry.pk}-text" id="e{entry.pk}-text" value="Tomt kjøpt"' in page


@pytest.mark.parametrize("bad", [
    {"lock_version": "abc"},  # was a ValueError (500)
    {"spent": "9" * 40},  # was an OverflowError from the 64-bit column (500)
])
def test_report_refuses_a_junk_lock_version_or_an_impossible_sum(client_for, trysil, bad):
    """Found by the fuzz tier: both were a 500; now 422 with the error summary, nothing saved."""
    from bygdevekst.actionplans.domain.reports import start_report

    report = start_report(trysil, 2025)
    entry = report.entries.order_by("number").first()
    changes = {f"e{entry.pk}-percent": 35, f"e{entry.pk}-text": "Tomt kjøpt"}
    if "spent" in bad:
        changes[f"e{entry.pk}-spent"] = bad["spent"]
    else:
        changes.update(bad)
    response = client_for("trysil").post(reverse("actionplans:report", args=[report.pk]),
                                         _entry_post(report, **changes), HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 422 and "error-summary" in response.content.decode()
    entry.refresh_from_db()
    report.refresh_from_db()
    assert (entry.percent, entry.text, report.lock_version) == (0, "", 1)
