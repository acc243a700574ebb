"""R3 after a confirmation: a county council's confirmation covers the commitment as it was confirmed. When the
commitment changes afterwards (its amount, its kind, its text), the commitment is flagged again and blocks agree
until it is confirmed again; the old confirmation stays in the history."""

import pytest
from django.utils import translation

from bygdevekst.agreements.enums import CommitmentKind
from bygdevekst.agreements.models import Commitment
from bygdevekst.core.guards import Refused
from bygdevekst.process.domain.partners import (
    confirm_county_commitment,
    flagged_county_commitments,
    unconfirmed_county_reasons,
)
from bygdevekst.process.domain.transitions import transition
from bygdevekst.process.models import CountyCommitmentConfirmation, RecordStatus

from .conftest import settle_dialogue


def _county_money(vt, amount=300000, kind=CommitmentKind.FINANCIAL):
    return Commitment.objects.create(
        sub_goal=vt.sub_goals.first(),
        party=vt.pilot.county_council,
        kind=kind,
        text="Fylkeskommunen bidrar med midler.",
        amount_nok=amount if kind == CommitmentKind.FINANCIAL else None,
    )


def _edit(commitment, **fields):
    Commitment.objects.filter(pk=commitment.pk).update(**fields)


def _agree_refused(vt, kdd):
    with translation.override("en"), pytest.raises(Refused) as refused:
        transition(vt, "agree", kdd)
    return refused.value.reasons


@pytest.mark.parametrize("change", [{"amount_nok": 900000}, {"text": "Fylkeskommunen bidrar med 900 000 kroner."}])
def test_R3_a_confirmed_county_commitment_that_changes_is_flagged_again(agreement_of, demo, change):
    vt, kdd, officer = agreement_of("Vest-Telemark"), demo["users"]["kdd"], demo["users"]["kdd"]
    settle_dialogue(vt, kdd)
    commitment = _county_money(vt)
    first = confirm_county_commitment(vt, commitment, "Vedtatt i fylkesutvalget.", officer)
    assert unconfirmed_county_reasons(vt) == []

    _edit(commitment, **change)
    row = next(r for r in flagged_county_commitments(vt) if r["commitment"].uid == commitment.uid)
    assert row["confirmation"] is None and row["outdated"].pk == first.pk
    assert any("changed after it was confirmed" in r for r in _agree_refused(vt, kdd))
    vt.refresh_from_db()
    assert vt.state == "in_dialogue"

    again = confirm_county_commitment(vt, commitment, "Nytt vedtak i fylkesutvalget om det høyere beløpet.", officer)
    first.refresh_from_db()
    assert first.record_status == RecordStatus.CORRECTED and first.superseded_by_id == again.pk  # stays, marked
    assert CountyCommitmentConfirmation.objects.filter(agreement=vt, commitment_uid=commitment.uid).count() == 2
    assert transition(vt, "agree", kdd).state == "agreed"


def test_R3_a_confirmed_process_commitment_turned_into_money_is_flagged_again(agreement_of, demo):
    vt, kdd = agreement_of("Vest-Telemark"), demo["users"]["kdd"]
    settle_dialogue(vt, kdd)
    commitment = _county_money(vt, kind=CommitmentKind.PROCESS)
    confirm_county_commitment(vt, commitment, "Bare prosess.", kdd)
    assert unconfirmed_county_reasons(vt) == []
    _edit(commitment, kind=CommitmentKind.FINANCIAL, amount_nok=250000)
    assert len(unconfirmed_county_reasons(vt)) == 1


def test_R3_an_unchanged_confirmed_commitment_stays_confirmed_and_cannot_be_confirmed_twice(agreement_of, demo):
    vt, kdd = agreement_of("Vest-Telemark"), demo["users"]["kdd"]
    commitment = _county_money(vt)
    confirm_county_commitment(vt, commitment, "Vedtatt.", kdd)
    _edit(commitment, position=5)  # moving it changes nothing it commits to
    assert unconfirmed_county_reasons(vt) == []
    with pytest.raises(Refused):
        confirm_county_commitment(vt, commitment, "Igjen.", kdd)


def test_R3_the_process_page_says_the_changed_commitment_must_be_confirmed_again(agreement_of, demo, client_for):
    vt, kdd = agreement_of("Vest-Telemark"), demo["users"]["kdd"]
    commitment = _county_money(vt)
    confirm_county_commitment(vt, commitment, "Vedtatt.", kdd)
    _edit(commitment, amount_nok=1_000_000)
    page = client_for("vinje").get(f"/process/agreements/{vt.pk}/").content.decode()
    assert "Endret etter at den ble bekreftet: den må bekreftes på nytt." in page
    assert f"/county-commitments/{commitment.uid}/confirm/" in page
