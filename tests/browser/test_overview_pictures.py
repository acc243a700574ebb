"""The ministry's overview in Chromium: the timeline and budget charts, their tables one click away, the
printed page, the round's downloads; and axe-core on every new page with the tables opened."""

import csv
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .conftest import SERVER, login
from .crawl import audit, prepare

TABLE_PAGES = ["/", "/rounds/{r2}/", "/rounds/{r1}/", "/rounds/{r2}/timeline/", "/rounds/{r1}/timeline/",
               "/action-plans/?round={r1}", "/cases/?round={r2}", "/cases/letters/new/"]


@pytest.fixture
def rounds(app_server):
    from bygdevekst.programme.models import Round

    return {"r1": Round.objects.get(number=1).pk, "r2": Round.objects.get(number=2).pk}


@pytest.fixture
def kdd_page(app_server, page):
    from bygdevekst.accounts.models import User

    User.objects.update(language="en")  # rolled back with the test; selectors read the source strings
    page.set_default_timeout(15_000)
    return login(page, "kdd")


@pytest.mark.browser
def test_overview_timeline_charts_and_downloads(kdd_page, rounds):
    page = kdd_page
    page.goto(SERVER["url"] + "/")
    timeline = page.locator("svg.timeline__svg")
    expect(timeline).to_be_visible()
    expect(timeline.locator("title").first).to_have_text("Timeline of Pulje 2")
    expect(page.locator("svg.timeline__svg g.tl-row")).to_have_count(5)
    expect(page.locator("line.tl-today")).to_have_count(1)
    table = page.locator("table.timeline-table")
    expect(table).to_be_hidden()
    page.get_by_text("Show the timeline as a table").click()
    expect(table).to_be_visible()
    trysil = table.locator("tr", has_text="Trysil-regionen")
    expect(trysil.locator("td").first).to_have_text("overdue")
    expect(table.locator("tr", has_text="Smøla og Aure").locator("td").first).to_contain_text("days late")
    expect(page.locator("svg.budget-chart__svg")).to_have_count(1)

    # Printing: the pictures print, the "show as table" toggles and the downloads do not.
    page.emulate_media(media="print")
    expect(timeline).to_be_visible()
    expect(page.get_by_text("Show the timeline as a table")).to_be_hidden()
    expect(page.locator("table.overview-exports")).to_be_hidden()
    page.emulate_media(media="screen")

    with page.expect_download() as info:
        page.get_by_role("link", name="Overview (.xlsx)").click()
    assert info.value.suggested_filename == "oversikt-pulje-2.xlsx"
    with open(info.value.path(), "rb") as f:
        ws = load_workbook(f).active
    assert ws.page_setup.orientation == "landscape"
    assert {row[0] for row in ws.iter_rows(min_row=2, values_only=True)} == {
        "Nord-Troms", "Smøla og Aure", "Solund og Fedje", "Trysil-regionen", "Vest-Telemark"}
    with page.expect_download() as info:
        page.get_by_role("link", name="Action plans (.csv)").click()
    with open(info.value.path(), encoding="utf-8-sig") as f:
        text = f.read()
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Pilot" and len(rows) > 1
    assert "Rindal og Holtålen" not in {r[0] for r in rows[1:]}

    # The round page adds one chart per pilot with a budget.
    page.goto(SERVER["url"] + f"/rounds/{rounds['r2']}/")
    assert page.locator("svg.budget-chart__svg").count() >= 2


@pytest.mark.a11y
def test_new_pages_have_no_axe_violations(kdd_page, rounds):
    page = kdd_page
    prepare(page)
    findings = []
    for template in TABLE_PAGES:
        path = template.format(**rounds)
        response = page.goto(SERVER["url"] + path)
        assert response.ok, path
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        findings += audit(page, "kdd", path)
    assert not findings, "\n".join(str(f) for f in findings)
