"""Screenshots of the main screens, saved by every browser run to test-artifacts/screenshots/ (gitignored).
docs/screenshots/overview.png in the README is the best of them, copied by hand."""

import pytest

from .conftest import save_screenshot

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def _agreement_path(state):
    from bygdevekst.agreements.models import Agreement

    agreement = Agreement.objects.filter(state=state).order_by("pk").first()
    return agreement.get_absolute_url() if agreement else None


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_main_screens_render_and_are_saved(site, viewport):
    page = site.page
    page.set_viewport_size(viewport)
    suffix = "phone" if viewport is PHONE else "desktop"
    site.go("/")
    save_screenshot(page, f"01-public-home-{suffix}")
    site.go("/accounts/login/")
    save_screenshot(page, f"02-login-{suffix}")
    site.login("kdd")
    screens = [("03-overview-kdd", "/"), ("04-draft-agreement", _agreement_path("draft")),
               ("05-approved-agreement", _agreement_path("approved")), ("06-organisations", "/organisations/"),
               ("07-accessibility-statement", "/about/accessibility/")]
    for name, path in screens:
        if path is None:
            continue
        site.go(path)
        assert page.locator("h1").count() == 1, f"{path} must have exactly one h1"
        save_screenshot(page, f"{name}-{suffix}")
