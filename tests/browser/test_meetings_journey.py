"""Meetings in Chromium: KDD calls a meeting, a participant answers the invitation, KDD sees the answer,
writes the minutes on the page and downloads them as PDF/A and Word."""

import pytest
from playwright.sync_api import expect

from .conftest import SERVER, login
from .crawl import audit, prepare


@pytest.fixture
def english(app_server):
    from bygdevekst.accounts.models import User

    User.objects.update(language="en")  # rolled back with the test; selectors read the source strings


@pytest.mark.browser
def test_call_answer_and_write_minutes(app_server, english, page, browser, browser_context_args):
    from bygdevekst.agreements.models import Agreement
    from bygdevekst.meetings.invitations import answer_link
    from bygdevekst.meetings.models import Meeting

    page.set_default_timeout(15_000)
    vt = Agreement.objects.get(pilot__name="Vest-Telemark")

    # KDD calls a political meeting for Vest-Telemark: the parties become participants.
    login(page, "kdd")
    page.goto(f"{SERVER['url']}/meetings/new/?kind=political&agreement={vt.pk}")
    page.locator("#id_title").fill("Politisk møte om handlingsplanen")
    page.locator("#id_date").fill("2027-03-04")
    page.locator("#id_start_time").fill("10:00")
    page.locator("#id_end_time").fill("12:30")
    page.locator("#id_place").fill("Vinje rådhus")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Politisk møte om handlingsplanen")
    expect(page.get_by_role("status").filter(has_text="participants get the invitation by e-mail")).to_be_visible()
    participants = page.locator("#participants + .table-wrap table")
    vinje_row = participants.locator("tr", has_text="Vinje kommune")
    expect(vinje_row).to_contain_text("not answered")
    meeting = Meeting.objects.get(title="Politisk møte om handlingsplanen")

    # The project manager in Vinje answers, in a browser of their own.
    other = browser.new_context(**browser_context_args)
    answer_page = other.new_page()
    answer_page.set_default_timeout(15_000)
    login(answer_page, "vinje")
    # The link the invitation e-mail carries (invitations.answer_link, the function the e-mail is written with).
    link = answer_link(meeting.participants.get(organisation__name="Vinje kommune"))
    answer_page.goto(SERVER["url"] + "/" + link.split("://", 1)[1].split("/", 1)[1])
    expect(answer_page.get_by_role("heading", level=1)).to_have_text("Answer the invitation")
    expect(answer_page.locator("p.lead")).to_contain_text("Vinje rådhus")
    answer_page.get_by_label("accepted", exact=True).check()
    answer_page.get_by_label("Comment (optional)").fill("Ordføraren og rådmannen kjem.")
    answer_page.get_by_role("button", name="Send answer").click()
    expect(answer_page.get_by_role("status").filter(has_text="Your answer is saved")).to_be_visible()
    other.close()

    # KDD sees the answer, writes the minutes and downloads them.
    page.reload()
    expect(vinje_row).to_contain_text("accepted")
    expect(vinje_row).to_contain_text("Ordføraren og rådmannen kjem.")
    page.locator("#id_m-minutes").fill("- Partane gjekk gjennom handlingsplanen.\n- **Semje** om prioriteringane.")
    page.locator("#id_m-decisions").fill("Handlingsplanen vert lagd fram for kommunestyra.")
    page.get_by_role("button", name="Save minutes").click()
    expect(page.get_by_role("status").filter(has_text="The minutes are saved")).to_be_visible()
    meeting.refresh_from_db()
    assert "handlingsplanen" in meeting.minutes and meeting.decisions.startswith("Handlingsplanen")
    with page.expect_download() as info:
        page.get_by_role("link", name="Minutes as PDF/A").click()
    pdf = info.value
    assert pdf.suggested_filename.startswith("referat-") and pdf.suggested_filename.endswith(".pdf")
    assert open(pdf.path(), "rb").read(5) == b"%PDF-"
    with page.expect_download() as info:
        page.get_by_role("link", name="Minutes as Word").click()
    assert info.value.suggested_filename.endswith(".docx")
    page.get_by_role("button", name="Register the minutes in the case log").click()
    expect(page.get_by_role("status").filter(has_text="registered in the pilot's case log")).to_be_visible()


@pytest.mark.a11y
@pytest.mark.parametrize("username", ["kdd", "vinje"])
def test_meeting_pages_have_no_axe_violations(app_server, english, page, username):
    from bygdevekst.accounts.models import User
    from bygdevekst.agreements.models import Agreement
    from bygdevekst.meetings.domain.documents import register_minutes
    from bygdevekst.meetings.models import Meeting

    prepare(page)
    login(page, username)
    meeting = Meeting.objects.get(agreement__pilot__name="Vest-Telemark", kind="dialogue")
    # Minutes on record, so KDD's page shows where they are registered (rolled back with the test).
    Meeting.objects.filter(pk=meeting.pk).update(minutes="Partane gjekk gjennom svaret.")
    meeting.refresh_from_db()
    register_minutes(meeting, User.objects.get(username="kdd"))
    vt = Agreement.objects.get(pilot__name="Vest-Telemark")
    paths = [
        f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}/answer/",
        "/calendar/",
        f"/agreements/{vt.pk}/comments/open/",
    ]
    findings = []
    for path in paths:
        response = page.goto(SERVER["url"] + path)
        assert response is not None and response.ok, path
        findings += audit(page, username, path)
    # The page that shows a new calendar address once.
    page.goto(SERVER["url"] + "/calendar/")
    page.get_by_role("button", name="Make my calendar address").click()
    expect(page.locator("#feed-url")).to_be_visible()
    findings += audit(page, username, "/calendar/new/")
    assert not findings, "\n".join(str(f) for f in findings)
