"""Every process page says in words what happens next and who does it."""

import pytest

from bygdevekst.agreements.enums import AgreementState
from bygdevekst.process.next_step import NEXT_STEP


def test_every_state_has_a_next_step_sentence():
    assert set(NEXT_STEP) == set(AgreementState.values)


@pytest.mark.parametrize("pilot, words", [
    ("Trysil-regionen", "prosjektleder"), ("Solund og Fedje", "skriver statens skriftlige respons"),
    ("Vest-Telemark", "dialogmøte"), ("Nord-Troms", "årlig politisk møte"),  # signed: the follow-up comes next
])
def test_process_page_says_what_happens_next(client_for, agreement_of, pilot, words):
    page = client_for("kdd").get(f"/process/agreements/{agreement_of(pilot).pk}/").content.decode()
    assert "Hva skjer videre" in page and words in page


def test_after_submission_kdd_is_not_told_it_has_nothing_to_do(client_for, agreement_of):
    page = client_for("kdd").get(f"/process/agreements/{agreement_of('Solund og Fedje').pk}/").content.decode()
    assert "Neste steg er ditt" in page
    assert "You have no actions on this agreement" not in page
