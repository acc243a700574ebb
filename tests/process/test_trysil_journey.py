"""The whole Trysil journey on the web, with the ordinary mistakes made on purpose, as a new user would:
a wrong body recorded and corrected, county money added during the dialogue and confirmed, the response and a
letter changed while the approver looks at them (409, then the shown text approved), the dialogue meeting held,
agree, the approvals, approve and sign. It ends approved and signed, with each mistake visible in the history."""

import html
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from bygdevekst.agreements.models import Commitment
from bygdevekst.audit.labels import label_for
from bygdevekst.audit.models import ActionLog
from bygdevekst.correspondence.models import Letter
from bygdevekst.meetings.models import Meeting
from bygdevekst.organisations.models import Organisation
from bygdevekst.process.domain.signing import current_signing
from bygdevekst.process.models import AnchoringDecision, RecordStatus, StateResponse
from tests.clock import today_iso
from tests.pdfs import tiny_pdf

from ..core.shown_form import shown_form_of


def pdf(name="protokoll.pdf"):
    return SimpleUploadedFile(name, tiny_pdf("Protokoll"), content_type="application/pdf")


def messages_of(page):
    return html.unescape(page.content.decode())


def confirmed_step(client, url, data):
    """An irreversible step: the first POST asks (200, nothing done), the second does it."""
    ask = client.post(url, data)
    assert ask.status_code == 200 and 'name="confirm" value="1"' in ask.content.decode(), ask.status_code
    return client.post(url, {**data, "confirm": "1"}, follow=True)


def test_trysil_journey_with_mistakes_ends_approved_and_signed(client_for, agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    base = f"/process/agreements/{trysil.pk}"
    pm, kdd, kdd2, county = client_for("trysil"), client_for("kdd"), client_for("kdd2"), client_for("innlandet")
    valer = Organisation.objects.get(municipality_number="3419")
    county_council = trysil.pilot.county_council

    # 1. Submission: refused while Våler lacks anchoring, accepted after the decision, behind its confirmation.
    refused = pm.post(f"{base}/transition/", {"action": "submit"}, follow=True)
    assert "Våler kommune har ikke forankringsvedtak" in messages_of(refused)
    assert (
        pm.post(
            f"{base}/anchoring/new/",
            {
                "organisation": valer.pk,
                "body": "kommunestyre",
                "approves_proposal": "on",
                "gives_mandate": "on",
                "mandate_to": "ordforer",
                "meeting_date": "2024-12-05",
                "case_number": "PS 99/24",
                "minutes": pdf(),
            },
        ).status_code
        == 302
    )
    confirmed_step(pm, f"{base}/transition/", {"action": "submit"})
    trysil.refresh_from_db()
    assert trysil.state == "submitted"

    # 2. The response: kdd writes, kdd2 opens it, kdd changes it while kdd2 reads: 409 with the change shown,
    #    then kdd2 approves what is now shown; kdd publishes behind the confirmation.
    sub_goals = list(trysil.sub_goals.order_by("pk"))
    data = {"general": "Departementet støtter forslaget."}
    for i, sg in enumerate(sub_goals):
        data[f"d_{sg.uid}"] = "needs_dialogue" if i == 0 else "agreed"
        data[f"t_{sg.uid}"] = "Drøftes i dialogmøtet." if i == 0 else ""
    assert kdd.post(f"{base}/response/", data).status_code == 302
    response = StateResponse.objects.get(agreement=trysil)
    response_shown = shown_form_of(kdd2.get(f"/process/responses/{response.pk}/").content.decode())
    edit_page = kdd.get(f"{base}/response/").content.decode()
    lock = re.search(r'name="lock_version" value="(\d+)"', edit_page).group(1)
    assert (
        kdd.post(
            f"{base}/response/",
            {**data, "general": "Departementet støtter forslaget med forbehold.", "lock_version": lock},
        ).status_code
        == 302
    )
    stale = kdd2.post(f"/process/responses/{response.pk}/approve/", response_shown)
    assert stale.status_code == 409 and "forbehold" in stale.content.decode()
    response.refresh_from_db()
    assert response.state == "draft"
    response_approved_as_shown = shown_form_of(stale.content.decode())
    assert kdd2.post(f"/process/responses/{response.pk}/approve/", response_approved_as_shown).status_code == 302
    confirmed_step(kdd, f"/process/responses/{response.pk}/publish/", {})
    trysil.refresh_from_db()
    assert trysil.state == "responded"

    # 3. The dialogue: county money added to the text, agree refused until the county council confirms it.
    kdd.post(f"{base}/transition/", {"action": "open_dialogue"})
    trysil.refresh_from_db()
    assert trysil.state == "in_dialogue"
    added = pm.post(
        f"/agreements/{trysil.pk}/edit/commitment/new/?parent={sub_goals[0].uid}",
        {
            "party": county_council.pk,
            "kind": "financial",
            "amount_nok": "400000",
            "text": "Innlandet fylkeskommune bidrar med 400 000 kroner til næringsarbeidet.",
            "lock_version": trysil.lock_version,
        },
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    money = Commitment.objects.get(agreement=trysil, party=county_council, amount_nok=400000)

    kdd.post(
        f"/meetings/new/?kind=dialogue&agreement={trysil.pk}",
        {"kind": "dialogue", "title": "Dialogmøte Trysil", "date": today_iso(), "agreement": trysil.pk},
    )
    meeting = Meeting.objects.get(title="Dialogmøte Trysil")
    assert meeting.participants.filter(organisation=county_council, invited=True).exists()
    outcomes = {}
    for item in meeting.items.all():
        outcomes[f"o_{item.pk}"], outcomes[f"t_{item.pk}"] = "agreed", "Enige i møtet."
    assert kdd.post(f"/meetings/{meeting.pk}/outcomes/", outcomes).status_code == 302

    refused = kdd.post(f"{base}/transition/", {"action": "agree"}, follow=True)
    assert county_council.name in messages_of(refused)
    trysil.refresh_from_db()
    assert trysil.state == "in_dialogue"
    assert (
        county.post(
            f"{base}/county-commitments/{money.uid}/confirm/", {"note": "Vedtatt i fylkesutvalget 12.02."}
        ).status_code
        == 302
    )
    confirmed_step(kdd, f"{base}/transition/", {"action": "agree"})
    kdd.post(f"{base}/transition/", {"action": "open_approval"})
    trysil.refresh_from_db()
    assert trysil.state == "in_approval"

    # 4. The approvals: Våler's is recorded with the wrong body (the executive committee), which does not count;
    #    approve is refused until it is corrected to the municipal council's decision.
    for m in trysil.pilot.municipalities.exclude(pk=valer.pk):
        assert (
            pm.post(
                f"{base}/anchoring/new/",
                {
                    "organisation": m.pk,
                    "body": "kommunestyre",
                    "final_approval": "on",
                    "meeting_date": today_iso(),
                    "minutes": pdf(),
                },
            ).status_code
            == 302
        )
    assert (
        pm.post(
            f"{base}/anchoring/new/",
            {
                "organisation": valer.pk,
                "body": "formannskap",
                "delegation": "Delegeringsreglementet § 4",
                "final_approval": "on",
                "meeting_date": today_iso(),
                "case_number": "FS 12/25",
                "minutes": pdf(),
            },
        ).status_code
        == 302
    )
    assert (
        pm.post(
            f"{base}/anchoring/new/",
            {
                "organisation": county_council.pk,
                "body": "fylkesutvalg",
                "final_approval": "on",
                "meeting_date": today_iso(),
                "minutes": pdf(),
            },
        ).status_code
        == 302
    )
    kdd_org = Organisation.objects.get(org_number="972417858")
    assert (
        kdd.post(
            f"{base}/anchoring/new/",
            {
                "organisation": kdd_org.pk,
                "body": "regjeringen",
                "final_approval": "on",
                "meeting_date": today_iso(),
                "minutes": pdf(),
            },
        ).status_code
        == 302
    )
    refused = kdd.post(f"{base}/transition/", {"action": "approve"}, follow=True)
    assert "Våler kommune" in messages_of(refused)
    trysil.refresh_from_db()
    assert trysil.state == "in_approval"

    wrong = AnchoringDecision.objects.get(agreement=trysil, organisation=valer, body="formannskap")
    assert (
        pm.post(
            f"{base}/records/decision/{wrong.pk}/correct/",
            {
                "organisation": valer.pk,
                "body": "kommunestyre",
                "final_approval": "on",
                "meeting_date": today_iso(),
                "case_number": "PS 12/25",
                "correction_reason": "Det var kommunestyret som vedtok avtalen, ikke formannskapet.",
            },
        ).status_code
        == 302
    )
    wrong.refresh_from_db()
    assert wrong.record_status == RecordStatus.CORRECTED
    approved = confirmed_step(kdd, f"{base}/transition/", {"action": "approve"})
    trysil.refresh_from_db()
    assert trysil.state == "approved", messages_of(approved)[-3000:]

    # 5. A letter to the pilot about the signing: the author cuts the recipients while kdd2 reads it (409),
    #    kdd2 then approves the letter as it now stands.
    assert (
        kdd.post(
            "/cases/letters/new/",
            {
                "round": trysil.pilot.round_id,
                "pilot": trysil.pilot_id,
                "title": "Signering av bygdevekstavtalen",
                "body": "Avtalen er godkjent og kan signeres.",
                "case_officer": demo["users"]["kdd"].pk,
                "signatory_1_name": "Avdelingsdirektør KDD",
                "signatory_1_title": "avdelingsdirektør",
            },
        ).status_code
        == 302
    )
    letter = Letter.objects.get(title="Signering av bygdevekstavtalen")
    shown = shown_form_of(kdd2.get(f"/cases/letters/{letter.pk}/").content.decode())
    recipients = list(letter.recipients.filter(role="recipient").values_list("organisation_id", flat=True))
    assert len(recipients) > 1
    assert (
        kdd.post(
            f"/cases/letters/{letter.pk}/edit/", {"lock_version": letter.lock_version, "recipients": recipients[:1]}
        ).status_code
        == 302
    )
    stale = kdd2.post(f"/cases/letters/{letter.pk}/approve/", shown)
    assert stale.status_code == 409 and 'id="content-changed"' in stale.content.decode()
    letter.refresh_from_db()
    assert letter.state == "draft"
    asked = kdd2.post(f"/cases/letters/{letter.pk}/approve/", shown_form_of(stale.content.decode()))
    assert asked.status_code == 200 and "Godkjenn og send brevet" in asked.content.decode()  # sending asks first
    assert (
        kdd2.post(
            f"/cases/letters/{letter.pk}/approve/", {**shown_form_of(stale.content.decode()), "confirm": "1"}
        ).status_code
        == 302
    )
    letter.refresh_from_db()
    assert letter.state == "sent" and letter.recipients.filter(role="recipient").count() == 1

    # 6. Signing: offered first on the approved agreement (End only behind its confirmation).
    page = kdd.get(f"{base}/").content.decode()
    assert page.index(f"{base}/sign/") < page.index('name="action" value="end"')
    signing = {"signed_on": today_iso(), "signed_copy": pdf("signert.pdf")}
    for party in trysil.parties.filter(role="main_party"):
        signing[f"s_{party.organisation_id}"] = f"Signatar {party.organisation.name}"
    assert kdd.post(f"{base}/sign/", signing).status_code == 302
    trysil.refresh_from_db()
    assert trysil.state == "approved" and current_signing(trysil) is not None

    # Each mistake stays visible: the corrected decision on the process page with its reason, and in the history.
    process_page = html.unescape(pm.get(f"{base}/").content.decode())
    assert "Det var kommunestyret som vedtok avtalen, ikke formannskapet." in process_page
    assert "Vedtatt i fylkesutvalget 12.02." in process_page
    history = html.unescape(kdd.get(f"/agreements/{trysil.pk}/").content.decode())
    with translation.override("nb"):
        for code in (
            "agreement.record_corrected",
            "agreement.county_commitment_confirmed",
            "agreement.response_edited",
            "agreement.response_approved",
            "agreement.approve",
            "agreement.signed",
        ):
            assert ActionLog.objects.filter(agreement=trysil, action=code).exists(), code
            assert str(label_for(code)) in history, code
    assert ActionLog.objects.filter(action="correspondence.recipients_changed", object_id=str(letter.pk)).exists()
    sent = ActionLog.objects.filter(action="correspondence.letter_sent", object_id=str(letter.pk)).get()
    assert sent.data["content_sha256"] == shown_form_of(stale.content.decode())["shown_sha256"]
    approved_response = ActionLog.objects.filter(action="agreement.response_approved", agreement=trysil).get()
    assert approved_response.data["content_sha256"] == response_approved_as_shown["shown_sha256"]
    assert approved_response.data["content_sha256"] != response_shown["shown_sha256"]  # the edited text, as shown
