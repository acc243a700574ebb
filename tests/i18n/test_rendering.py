"""A user who chooses nynorsk sees the interface and the dates in nynorsk; money and numbers use
Norwegian separators in both written standards."""

import datetime

import pytest
from django.utils import formats, translation

from bygdevekst.core.templatetags.bv import nok

from .po import parse
from .test_catalogues import catalogue

NBSP = "\xa0"


def translation_of(language, msgid):
    for entry in parse(catalogue(language)):
        if entry.msgid == msgid and not entry.obsolete:
            return entry.msgstr.get(0, "")
    return ""


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_dates_in_norwegian_form(language):
    with translation.override(language):
        assert formats.date_format(datetime.date(2024, 11, 29), "DATE_FORMAT") == "29. november 2024"
        assert formats.date_format(datetime.date(2026, 5, 17), "DATE_FORMAT") == "17. mai 2026"


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_money_and_numbers_with_norwegian_separators(language):
    with translation.override(language):
        assert nok(1250000) == f"1{NBSP}250{NBSP}000 kr"
        assert formats.number_format(1250000.5, 2, force_grouping=True) == f"1{NBSP}250{NBSP}000,50"


def test_user_who_switches_to_nynorsk_sees_the_interface_and_dates_in_nynorsk(client_for):
    client = client_for("trysil")
    response = client.post("/accounts/language/", {"language": "nn", "next": "/about/accessibility/"})
    assert response.status_code == 302
    body = client.get("/about/accessibility/").content.decode()
    assert '<html lang="nn">' in body
    assert "27. november 2026" in body  # the statement's review date, in Norwegian form
    for msgid in ["Skip to main content", "Accessibility statement", "Log out", "How we test"]:
        nynorsk, bokmal = translation_of("nn", msgid), translation_of("nb", msgid)
        assert nynorsk, f"{msgid!r} has no nynorsk translation"
        assert nynorsk in body, f"nynorsk {nynorsk!r} for {msgid!r} not on the page"
        if nynorsk != bokmal:
            assert bokmal not in body or bokmal in nynorsk, f"bokmål {bokmal!r} shown to a nynorsk user"
    assert "Skip to main content" not in body


def test_anonymous_visitor_gets_bokmal_by_default(client_for):
    body = client_for(None).get("/about/privacy/").content.decode()
    assert '<html lang="nb">' in body
    bokmal = translation_of("nb", "Privacy")
    assert bokmal, "'Privacy' has no bokmål translation"
    assert f"<h1>{bokmal}</h1>" in body
