"""R11 (the dialogue is a real step) and R3 after submission: agree is guarded by a held dialogue meeting with
every party, settled agenda items (or KDD's recorded reason) and confirmed county money commitments."""

import datetime

import pytest
from django.utils import translation

from bygdevekst.agreements.enums import CommitmentKind
from bygdevekst.agreements.models import Commitment
from bygdevekst.audit.models import ActionLog
from bygdevekst.core.guards import Refused
from bygdevekst.meetings.domain.meetings import create_meeting, record_outcomes
from bygdevekst.meetings.models import ItemOutcome
from bygdevekst.process.domain.partners import confirm_county_commitment
from bygdevekst.process.domain.transitions import available_actions, transition

from .conftest import settle_dialogue


def _reasons(agreement, user):
    with translation.override("en"):
        with pytest.raises(Refused) as refused:
            transition(agreement, "agree", user)
        return refused.value.reasons


def test_R11_agree_refused_right_after_opening_the_dialogue(agreement_of, demo):
    vt = agreement_of("Vest-Telemark")  # in dialogue; its meeting has every item open and no minutes
    reasons = _reasons(vt, demo["users"]["kdd"])
    assert any("No dialogue meeting has been held" in r for r in reasons)
    assert any("not settled" in r for r in reasons)
    assert vt.state == "in_dialogue"
    # the process page offers "agree" with the same reasons, not as a plain button
    actions = dict(available_actions(vt, demo["users"]["kdd"]))
    assert len(actions["agree"]) == 2


def test_R11_deferred_item_is_not_settled_until_a_later_meeting_settles_it(agreement_of, demo):
    vt, kdd = agreement_of("Vest-Telemark"), demo["users"]["kdd"]
    meeting = vt.meetings.get()
    record_outcomes(meeting, kdd, {item: (ItemOutcome.DEFERRED, "Neste møte.") for item in meeting.items.all()})
    reasons = _reasons(vt, kdd)
    assert not any("No dialogue meeting" in r for r in reasons)  # held: outcomes were recorded
    assert any("not settled" in r for r in reasons)
    later = create_meeting(kdd, {"kind": "dialogue", "title": "Dialogmøte 2", "date": datetime.date(2025, 2, 5)},
                           agreement=vt)
    record_outcomes(later, kdd, {item: (ItemOutcome.CHANGED, "Ny ordlyd.") for item in later.items.all()})
    assert transition(vt, "agree", kdd).state == "agreed"


def test_R11_meeting_without_the_county_council_does_not_count(agreement_of, demo):
    vt, kdd = agreement_of("Vest-Telemark"), demo["users"]["kdd"]
    settle_dialogue(vt, kdd)
    meeting = vt.meetings.get()
    assert vt.county_role != "not_party"
    meeting.participants.filter(organisation=vt.pilot.county_council).update(invited=False)
    assert any("No dialogue meeting has been held" in r for r in _reasons(vt, kdd))


def test_R11_future_meeting_is_not_held(agreement_of, demo):
    vt, kdd = agreement_of("Vest-Telemark"), demo["users"]["kdd"]
    settle_dialogue(vt, kdd)
    vt.meetings.update(date=datetime.date.today() + datetime.timedelta(days=3))
    assert any("No dialogue meeting has been held" in r for r in _reasons(vt, kdd))


def test_R11_kdd_override_with_a_reason_is_logged(agreement_of, demo):
    vt, kdd = agreement_of("Vest-Telemark"), demo["users"]["kdd"]
    transition(vt, "agree", kdd, override_reason="Partene ble enige skriftlig; møtet ble avlyst.")
    assert vt.state == "agreed"
    log = ActionLog.objects.filter(action="agreement.agree", agreement=vt).latest("pk")
    assert log.data["override"]["reason"] == "Partene ble enige skriftlig; møtet ble avlyst."
    assert len(log.data["override"]["set_aside"]) == 2


def test_R11_blank_override_reason_overrides_nothing(agreement_of, demo):
    vt, kdd = agreement_of("Vest-Telemark"), demo["users"]["kdd"]
    with pytest.raises(Refused):
        transition(vt, "agree", kdd, override_reason="   ")


def test_R3_county_money_added_in_dialogue_blocks_agree_until_confirmed(agreement_of, demo):
    vt, kdd = agreement_of("Vest-Telemark"), demo["users"]["kdd"]
    settle_dialogue(vt, kdd)
    county = vt.pilot.county_council
    commitment = Commitment.objects.create(
        sub_goal=vt.sub_goals.first(), party=county, kind=CommitmentKind.FINANCIAL,
        text="Fylkeskommunen bidrar med 300 000 kroner.", amount_nok=300000,
    )
    # not even KDD's override sets R3 aside
    with pytest.raises(Refused) as refused:
        transition(vt, "agree", kdd, override_reason="Haster.")
    assert any(county.name in r for r in refused.value.reasons)
    # confirmable outside a draft: the county's officer confirms during the dialogue
    officer = next(u for name, u in demo["users"].items() if u.has_perm("process.confirm_county_commitment", vt)
                   and not u.has_perm("process.agree", vt))
    confirm_county_commitment(vt, commitment, "Vedtatt i fylkesutvalget.", officer)
    assert transition(vt, "agree", kdd).state == "agreed"
    # once agreed, the confirmation window is closed
    assert not officer.has_perm("process.confirm_county_commitment", vt)


def test_R3_county_money_blocks_approve_too(agreement_of, demo):
    vt, kdd = agreement_of("Vest-Telemark"), demo["users"]["kdd"]
    settle_dialogue(vt, kdd)
    transition(vt, "agree", kdd)
    transition(vt, "open_approval", kdd)
    Commitment.objects.create(sub_goal=vt.sub_goals.first(), party=vt.pilot.county_council,
                              kind=CommitmentKind.FINANCIAL, text="Penger.", amount_nok=1)
    with pytest.raises(Refused) as refused:
        transition(vt, "approve", kdd)
    assert any(vt.pilot.county_council.name in r for r in refused.value.reasons)


def test_R11_page_offers_the_override_and_shows_it_after(client_for, agreement_of):
    vt = agreement_of("Vest-Telemark")
    kdd = client_for("kdd")
    page = kdd.get(f"/process/agreements/{vt.pk}/").content.decode()
    assert 'name="override_reason"' in page
    refused = kdd.post(f"/process/agreements/{vt.pk}/transition/", {"action": "agree"}, follow=True)
    vt.refresh_from_db()
    assert vt.state == "in_dialogue" and "Det er ikke holdt noe dialogmøte" in refused.content.decode()
    kdd.post(f"/process/agreements/{vt.pk}/transition/",
             {"action": "agree", "override_reason": "Møtet ble erstattet av skriftlig enighet.", "confirm": "1"})
    vt.refresh_from_db()
    assert vt.state == "agreed"
    page = kdd.get(f"/process/agreements/{vt.pk}/").content.decode()
    assert "Møtet ble erstattet av skriftlig enighet." in page
