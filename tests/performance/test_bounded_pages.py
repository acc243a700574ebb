"""Pages bounded by what a person looks at: the action-plan overview summarises per pilot, so its size does not
grow with the measures; the exports list every measure and stream it (docs/performance.md)."""

import csv
import io
import uuid

import pytest
from openpyxl import load_workbook

from bygdevekst.actionplans.domain.plans import current_plan
from bygdevekst.actionplans.models import BudgetLine, Measure
from bygdevekst.audit.log import log_action


def _add_measures(plan, count):
    first = plan.measures.order_by("number").first()
    start = plan.measures.order_by("-number").first().number + 1
    created = Measure.objects.bulk_create(
        Measure(
            plan=plan,
            uid=uuid.uuid4(),
            number=n,
            title=f"Skalatiltak {n}",
            sub_goal_uids=first.sub_goal_uids,
            status="delayed",
        )
        for n in range(start, start + count)
    )
    BudgetLine.objects.bulk_create(BudgetLine(measure=m, year=2026, source="kdd_grant", planned=1000) for m in created)


@pytest.mark.django_db
def test_the_overview_does_not_grow_with_the_measures(client_for, demo):
    client = client_for("kdd")
    before = client.get("/action-plans/")
    assert before.status_code == 200
    plan = current_plan(demo["pilots"]["Trysil-regionen"].agreement)
    _add_measures(plan, 400)
    log_action("actionplan.imported", obj=plan, agreement=plan.agreement)  # as an import does: a new copy
    after = client.get("/action-plans/")
    body = after.content.decode()
    assert "Skalatiltak" not in body  # measures are on the plan's own page, not here
    assert len(after.content) - len(before.content) < 500, (len(before.content), len(after.content))
    row = next(p for p in after.context["plans"] if p.pk == plan.pk)
    assert row.n_measures == plan.measures.count() and dict((s, n) for s, _l, n in row.by_status)["delayed"] >= 400
    assert row.planned_total == sum(BudgetLine.objects.filter(measure__plan=plan).values_list("planned", flat=True))


@pytest.mark.django_db
def test_the_overview_exports_stream_every_measure(client_for, demo):
    plan = current_plan(demo["pilots"]["Trysil-regionen"].agreement)
    _add_measures(plan, 400)
    client = client_for("kdd")
    response = client.get("/action-plans/overview.csv")
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert sum(1 for r in rows if r[5].startswith("Skalatiltak")) == 400
    xlsx = client.get("/action-plans/overview.xlsx")
    assert xlsx.streaming
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True).worksheets[0]
    assert sum(1 for r in sheet.iter_rows(min_row=2, values_only=True) if str(r[5]).startswith("Skalatiltak")) == 400


@pytest.mark.django_db
def test_the_case_log_is_paged_and_counts_each_cases_entries(client_for, monkeypatch):
    from bygdevekst.correspondence import views
    from bygdevekst.correspondence.models import Case

    monkeypatch.setattr(views, "CASES_PER_PAGE", 2)
    client = client_for("kdd")
    shown = []
    for number in range(1, 100):
        response = client.get(f"/cases/?page={number}")
        page = response.context["page"]
        assert len(page.object_list) <= 2
        shown += list(page.object_list)
        if not page.has_next():
            break
        assert "page=" + str(number + 1) in response.content.decode()
    assert len(shown) == Case.objects.count() and len({c.pk for c in shown}) == len(shown)
    for case in shown:
        assert case.entry_count == case.entries.count() and case.linked_count == case.linked_entries.count()
    assert any(case.linked_count for case in shown)  # the demo's round letter is linked from each pilot's case


@pytest.mark.django_db
def test_the_versions_list_is_paged_newest_first(client_for, demo, monkeypatch):
    from bygdevekst.agreements.views import versions as views

    agreement = max((p.agreement for p in demo["pilots"].values()), key=lambda a: a.versions.count())
    numbers = list(agreement.versions.order_by("-number").values_list("number", flat=True))
    assert len(numbers) >= 3
    monkeypatch.setattr(views, "VERSIONS_PER_PAGE", 2)
    client = client_for("kdd")
    shown = []
    for number in range(1, 100):
        response = client.get(f"/agreements/{agreement.pk}/versions/?page={number}")
        body = response.content.decode()
        rows = [v.number for v in response.context["page"]]
        assert len(rows) <= 2 and body.count('<th scope="row">') == len(rows)
        assert f'/agreements/{agreement.pk}/compare/' in body  # offered on every page, not only the one with two rows
        shown += rows
        if not response.context["page"].has_next():
            break
        assert "page=" + str(number + 1) in body
    assert shown == numbers
