"""Journeys through a real case in Chromium: a wrong decision corrected, "My tasks" leading to the right page,
and the confirmation step before an irreversible step (gone back from, then confirmed), audited with axe.

Run in English (inside the test's transaction), as tests/browser/test_journeys.py does."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .crawl import AXE_OPTIONS
from .test_journeys import agreement_of, as_user, english, go, main, reverse, state_badge  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def axe_violations(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    return [f"{v['id']}: {v['help']}" for v in results.response.get("violations", [])]


def test_a_wrong_decision_is_corrected_and_the_old_one_stays_visible(as_user):  # noqa: F811 (the fixtures imported above)
    trysil = agreement_of("Trysil-regionen")
    page = as_user("trysil")
    go(page, reverse("process:agreement", trysil.pk))
    decisions = main(page).get_by_role("table", name="Recorded decisions")
    row = decisions.get_by_role("row", name=re.compile("Trysil kommune")).first
    old_case_number = row.locator("td").nth(2).inner_text().split()[-1]
    row.get_by_role("link", name=re.compile("^Correct")).click()
    expect(page.locator("h1")).to_have_text("Correct a record")
    page.get_by_label("Case number (optional)").fill("PS 77/24")
    page.get_by_role("button", name="Record the correction").click()
    # the reason is required: the form says so and nothing changes
    expect(main(page).locator(".error-summary")).to_be_visible()
    assert axe_violations(page) == []  # the correction form, with its error summary
    page.get_by_label(re.compile("^Reason")).fill("Feil saksnummer i protokollen.")
    page.get_by_role("button", name="Record the correction").click()
    expect(page.locator("h1")).to_have_text("Process: Trysil-regionen")
    decisions = main(page).get_by_role("table", name="Recorded decisions")
    expect(decisions).to_contain_text("PS 77/24")
    ended = main(page).get_by_role("table", name="Records no longer in force")
    expect(ended).to_contain_text("Feil saksnummer i protokollen.")
    expect(ended).to_contain_text("corrected")
    expect(ended).to_contain_text("Trysil kommune")  # the old record is listed with the corrected ones, not deleted
    expect(main(page).get_by_role("table", name="Recorded decisions")).to_contain_text(old_case_number)
    assert axe_violations(page) == []
    page.wait_for_load_state("networkidle")  # nothing in flight when the test's transaction ends


def test_my_tasks_lead_to_the_page_where_the_task_is_done(as_user):  # noqa: F811 (the fixtures imported above)
    kdd = as_user("kdd")
    tasks = main(kdd).get_by_role("region", name="My tasks")
    task = tasks.get_by_role("link", name="Write the state's response to the proposal from Solund og Fedje")
    task.click()
    expect(kdd.locator("h1")).to_have_text("The state's written response: Solund og Fedje")
    expect(kdd.get_by_label("General part")).to_be_visible()

    manager = as_user("trysil")
    tasks = main(manager).get_by_role("region", name="My tasks")
    tasks.get_by_role("link", name=re.compile(r"^Record the anchoring decision of Våler kommune")).click()
    expect(manager.locator("h1")).to_have_text("Process: Trysil-regionen")
    expect(manager.get_by_role("link", name="Record a political decision")).to_be_visible()
    manager.wait_for_load_state("networkidle")


def test_ending_an_approved_agreement_asks_first_and_can_be_gone_back_from(as_user):  # noqa: F811 (the fixtures imported above)
    nord = agreement_of("Nord-Troms")
    page = as_user("kdd")
    go(page, reverse("process:agreement", nord.pk))
    expect(state_badge(page)).to_contain_text("approved")
    # the normal next steps are offered; End is one of several, secondary and marked as dangerous
    expect(main(page).get_by_role("link", name="Go to the action plan").first).to_be_visible()
    expect(main(page).get_by_role("link", name="New addendum").first).to_be_visible()
    end = page.get_by_role("button", name="End the agreement …")
    expect(end).to_have_class(re.compile("button--danger"))
    end.click()

    expect(page.locator("h1")).to_have_text("End the agreement")
    expect(main(page)).to_contain_text("this cannot be undone")
    assert axe_violations(page) == []
    page.get_by_role("link", name="No, go back").click()
    expect(page.locator("h1")).to_have_text("Process: Nord-Troms")
    expect(state_badge(page)).to_contain_text("approved")

    page.get_by_role("button", name="End the agreement …").click()
    page.get_by_role("button", name="Yes, end the agreement").click()
    expect(state_badge(page)).to_contain_text("ended")
    expect(main(page)).to_contain_text("The agreement has ended.")
    page.wait_for_load_state("networkidle")


def test_withdrawing_asks_first_without_javascript(browser, browser_context_args, english):  # noqa: F811 (the fixtures imported above)
    from .conftest import login

    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        login(page, "smola")
        smola = agreement_of("Smøla og Aure")
        go(page, reverse("process:agreement", smola.pk))
        page.get_by_role("button", name="Withdraw the agreement …").click()
        expect(page.locator("h1")).to_have_text("Withdraw the agreement")
        page.get_by_role("button", name="Yes, withdraw the agreement").click()
        expect(state_badge(page)).to_contain_text("withdrawn")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()


def test_an_approver_shown_a_changed_response_sees_what_changed_and_approves_what_is_now_shown(as_user):  # noqa: F811 (the fixtures imported above)
    """R10 in the browser: kdd2 opens a response, kdd edits it meanwhile; kdd2's approval is refused with the change
    shown as a word diff (audited with axe), and the approve button on that page approves the text now shown."""
    from django.contrib.auth import get_user_model

    from bygdevekst.process.domain.response import save_response

    solund = agreement_of("Solund og Fedje")
    author = get_user_model().objects.get(username="kdd")
    sub_goal = solund.sub_goals.first()
    items = [(str(sub_goal.uid), sub_goal.title, "agreed", "Enig.")]
    response = save_response(solund, author, "Departementet støtter forslaget.", items)
    page = as_user("kdd2")
    go(page, reverse("process:response", response.pk))
    save_response(solund, author, "Departementet støtter forslaget med forbehold.", items, response=response)
    page.get_by_role("button", name="Approve (second case officer)").click()
    changed = page.locator("#content-changed")
    expect(changed).to_be_visible()
    expect(changed).to_contain_text("forbehold")
    expect(main(page)).not_to_contain_text("approved by a second case officer")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Approve (second case officer)").click()
    expect(main(page)).to_contain_text("approved by a second case officer")
    page.wait_for_load_state("networkidle")
