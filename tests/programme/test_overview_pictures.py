"""The round's timeline and budget charts: rendered for every demo round, and their tables carry the same
numbers as the data (computed here independently of programme.timeline and programme.charts)."""

import re
from collections import defaultdict

import pytest
from django.urls import reverse
from django.utils import timezone

from bygdevekst.actionplans.models import ActionPlan, BudgetLine
from bygdevekst.programme.models import Round

pytestmark = pytest.mark.django_db

STATE_ORDER = ["draft", "submitted", "responded", "in_dialogue", "agreed", "in_approval", "approved", "ended"]
DONE_AT = {"proposal": "submitted", "response": "responded", "dialogue": "agreed", "approval": "approved"}


def expected_cell(milestone, agreement, today):
    """R7 from the letter: done when the agreement has reached the step; only a deadline can be overdue."""
    done = False
    if agreement is not None and agreement.state != "withdrawn" and milestone.kind in DONE_AT:
        done = STATE_ORDER.index(agreement.state) >= STATE_ORDER.index(DONE_AT[milestone.kind]) or (
            milestone.kind == "proposal" and agreement.submitted_at is not None)
    if done:
        late = (milestone.nature == "deadline" and milestone.kind == "proposal"
                and timezone.localtime(agreement.submitted_at).date() > milestone.date)
        return "done", late
    if milestone.nature == "expected":
        return "expected", False
    return ("overdue" if milestone.date < today else "due"), False


def table_cells(html):
    """{(pilot name, column index): (code, late)} from the timeline table."""
    table = re.search(r'<table class="ds-table table timeline-table".*?</table>', html, re.S).group(0)
    cells = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table, re.S):
        name, rest = row
        for i, (code, late) in enumerate(re.findall(r'<td data-code="(\w+)"(?: data-late="(\d+)")?>', rest)):
            cells[(name, i)] = (code, bool(late))
    return cells


@pytest.mark.parametrize("number", [1, 2])
def test_timeline_table_matches_the_data_for_every_round(client_for, number):
    round_ = Round.objects.get(number=number)
    response = client_for("kdd").get(reverse("programme:timeline", args=[round_.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html and "<desc " in html and 'class="tl-today"' in html
    cells = table_cells(html)
    today = timezone.localdate()
    milestones = list(round_.milestones.order_by("date", "pk"))
    pilots = list(round_.pilots.all())
    assert milestones and pilots
    for pilot in pilots:
        agreement = getattr(pilot, "agreement", None)
        for i, m in enumerate(milestones):
            assert cells[(pilot.name, i)] == expected_cell(m, agreement, today), (pilot.name, m.title)
    assert len(cells) == len(pilots) * len(milestones)


def test_an_expected_date_never_makes_a_pilot_late(client_for):
    """Trysil's draft is past every expected date of round 2, but only the proposal deadline is overdue."""
    round_ = Round.objects.get(number=2)
    cells = table_cells(client_for("kdd").get(reverse("programme:timeline", args=[round_.pk])).content.decode())
    trysil = [cells[("Trysil-regionen", i)] for i in range(round_.milestones.count())]
    assert trysil[0] == ("overdue", False)
    assert set(trysil[1:]) == {("expected", False)}
    smola = cells[("Smøla og Aure", 0)]
    assert smola == ("done", True)  # submitted 6 December 2024, after the 29 November deadline


def independent_budget(round_):
    """{pilot name: {(year, source label): (planned, spent)}} from each agreement's newest plan."""
    newest = {}
    for plan in ActionPlan.objects.filter(agreement__pilot__round=round_).select_related("agreement__pilot"):
        key = plan.agreement_id
        if key not in newest or (plan.year, plan.revision) > (newest[key].year, newest[key].revision):
            newest[key] = plan
    result = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for line in BudgetLine.objects.filter(measure__plan__in=newest.values()).select_related(
            "measure__plan__agreement__pilot"):
        cell = result[line.measure.plan.agreement.pilot.name][(line.year, str(line.get_source_display()))]
        cell[0] += line.planned
        cell[1] += line.spent
    return result


def chart_tables(html):
    tables = {}
    for key, body in re.findall(r'<table class="ds-table table budget-chart-table" data-chart="(\w+)">(.*?)</table>', html,
                                re.S):
        rows = re.findall(r'<tr><td>(\d+)</td><th scope="row">(.*?)</th><td class="num" data-value="(\d+)">'
                          r'.*?<td class="num" data-value="(\d+)">', body, re.S)
        tables[key] = {(int(y), src): [int(p), int(s)] for y, src, p, s in rows}
    return tables


@pytest.mark.parametrize("number", [1, 2])
def test_budget_charts_have_the_numbers_of_the_plans(client_for, number):
    from django.utils.html import escape

    round_ = Round.objects.get(number=number)
    html = client_for("kdd").get(round_.get_absolute_url()).content.decode()
    expected = independent_budget(round_)
    assert expected, "the demo has budgets in every round"
    tables = chart_tables(html)
    round_total = defaultdict(lambda: [0, 0])
    for pilot in round_.pilots.all():
        if pilot.name in expected:
            got = tables[f"p{pilot.pk}"]
            assert got == {(y, escape(s)): v for (y, s), v in expected[pilot.name].items()}
            for k, (p, s) in expected[pilot.name].items():
                round_total[k][0] += p
                round_total[k][1] += s
    assert tables[f"r{round_.pk}"] == {(y, escape(s)): v for (y, s), v in round_total.items()}
    assert html.count('class="budget-chart__svg"') == len(tables)


def test_budgets_only_for_kdd(client_for):
    round_ = Round.objects.get(number=2)
    html = client_for("trysil").get(round_.get_absolute_url()).content.decode()
    assert "budget-chart__svg" not in html and "timeline__svg" in html


@pytest.mark.parametrize("url", ["/", "round"])
def test_overview_queries_stay_flat_as_pilots_are_added(client_for, django_assert_max_num_queries, url):
    """The timeline and the charts cost the same number of queries for five pilots as for seven."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import innlandet_pilot

    round_ = Round.objects.get(number=2)
    path = round_.get_absolute_url() if url == "round" else url
    client = client_for("kdd")
    client.get(path)  # warm caches (session, translations, content types)
    cache.clear()  # count the front page as rendered, not its cached copy (programme/overview_cache.py)
    with CaptureQueriesContext(connection) as before:
        html = client.get(path).content.decode()
    assert "timeline__svg" in html and "budget-chart__svg" in html
    innlandet_pilot("Hamar-testpilot", ["Hamar kommune", "Stange kommune"])
    innlandet_pilot("Løten-testpilot", ["Løten kommune", "Elverum kommune"])
    cache.clear()
    with django_assert_max_num_queries(len(before.captured_queries)):
        html = client.get(path).content.decode()
    assert "Løten-testpilot" in html and html.count('class="tl-row"') == 7
