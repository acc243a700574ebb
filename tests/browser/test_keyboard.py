"""Keyboard use: the skip link, visible focus, and logging in with the keyboard only; error summaries take focus."""

import pytest

from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

FOCUS_RING = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return {tag: el.tagName, id: el.id, text: (el.innerText || '').trim(),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          shadow: style.boxShadow !== 'none'};
}"""


def focused(page):
    return page.evaluate(FOCUS_RING)


def test_skip_link_is_first_visible_on_focus_and_moves_to_main(site):
    site.go("/")
    page = site.page
    skip = page.locator("a.skip-link")
    assert not skip.is_visible() or skip.bounding_box()["y"] < 0  # parked off-screen until focused
    page.keyboard.press("Tab")
    state = focused(page)
    assert state["text"] in ("Gå til hovedinnholdet", "Skip to main content")  # bokmål (the default), or the source
    assert state["outline"], "the focused skip link has no visible outline"
    box = skip.bounding_box()
    assert box and box["y"] >= 0, "the skip link stays off-screen when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_every_tab_stop_on_the_home_page_shows_focus(site):
    site.login("kdd")
    page = site.page
    page.goto(site.url + "/")
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        state = focused(page)
        if state["tag"] == "BODY":
            break
        assert state["outline"] or state["shadow"], f"no visible focus on {state}"
        seen.append(state["tag"])
    assert len(seen) >= 8


def test_login_with_the_keyboard_only(site):
    page = site.page
    site.go("/")
    # Tab from the top of the page to the "Log in" link and follow it.
    for _ in range(15):
        page.keyboard.press("Tab")
        if focused(page)["text"] in ("Logg inn", "Log in"):
            break
    else:
        pytest.fail("no Log in link reachable by Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/**")
    # Tab to the username field, type, tab to the password, type, Enter submits.
    for _ in range(20):
        page.keyboard.press("Tab")
        if focused(page)["id"] == "id_username":
            break
    else:
        pytest.fail("username field not reachable by Tab")
    page.keyboard.type("trysil")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/login/" not in page.url
    assert page.locator(".site-header__user").inner_text().strip()


def test_failed_login_moves_focus_to_the_error_summary_and_links_to_the_field(site):
    page = site.page
    site.go("/accounts/login/")
    page.fill("#id_username", "trysil")
    page.fill("#id_password", "wrong password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('error-summary')")
    assert page.get_attribute(".error-summary", "role") == "alert"
    # From the summary the keyboard user goes straight on to the form.
    for _ in range(5):
        page.keyboard.press("Tab")
        if focused(page)["id"] == "id_username":
            break
    else:
        pytest.fail("the username field does not follow the error summary in the tab order")
