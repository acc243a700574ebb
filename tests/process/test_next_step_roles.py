"""Every process page says what happens next and who does it, in every state, and tells each reader which part of
it is theirs — or that nothing there waits for them."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.html import escape

from bygdevekst.agreements.domain.snapshot import freeze_version
from bygdevekst.agreements.enums import VersionKind
from bygdevekst.agreements.models import Agreement
from bygdevekst.process.next_step import NEXT_STEP, SIGNED, YOUR_STEP

NOTHING = "Ingenting her venter på deg nå."
YOURS = "Dette venter på deg her:"


@pytest.fixture(autouse=True)
def in_bokmal(demo):
    get_user_model().objects.update(language="nb")


def _put(agreement, state, user, final=False):
    """The agreement in `state` (the process's own steps are tested elsewhere; here only the page matters)."""
    if final:
        freeze_version(agreement, VersionKind.FINAL, user, label="Endelig tekst")
    Agreement.objects.filter(pk=agreement.pk).update(state=state)
    agreement.refresh_from_db()
    return agreement


def _page(client_for, username, agreement):
    response = client_for(username).get(f"/process/agreements/{agreement.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _says(page, text):
    return escape(str(text)) in page


def _sentence(state):
    with translation.override("nb"):
        return str(NEXT_STEP[state])


def _your_step(state):
    with translation.override("nb"):
        return str(YOUR_STEP[state][1])


def _assert_next_step(page, sentence):
    assert "Hva skjer videre" in page and _says(page, sentence)


def _nothing_for(page):
    return NOTHING in page and YOURS not in page


def test_draft(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    for who in ("kdd", "trysil", "innlandet", "politiker-trysil"):
        _assert_next_step(_page(client_for, who, trysil), _sentence("draft"))
    pm = _page(client_for, "trysil", trysil)
    assert YOURS in pm and "Registrer forankringsvedtaket til Våler kommune (Trysil-regionen)" in pm
    for who in ("kdd", "innlandet", "politiker-trysil"):
        assert _nothing_for(_page(client_for, who, trysil)), who


def test_submitted(client_for, agreement_of):
    solund = agreement_of("Solund og Fedje")
    kdd = _page(client_for, "kdd", solund)
    _assert_next_step(kdd, _sentence("submitted"))
    assert YOURS in kdd and "Skriv statens respons på forslaget fra Solund og Fedje" in kdd
    pm = _page(client_for, "solund", solund)
    _assert_next_step(pm, _sentence("submitted"))
    assert _nothing_for(pm)


@pytest.mark.parametrize("state, final", [("responded", False), ("in_dialogue", False), ("agreed", True)])
def test_the_ministrys_steps_between_response_and_approval(client_for, agreement_of, demo, state, final):
    trysil = _put(agreement_of("Trysil-regionen"), state, demo["users"]["kdd"], final=final)
    for who in ("kdd", "kdd2"):
        page = _page(client_for, who, trysil)
        _assert_next_step(page, _sentence(state))
        assert YOURS in page and _says(page, _your_step(state))
    for who in ("trysil", "innlandet", "politiker-trysil"):
        page = _page(client_for, who, trysil)
        _assert_next_step(page, _sentence(state))
        assert _nothing_for(page), who


def test_in_approval(client_for, agreement_of, demo):
    trysil = _put(agreement_of("Trysil-regionen"), "in_approval", demo["users"]["kdd"], final=True)
    kdd = _page(client_for, "kdd", trysil)
    _assert_next_step(kdd, _sentence("in_approval"))
    assert _says(
        kdd, "Den endelige teksten venter på regjeringens godkjenning: registrer den når den er gitt (Trysil-regionen)"
    )
    assert _says(kdd, _your_step("in_approval"))
    pm = _page(client_for, "trysil", trysil)
    _assert_next_step(pm, _sentence("in_approval"))
    assert "Den endelige teksten venter på godkjenning fra Våler kommune" in pm and "regjeringens" not in pm
    county = _page(client_for, "innlandet", trysil)
    assert "Den endelige teksten venter på godkjenning fra Innlandet fylkeskommune" in county
    assert "venter på godkjenning fra Våler kommune" not in county
    assert _nothing_for(_page(client_for, "politiker-trysil", trysil))


def test_approved_but_not_signed(client_for, agreement_of, demo):
    trysil = _put(agreement_of("Trysil-regionen"), "approved", demo["users"]["kdd"], final=True)
    kdd = _page(client_for, "kdd", trysil)
    _assert_next_step(kdd, _sentence("approved"))
    assert f'href="/process/agreements/{trysil.pk}/sign/">Ditt steg: registrer signeringen' in kdd
    pm = _page(client_for, "trysil", trysil)
    _assert_next_step(pm, _sentence("approved"))
    assert "Ditt steg" not in pm and "/sign/" not in pm  # the signing is the ministry's to record


def test_approved_and_signed(client_for, agreement_of):
    nord = agreement_of("Nord-Troms")  # approved and signed in the demo, with a year's annual meeting unrecorded
    with translation.override("nb"):
        signed = str(SIGNED)
    kdd = _page(client_for, "kdd", nord)
    _assert_next_step(kdd, signed)
    assert not _says(kdd, _sentence("approved"))  # no longer "KDD records the signing"
    assert "Ditt steg når perioden er over: avslutt avtalen" in kdd
    assert "Årlig politisk møte for" in kdd and "ikke holdt eller ikke registrert (Nord-Troms)" in kdd
    pm = _page(client_for, "kafjord", nord)
    _assert_next_step(pm, signed)
    assert YOURS in pm and "Årlig politisk møte for" in pm and "Ditt steg" not in pm


@pytest.mark.parametrize(
    "pilot, state, readers",
    [
        ("Nord-Troms", "ended", ("kdd",)),
        ("Trysil-regionen", "withdrawn", ("kdd", "trysil", "innlandet", "politiker-trysil")),
    ],
)
def test_ended_and_withdrawn(client_for, agreement_of, demo, pilot, state, readers):
    agreement = _put(agreement_of(pilot), state, demo["users"]["kdd"])
    for who in readers:
        page = _page(client_for, who, agreement)
        _assert_next_step(page, _sentence(state))
        assert "Ditt steg" not in page
    if state == "withdrawn":
        assert all(_nothing_for(_page(client_for, who, agreement)) for who in readers)
