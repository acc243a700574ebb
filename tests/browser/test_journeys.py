"""End-to-end journeys through the real pages (what unit tests cannot show): a person's clicks
and labelled fields in Chromium, against the demo on the live server, each test rolled back afterwards.

The journeys run with the demo users' language set to English (inside the test's transaction), so the
selectors read the source strings whether or not the .po catalogues are compiled."""

import datetime
import re
import time

import pytest
from playwright.sync_api import expect

from .conftest import SERVER, login

pytestmark = pytest.mark.browser

# The pilot a person's own organisation belongs to is shown first; KDD and the administrator see the
# whole round with the pilots at risk first.
PILOT_OF = {"trysil": "Trysil-regionen", "smola": "Smøla og Aure", "vinje": "Vest-Telemark",
            "kafjord": "Nord-Troms", "solund": "Solund og Fedje", "innlandet": "Trysil-regionen",
            "statsforvalter-innlandet": "Trysil-regionen", "politiker-trysil": "Trysil-regionen"}
ROLES = ["kdd", "kdd2", "trysil", "smola", "vinje", "kafjord", "solund", "innlandet",
         "statsforvalter-innlandet", "politiker-trysil", "admin"]


@pytest.fixture(scope="module", autouse=True)
def _wall_time(request):
    """Prints the journeys' wall time (budget: under 2 minutes on an idle 2-core machine)."""
    started = time.monotonic()
    yield
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\njourneys: {time.monotonic() - started:.1f} s wall in this process (browser and server start not included)")


@pytest.fixture
def english(app_server):
    """Every demo user reads English for this test (rolled back with the test)."""
    from bygdevekst.accounts.models import User

    User.objects.update(language="en")
    return app_server


@pytest.fixture
def as_user(browser, browser_context_args, english):
    """`as_user(username)` → a logged-in page in a fresh browser context of its own."""
    contexts = []

    def open_as(username):
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return login(page, username)

    yield open_as
    for context in contexts:
        context.close()


def agreement_of(pilot):
    from bygdevekst.agreements.models import Agreement

    return Agreement.objects.select_related("pilot").get(pilot__name=pilot)


def go(page, path):
    response = page.goto(SERVER["url"] + path)
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"


def main(page):
    return page.locator("main")


def state_badge(page):
    return main(page).locator(".badge").first


# 1 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ROLES)
def test_each_demo_role_logs_in_and_sees_the_home_page(as_user, username):
    page = as_user(username)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(".site-header__user")).not_to_be_empty()
    expect(page.locator("h1")).to_have_text("Pulje 2")
    first_row = main(page).locator("table tbody tr").first
    if username in PILOT_OF:
        expect(main(page)).to_contain_text("Your pilot is shown first.")
        expect(first_row).to_contain_text(PILOT_OF[username])
        expect(first_row).to_contain_text("your pilot")
    else:
        expect(main(page)).to_contain_text("5 pilots in this round.")
        expect(first_row).to_contain_text("at risk")


# 2 ---------------------------------------------------------------------------------------------------


def test_draft_edit_freeze_and_compare_versions(as_user):
    page = as_user("trysil")
    go(page, agreement_of("Trysil-regionen").get_absolute_url())
    page.get_by_role("link", name="Edit the text").click()
    page.get_by_role("link", name=re.compile(r"^Edit\W+Flere utleieboliger for nyetablerte$")).click()
    page.get_by_label("Title").fill("Flere utleieboliger for unge og nyetablerte")
    page.get_by_role("button", name="Save").click()
    expect(main(page)).to_contain_text("1.1 Flere utleieboliger for unge og nyetablerte")

    page.get_by_role("link", name="Versions").first.click()
    page.get_by_label("Name of the version").fill("Utkast med skjerpet delmål")
    page.get_by_role("button", name="Freeze version").click()
    expect(page.get_by_role("definition").first).to_have_text("3: draft snapshot – Utkast med skjerpet delmål")
    expect(page.get_by_role("heading", name="Flere utleieboliger for unge og nyetablerte")).to_be_visible()

    page.get_by_role("navigation", name="Breadcrumbs").get_by_role(
        "link", name="Versions").click()
    versions = main(page).get_by_role("table")
    expect(versions.locator("tbody tr").first).to_contain_text("Utkast med skjerpet delmål")
    page.get_by_role("link", name="Compare two versions").click()
    page.get_by_label("From version").select_option("2")
    page.get_by_label("To version").select_option("3")
    page.get_by_label("Show").select_option(label="inline")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="Changes from version 2 to version 3")).to_be_visible()
    inserted = main(page).locator("ins", has_text="unge og")
    expect(inserted).to_have_count(1)
    expect(inserted).to_contain_text("inserted:")  # said in words for screen readers, not by colour only


# 3 ---------------------------------------------------------------------------------------------------


def minutes_pdf(tmp_path, name):
    from tests.pdfs import tiny_pdf

    path = tmp_path / f"{name}.pdf"
    path.write_bytes(tiny_pdf(name))
    return path


def record_decision(page, tmp_path, organisation, body, ticks, date, case_number):
    page.get_by_role("link", name="Record a political decision").click()
    page.get_by_label("Organisation").select_option(label=organisation)
    page.get_by_label("Decision-making body").select_option(label=body)
    for tick in ticks:
        page.get_by_label(tick).check()
    if "Gives a mandate for the dialogue" in ticks:  # R1: the record names who receives the mandate
        page.get_by_label("Mandate given to").select_option(label="mayor (ordfører)")
    page.get_by_label("Meeting date").fill(date)
    page.get_by_label("Case number (optional)").fill(case_number)
    page.get_by_label("Signed minutes (PDF)").set_input_files(minutes_pdf(tmp_path, organisation))
    page.get_by_role("button", name=re.compile("^(Save|Lagre)$")).click()
    expect(page.get_by_text("The decision is recorded.")).to_be_visible()


def test_refused_then_anchored_then_accepted_submission(as_user, tmp_path):
    page = as_user("trysil")
    go(page, agreement_of("Trysil-regionen").get_absolute_url())
    page.get_by_role("link", name="The whole process for this agreement").click()
    expect(page.locator("h1")).to_have_text("Process: Trysil-regionen")
    page.get_by_role("button", name="Submit").click()
    expect(main(page)).to_contain_text("Våler kommune has no anchoring decision")
    expect(state_badge(page)).to_contain_text("draft")

    record_decision(page, tmp_path, "Våler kommune", "municipal council (kommunestyre)",
                    ["Approves the proposal", "Gives a mandate for the dialogue"], "2024-11-21", "PS 14/24")
    anchoring = main(page).get_by_role("table", name="Anchoring per council")
    expect(anchoring.get_by_role("row", name=re.compile("Våler kommune"))).to_contain_text("anchored")
    decisions = main(page).get_by_role("table", name="Recorded decisions")
    expect(decisions.get_by_role("row", name=re.compile("Våler kommune"))).to_contain_text("PS 14/24")

    page.get_by_role("button", name="Submit").click()
    expect(page.locator("h1")).to_have_text("Submit the proposal to the ministry")  # it asks once more
    page.get_by_role("button", name="Yes, submit the proposal").click()
    expect(state_badge(page)).to_contain_text("submitted")
    expect(main(page)).not_to_contain_text("has no anchoring decision")


# 4 ---------------------------------------------------------------------------------------------------


def test_kdd_writes_kdd2_approves_and_the_response_is_published(as_user):
    agreement = agreement_of("Smøla og Aure")
    kdd = as_user("kdd")
    go(kdd, reverse("process:agreement", agreement.pk))
    kdd.get_by_role("link", name="Write or edit the response").click()
    kdd.get_by_label("General part").fill("Departementet takker for et godt forslag.")
    item = kdd.get_by_role("group", name="Sub-goal: Lærlingplasser i havbruk")
    item.get_by_label("Disposition").select_option(label="needs dialogue")
    item.get_by_label("Text").fill("Vi vil drøfte hvordan fylkeskommunen kan bidra.")
    kdd.get_by_role("button", name="Save draft").click()
    expect(kdd.locator("h1")).to_have_text("The state's written response: Smøla og Aure")
    dispositions = main(kdd).get_by_role("table", name="Dispositions")
    expect(dispositions.get_by_role("row", name=re.compile("Lærlingplasser i havbruk"))).to_contain_text("needs dialogue")
    expect(kdd.get_by_role("button", name="Approve (second case officer)")).to_have_count(0)  # not the author
    response_url = kdd.url

    kdd2 = as_user("kdd2")
    kdd2.goto(response_url)
    kdd2.get_by_role("button", name="Approve (second case officer)").click()
    expect(main(kdd2)).to_contain_text("approved by a second case officer")
    kdd2.get_by_role("button", name="Publish and respond").click()
    kdd2.get_by_role("button", name="Yes, publish the response").click()
    go(kdd2, reverse("process:agreement", agreement.pk))
    expect(state_badge(kdd2)).to_contain_text("responded")
    expect(main(kdd2)).to_contain_text("Response – published")


def reverse(name, *args):
    from django.urls import reverse as django_reverse

    return django_reverse(name, args=args)


# 5 ---------------------------------------------------------------------------------------------------


def test_agree_open_approval_record_every_final_approval_and_approve(as_user, tmp_path):
    page = as_user("kdd")
    go(page, reverse("process:agreement", agreement_of("Vest-Telemark").pk))
    expect(state_badge(page)).to_contain_text("in dialogue")
    # R11: the demo's dialogue meeting has no minutes yet, so KDD agrees with a recorded reason
    page.get_by_label(re.compile("^Agree anyway")).fill("Partene ble enige skriftlig om ordlyden.")
    page.get_by_role("button", name="Agree on the final text with this reason").click()
    page.get_by_role("button", name="Yes, agree on the final text").click()
    expect(state_badge(page)).to_contain_text("agreed")
    page.get_by_role("button", name="Open formal approval").click()
    expect(state_badge(page)).to_contain_text("approval")

    approvals = main(page).get_by_role("table", name="Approvals of the same final version")
    missing = [row.locator("th").inner_text() for row in approvals.locator("tbody tr").all()
               if "missing" in row.inner_text()]
    assert len(missing) >= 7, missing  # six councils and the government at least
    today = datetime.date.today().isoformat()  # the text was agreed today: no approval may predate it
    for number, who in enumerate(missing, start=1):
        if who == "The government":
            record_decision(page, tmp_path, "Kommunal- og distriktsdepartementet", "the government (regjeringen)",
                            ["Final approval of the agreement"], today, "")
        else:
            record_decision(page, tmp_path, who, "municipal council (kommunestyre)" if "kommune" in who
                            else "county assembly (fylkesting)", ["Final approval of the agreement"],
                            today, f"PS {number}/25")
        row = main(page).get_by_role("table", name="Approvals of the same final version").get_by_role(
            "row", name=re.compile(re.escape(who)))
        expect(row).to_contain_text("approved")
    page.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_role("button", name="Yes, mark the agreement approved").click()
    expect(state_badge(page)).to_contain_text("approved")
    expect(page.get_by_role("heading", name="Signing")).to_be_visible()


# 6 ---------------------------------------------------------------------------------------------------


def test_action_plan_export_as_xlsx(as_user, tmp_path):
    import openpyxl

    from bygdevekst.actionplans.models import ActionPlan

    page = as_user("trysil")
    go(page, agreement_of("Trysil-regionen").get_absolute_url())
    page.get_by_role("link", name="Open the action plan").click()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"\.xlsx")).first.click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx"), download.suggested_filename
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    workbook = openpyxl.load_workbook(path)
    cells = {str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row if c}
    assert "Bygdevekstavtale for Trysil-regionen" in cells
    plan = ActionPlan.objects.filter(agreement=agreement_of("Trysil-regionen")).order_by("-year", "-revision").first()
    titles = set(plan.measures.values_list("title", flat=True))
    assert len(titles) == 6 and titles <= cells, titles - cells  # the page said "6 measures"


# 7 ---------------------------------------------------------------------------------------------------


def test_letter_to_round_2_approved_and_registered_with_14_parties(as_user):
    kdd = as_user("kdd")
    go(kdd, "/cases/letters/")
    kdd.get_by_role("link", name="Write a letter").click()
    kdd.get_by_label("Round").select_option(label="Pulje 2")
    kdd.get_by_label("Title", exact=True).fill("Invitasjon til samling for pulje 2")
    kdd.get_by_label("Text (Bokmål)").fill("# Samling\n\nDepartementet inviterer alle pilotene til samling i mars.")
    kdd.get_by_label("Case officer", exact=True).select_option(label="Saksbehandler KDD")
    kdd.get_by_label("Signatory 1: name").fill("Kari Nordmann")
    kdd.get_by_label("Signatory 1: job title").fill("avdelingsdirektør")
    kdd.get_by_role("button", name="Save draft").click()
    expect(kdd.locator("h1")).to_contain_text("Invitasjon til samling for pulje 2")
    letter_url = kdd.url

    kdd2 = as_user("kdd2")
    kdd2.goto(letter_url)
    kdd2.get_by_role("button", name="Approve and send").click()
    expect(kdd2.locator("h1")).to_have_text("Approve and send the letter")  # sending asks once more
    expect(main(kdd2)).to_contain_text("sent to 14 recipients")
    kdd2.get_by_role("button", name="Yes, approve and send the letter").click()
    expect(main(kdd2)).to_contain_text("approved and sent")
    kdd2.get_by_role("link", name="Case log").first.click()
    kdd2.get_by_role("link", name="2024/1201").click()
    entry = main(kdd2).get_by_role("row", name=re.compile("Invitasjon til samling for pulje 2"))
    expect(entry.locator("td").nth(4)).to_have_text("14")
