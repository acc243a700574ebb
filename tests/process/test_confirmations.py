"""A confirmation step before each irreversible step: the first POST names the consequence and changes nothing,
the second (confirm=1) does it; a step the guards refuse is refused at once; the API needs no such step."""

import re

from django.utils import timezone

from bygdevekst.audit.models import ActionLog
from bygdevekst.organisations.models import Organisation
from bygdevekst.process.domain.anchoring import record_decision
from bygdevekst.process.domain.response import approve_response, response_content, save_response
from bygdevekst.process.domain.transitions import transition
from bygdevekst.process.enums import Body

from .conftest import settle_dialogue

CONFIRM_FIELD = re.compile(r'<input type="hidden" name="confirm" value="1">')


def _anchor_valer(trysil, demo):
    record_decision(
        trysil,
        demo["users"]["trysil"],
        organisation=Organisation.objects.get(municipality_number="3419"),
        body=Body.KOMMUNESTYRE,
        approves_proposal=True,
        meeting_date=timezone.localdate(),
    )


def _confirmation(page):
    """The confirmation page: what it asks, with the carried fields."""
    html = page.content.decode()
    assert page.status_code == 200
    assert CONFIRM_FIELD.search(html), "the page asks for the confirmation"
    return html


def test_submit_asks_first_naming_the_consequence_and_changes_nothing(client_for, agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    _anchor_valer(trysil, demo)
    url = f"/process/agreements/{trysil.pk}/transition/"
    html = _confirmation(client_for("trysil").post(url, {"action": "submit"}))
    assert "Etter innsendingen er forslaget låst og sendt til departementet (KDD); du kan ikke endre det." in html
    assert '<input type="hidden" name="action" value="submit">' in html
    assert "Ja, send inn forslaget" in html and f'href="/process/agreements/{trysil.pk}/"' in html  # and a way back
    trysil.refresh_from_db()
    assert (
        trysil.state == "draft" and not ActionLog.objects.filter(action="agreement.submit", agreement=trysil).exists()
    )

    assert client_for("trysil").post(url, {"action": "submit", "confirm": "1"}).status_code == 302
    trysil.refresh_from_db()
    assert trysil.state == "submitted"


def test_a_refused_step_is_refused_at_once_not_confirmed(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")  # Våler has no anchoring decision
    page = client_for("trysil").post(f"/process/agreements/{trysil.pk}/transition/", {"action": "submit"}, follow=True)
    html = page.content.decode()
    assert page.redirect_chain[-1][0] == f"/process/agreements/{trysil.pk}/"
    assert "Våler kommune har ikke forankringsvedtak" in html and not CONFIRM_FIELD.search(html)


def test_agree_with_a_reason_carries_the_reason_through_the_confirmation(client_for, agreement_of):
    vt = agreement_of("Vest-Telemark")
    url = f"/process/agreements/{vt.pk}/transition/"
    reason = "Partene ble enige skriftlig om ordlyden."
    html = _confirmation(client_for("kdd").post(url, {"action": "agree", "override_reason": reason}))
    assert f'<input type="hidden" name="override_reason" value="{reason}">' in html
    assert "Den endelige teksten blir låst slik den er nå" in html
    vt.refresh_from_db()
    assert vt.state == "in_dialogue"
    client_for("kdd").post(url, {"action": "agree", "override_reason": reason, "confirm": "1"})
    vt.refresh_from_db()
    assert vt.state == "agreed"
    assert (
        ActionLog.objects.filter(action="agreement.agree", agreement=vt).latest("pk").data["override"]["reason"]
        == reason
    )


def test_approve_asks_first(client_for, agreement_of, demo):
    vt, kdd = agreement_of("Vest-Telemark"), demo["users"]["kdd"]
    settle_dialogue(vt, kdd)
    transition(vt, "agree", kdd)
    transition(vt, "open_approval", kdd)
    for m in vt.pilot.municipalities.all():
        record_decision(
            vt,
            demo["users"]["vinje"],
            organisation=m,
            body=Body.KOMMUNESTYRE,
            final_approval=True,
            meeting_date=timezone.localdate(),
        )
    record_decision(
        vt,
        kdd,
        organisation=Organisation.objects.get(org_number="972417858"),
        body=Body.REGJERINGEN,
        final_approval=True,
        meeting_date=timezone.localdate(),
    )
    url = f"/process/agreements/{vt.pk}/transition/"
    html = _confirmation(client_for("kdd").post(url, {"action": "approve"}))
    assert "Ja, merk avtalen som godkjent" in html
    vt.refresh_from_db()
    assert vt.state == "in_approval"
    client_for("kdd").post(url, {"action": "approve", "confirm": "1"})
    vt.refresh_from_db()
    assert vt.state == "approved"


def test_after_approval_end_is_never_the_only_button_and_asks_first(client_for, agreement_of):
    nord = agreement_of("Nord-Troms")  # approved and signed
    page = client_for("kdd").get(f"/process/agreements/{nord.pk}/").content.decode()
    steps = re.search(r'<ul class="plain-list process-next-steps">(.*?)</ul>', page, re.S).group(1)
    assert (
        f'href="/action-plans/agreement/{nord.pk}/"' in steps and f"/process/agreements/{nord.pk}/addenda/new/" in steps
    )
    end = re.search(r'<button type="submit" class="([^"]*)"[^>]*>([^<]*)</button>', page.split("process-actions")[1])
    assert "button--danger" in end.group(1) and "…" in end.group(2)  # secondary, danger, and it asks first
    assert page.index("process-next-steps") < page.index("process-actions")  # the normal steps come first

    url = f"/process/agreements/{nord.pk}/transition/"
    html = _confirmation(client_for("kdd").post(url, {"action": "end"}))
    assert "Avtalen avsluttes for godt" in html and 'class="ds-button button button--danger"' in html
    nord.refresh_from_db()
    assert nord.state == "approved"
    client_for("kdd").post(url, {"action": "end", "confirm": "1"})
    nord.refresh_from_db()
    assert nord.state == "ended"


def test_an_approved_unsigned_agreement_offers_signing_first(client_for, agreement_of, demo):
    from bygdevekst.process.domain.signing import current_signing
    from bygdevekst.process.models import RecordStatus, Signing

    nord = agreement_of("Nord-Troms")
    Signing.objects.filter(pk=current_signing(nord).pk).update(record_status=RecordStatus.WITHDRAWN)
    page = client_for("kdd").get(f"/process/agreements/{nord.pk}/").content.decode()
    steps = re.search(r'<ul class="plain-list process-next-steps">(.*?)</ul>', page, re.S).group(1)
    first = re.search(r'<a class="([^"]*)" href="([^"]*)"', steps)
    assert first.group(2) == f"/process/agreements/{nord.pk}/sign/" and "button--secondary" not in first.group(1)


def test_withdraw_asks_first(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    url = f"/process/agreements/{trysil.pk}/transition/"
    html = _confirmation(client_for("trysil").post(url, {"action": "withdraw"}))
    assert "Ja, trekk avtalen" in html
    trysil.refresh_from_db()
    assert trysil.state == "draft"
    client_for("trysil").post(url, {"action": "withdraw", "confirm": "1"})
    trysil.refresh_from_db()
    assert trysil.state == "withdrawn"


def test_publishing_the_response_asks_first(client_for, agreement_of, demo):
    solund = agreement_of("Solund og Fedje")
    sub_goal = solund.sub_goals.first()
    response = save_response(
        solund, demo["users"]["kdd"], "Generell del.", [(str(sub_goal.uid), sub_goal.title, "agreed", "")]
    )
    from bygdevekst.core.shown import content_hash

    approve_response(response, demo["users"]["kdd2"], shown_sha256=content_hash(response_content(response)))
    url = f"/process/responses/{response.pk}/publish/"
    html = _confirmation(client_for("kdd").post(url))
    assert "En publisert respons kan ikke endres eller trekkes tilbake." in html
    assert f'href="/process/responses/{response.pk}/"' in html
    response.refresh_from_db()
    solund.refresh_from_db()
    assert response.state == "approved" and solund.state == "submitted"
    client_for("kdd").post(url, {"confirm": "1"})
    response.refresh_from_db()
    assert response.state == "published"


def test_the_api_is_explicit_and_needs_no_confirmation(api_client, agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    _anchor_valer(trysil, demo)
    answer = api_client("trysil").post(
        f"/api/v1/agreements/{trysil.pk}/transitions", {"action": "submit"}, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    trysil.refresh_from_db()
    assert trysil.state == "submitted"
