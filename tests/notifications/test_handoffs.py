"""Hand-offs: whoever's turn it is hears of it — in the app, by e-mail as their preference says, in their own
language, and nobody who may not see the matter."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone

from bygdevekst.core.signals import agreement_transitioned, anchoring_decision_recorded, response_published
from bygdevekst.notifications.enums import EmailStatus, Event, Frequency
from bygdevekst.notifications.models import Notification, Preference
from bygdevekst.organisations.enums import Role


@pytest.fixture(autouse=True)
def only_new(db):
    """The demo's own steps already notified people; these tests look at what they add."""
    Notification.objects.all().delete()
    mail.outbox.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what was deferred to the commit (the e-mail) as the block ends, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _who(event, key_prefix=""):
    rows = Notification.objects.filter(event=event, key__startswith=key_prefix)
    return {n.user.username for n in rows}


def _title(username, event):
    return Notification.objects.get(user__username=username, event=event).title


def _draft_response(demo, pilot="Solund og Fedje", author="kdd"):
    from bygdevekst.process.domain.response import save_response

    agreement = demo["pilots"][pilot].agreement
    sub_goal = agreement.sub_goals.first()
    return save_response(
        agreement, demo["users"][author], "Generell del.", [(str(sub_goal.uid), sub_goal.title, "agreed", "Enig.")]
    )


# ---- (a) approval waiting -------------------------------------------------------------------------------


def test_a_drafted_response_tells_the_other_case_officer_and_nobody_else(demo, committed):
    with committed():
        response = _draft_response(demo)
    assert _who(Event.APPROVAL_WAITING) == {"kdd2"}
    assert _title("kdd2", Event.APPROVAL_WAITING) == "Svaret til Solund og Fedje venter på godkjenningen din"
    note = Notification.objects.get(event=Event.APPROVAL_WAITING)
    assert note.url == f"/process/responses/{response.pk}/" and note.email_status == EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [["kdd2@demo.example"]]
    assert mail.outbox[0].subject == "Svaret til Solund og Fedje venter på godkjenningen din"
    # Editing the draft again is the same hand-off: told once.
    from bygdevekst.process.domain.response import save_response

    save_response(response.agreement, demo["users"]["kdd"], "Ny generell del.", [], response=response)
    assert Notification.objects.filter(event=Event.APPROVAL_WAITING).count() == 1


def test_a_composed_letter_tells_the_other_case_officer_in_their_language(demo, committed):
    from bygdevekst.correspondence.domain.letters import compose

    kdd2 = demo["users"]["kdd2"]
    kdd2.language = "en"
    kdd2.save(update_fields=["language"])
    pilot = demo["pilots"]["Trysil-regionen"]
    with committed():
        letter = compose(
            round_=pilot.round, pilot=pilot, author=demo["users"]["kdd"], title="Invitasjon til dialog", body="Tekst."
        )
    assert _who(Event.APPROVAL_WAITING) == {"kdd2"}
    note = Notification.objects.get(event=Event.APPROVAL_WAITING)
    assert note.title == "The letter “Invitasjon til dialog” to Trysil-regionen awaits your approval"
    assert note.url == letter.get_absolute_url()
    assert mail.outbox[0].subject == note.title and "approves it before it is sent" in mail.outbox[0].body


def test_approval_waiting_honours_the_daily_digest(demo, committed):
    kdd2 = demo["users"]["kdd2"]
    Preference.objects.create(user=kdd2, frequency=Frequency.DAILY)
    with committed():
        _draft_response(demo)
    note = Notification.objects.get(event=Event.APPROVAL_WAITING)
    assert note.user == kdd2 and note.email_status == EmailStatus.IN_DIGEST
    assert mail.outbox == []


def test_the_author_of_a_response_is_never_told_to_approve_it(demo):
    _draft_response(demo, author="kdd2")
    assert _who(Event.APPROVAL_WAITING) == {"kdd"}


# ---- (b) response published -----------------------------------------------------------------------------


def test_a_published_response_reaches_the_pilots_people_and_nobody_else(demo):
    trysil = demo["pilots"]["Trysil-regionen"]
    response_published.send(
        sender=object, response=SimpleNamespace(pk=66602, agreement=trysil.agreement), user=demo["users"]["kdd"]
    )
    # the project manager and the county council (a main party); not the politician, the cooperation partner
    # (who reads its own sub-goals only), the state administrator, another pilot or KDD
    assert _who(Event.RESPONSE_PUBLISHED) == {"trysil", "innlandet"}
    assert _title("trysil", Event.RESPONSE_PUBLISHED) == "KDD har svart på forslaget fra Trysil-regionen"


def test_the_whole_response_journey_tells_each_in_turn(demo):
    from bygdevekst.core.shown import content_hash
    from bygdevekst.process.domain.response import approve_response, publish_response, response_content

    response = _draft_response(demo)
    assert _who(Event.APPROVAL_WAITING) == {"kdd2"}
    approve_response(response, demo["users"]["kdd2"], shown_sha256=content_hash(response_content(response)))
    publish_response(response, demo["users"]["kdd"])
    assert _who(Event.RESPONSE_PUBLISHED) == {"solund"}


# ---- (c) dialogue meeting called ------------------------------------------------------------------------


def _call_dialogue(demo, pilot="Trysil-regionen", days=14):
    from bygdevekst.meetings.domain.meetings import create_meeting

    return create_meeting(
        demo["users"]["kdd"],
        {
            "kind": "dialogue",
            "title": "Dialogmøte",
            "date": timezone.localdate() + datetime.timedelta(days=days),
        },
        agreement=demo["pilots"][pilot].agreement,
    )


def test_a_dialogue_meeting_is_announced_to_every_participants_people(demo):
    meeting = _call_dialogue(demo)
    # the municipality's project manager and politician, and the county council's officer (a party)
    assert _who(Event.MEETING_CALLED) == {"trysil", "politiker-trysil", "innlandet"}
    date = meeting.date.strftime("%d.%m.%Y")
    assert _title("innlandet", Event.MEETING_CALLED) == f"Dialogmøte {date} er kalt inn: Trysil-regionen"
    assert (
        Notification.objects.get(user__username="trysil", event=Event.MEETING_CALLED).url == f"/meetings/{meeting.pk}/"
    )


def test_a_called_meeting_is_emailed_once_as_its_calendar_invitation(demo, committed):
    """The calendar invitation is the e-mail: the notification is in the app, and in the digest of those who
    chose one unless the invitation reached them at their own address."""
    innlandet, politician = demo["users"]["innlandet"], demo["users"]["politiker-trysil"]
    county = demo["pilots"]["Trysil-regionen"].county_council
    county.email = innlandet.email
    county.save(update_fields=["email"])
    Preference.objects.create(user=innlandet, frequency=Frequency.DAILY)
    Preference.objects.create(user=politician, frequency=Frequency.DAILY)
    mail.outbox.clear()
    with committed():
        meeting = _call_dialogue(demo)
    status = dict(Notification.objects.filter(event=Event.MEETING_CALLED).values_list("user__username", "email_status"))
    assert status == {
        "innlandet": EmailStatus.ELSEWHERE,
        "politiker-trysil": EmailStatus.IN_DIGEST,
        "trysil": EmailStatus.ELSEWHERE,
    }
    invited = sorted(p.invitation_address for p in meeting.participants.all() if p.invitation_address)
    assert sorted(m.to[0] for m in mail.outbox) == invited  # the calendar invitations, nothing else
    assert all(m.attachments for m in mail.outbox)


def test_a_county_that_is_no_party_hears_nothing_of_the_dialogue(demo):
    from django.contrib.auth import get_user_model

    from bygdevekst.organisations.models import Membership

    smola = demo["pilots"]["Smøla og Aure"]  # its county council is no party to the agreement
    officer = get_user_model().objects.create_user("mr-officer", email="mr@demo.example")
    Membership.objects.create(user=officer, organisation=smola.county_council, role=Role.COUNTY_OFFICER)
    _call_dialogue(demo, pilot="Smøla og Aure")
    assert _who(Event.MEETING_CALLED) == {"smola"}


def test_a_meeting_recorded_after_the_fact_calls_nobody(demo):
    _call_dialogue(demo, days=-3)
    assert _who(Event.MEETING_CALLED) == set()


# ---- (d) approval round opened --------------------------------------------------------------------------


def test_opening_the_approval_round_tells_each_council_its_turn(demo, committed):
    from bygdevekst.agreements.models import Agreement

    agreement = demo["pilots"]["Trysil-regionen"].agreement
    with committed():
        agreement_transitioned.send(
            sender=Agreement,
            agreement=agreement,
            action="open_approval",
            from_state="agreed",
            to_state="in_approval",
            user=demo["users"]["kdd"],
            version=None,
        )
    assert _who(Event.APPROVAL_ROUND) == {"trysil", "politiker-trysil", "innlandet"}
    assert _title("innlandet", Event.APPROVAL_ROUND) == (
        "Den endelige teksten i avtalen for Trysil-regionen venter på godkjenning fra Innlandet fylkeskommune"
    )
    assert _title("politiker-trysil", Event.APPROVAL_ROUND).endswith("fra Trysil kommune")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "innlandet@demo.example",
        "politiker-trysil@demo.example",
        "trysil@demo.example",
    ]


# ---- (e) a decision on the proposal is no approval ------------------------------------------------------


def test_a_proposal_decision_is_announced_as_what_it_is(demo, committed):
    from bygdevekst.organisations.models import Organisation
    from bygdevekst.process.domain.anchoring import record_decision
    from bygdevekst.process.enums import Body

    agreement = demo["pilots"]["Trysil-regionen"].agreement
    valer = Organisation.objects.get(municipality_number="3419")
    with committed():
        record_decision(
            agreement,
            demo["users"]["trysil"],
            organisation=valer,
            body=Body.KOMMUNESTYRE,
            approves_proposal=True,
            meeting_date=datetime.date(2024, 11, 20),
        )
    titles = set(Notification.objects.values_list("title", flat=True))
    assert titles == {"Forslaget er forankret: Våler kommune"}
    assert not any("Godkjenning" in t for t in titles)
    assert _who(Event.DECISION) == {"kdd", "kdd2"}  # the project manager recorded it himself
    assert sorted(m.subject for m in mail.outbox) == ["Forslaget er forankret: Våler kommune"] * 2


@pytest.mark.parametrize(
    "facts,event,title",
    [
        ({"gives_mandate": True}, Event.DECISION, "Mandat for dialogen er gitt: Våler kommune"),
        (
            {"approves_proposal": True, "postponed": True},
            Event.DECISION,
            "Vedtaket om forslaget er utsatt: Våler kommune",
        ),
        ({"final_approval": True}, Event.APPROVAL, "Endelig godkjenning registrert: Våler kommune"),
        (
            {"final_approval": True, "postponed": True},
            Event.DECISION,
            "Den endelige godkjenningen er utsatt: Våler kommune",
        ),
        ({"final_approval": True, "rejected": True}, Event.DECISION, "Den endelige teksten er avvist: Våler kommune"),
    ],
)
def test_each_stage_and_outcome_has_its_own_subject(demo, facts, event, title):
    from bygdevekst.organisations.models import Organisation

    valer = Organisation.objects.get(municipality_number="3419")
    decision = SimpleNamespace(
        pk=55502, organisation=valer, agreement=demo["pilots"]["Trysil-regionen"].agreement, addendum=None, **facts
    )
    anchoring_decision_recorded.send(sender=object, decision=decision, user=demo["users"]["kdd"])
    assert _who(event) == {"trysil", "kdd2"}
    assert _title("trysil", event) == title


# ---- the steps around them --------------------------------------------------------------------------------


def test_an_approved_response_goes_back_to_its_author_to_publish(demo):
    from bygdevekst.core.shown import content_hash
    from bygdevekst.process.domain.response import approve_response, response_content

    response = _draft_response(demo)
    approve_response(response, demo["users"]["kdd2"], shown_sha256=content_hash(response_content(response)))
    assert _who(Event.APPROVAL_WAITING, "approved-to-publish:") == {"kdd"}
    note = Notification.objects.get(key__startswith="approved-to-publish:")
    assert note.title == "Svaret ditt til Solund og Fedje er godkjent: publiser det"


def test_an_addendum_sent_for_approval_tells_each_council(client_for, demo):
    nord = demo["pilots"]["Nord-Troms"].agreement
    base = f"/process/agreements/{nord.pk}"
    kdd = client_for("kdd")
    kdd.post(f"{base}/addenda/new/", {"title": "Nytt delmål om bredbånd", "text": "Partene legger til et delmål."})
    kdd.post(f"{base}/addenda/1/send/")
    # Nord-Troms' people: its project manager, in its lead municipality; nobody of another pilot, not KDD
    assert _who(Event.APPROVAL_ROUND) == {"kafjord"}
    assert _title("kafjord", Event.APPROVAL_ROUND).startswith(
        "Tillegg 1 til avtalen for Nord-Troms venter på godkjenning fra"
    )


# ---- (f) an approval once given is nobody's task any more ------------------------------------------------


@pytest.fixture
def kdd3(demo):
    """A third case officer: the one left waiting when a colleague approves first."""
    from django.contrib.auth import get_user_model

    from bygdevekst.organisations.models import Membership

    officer = get_user_model().objects.create_user("kdd3", email="kdd3@demo.example")
    kdd_org = demo["users"]["kdd2"].memberships.get(role=Role.CASE_OFFICER).organisation
    Membership.objects.create(user=officer, organisation=kdd_org, role=Role.CASE_OFFICER)
    return officer


def test_an_approved_response_is_no_longer_waiting_for_the_other_case_officers(demo, kdd3, client_for):
    from bygdevekst.core.shown import content_hash
    from bygdevekst.notifications.domain.notify import unread_count
    from bygdevekst.process.domain.response import approve_response, response_content

    Preference.objects.create(user=kdd3, frequency=Frequency.DAILY)
    response = _draft_response(demo)
    waiting = Notification.objects.filter(key=f"approval-waiting:response:{response.pk}")
    assert {n.user.username for n in waiting} == {"kdd2", "kdd3"}
    assert unread_count(kdd3) == 1

    approve_response(response, demo["users"]["kdd2"], shown_sha256=content_hash(response_content(response)))

    note = waiting.get(user=kdd3)
    assert note.is_read and unread_count(kdd3) == 0
    assert note.title == f"Allerede behandlet: {demo['users']['kdd2']} godkjente svaret til Solund og Fedje"
    assert note.body == "Du har ikke noe å gjøre her: forfatteren publiserer svaret."
    assert note.email_status == EmailStatus.HANDLED  # it waited for the digest: never sent now
    assert waiting.get(user=demo["users"]["kdd2"]).is_read
    # the author is told to publish; once published, that is done too
    from bygdevekst.process.domain.response import publish_response

    publish_response(response, demo["users"]["kdd"])
    assert Notification.objects.get(key=f"approved-to-publish:response:{response.pk}").is_read
    assert waiting.get(user=kdd3).title == "Allerede behandlet: svaret til Solund og Fedje er publisert"
    page = client_for("kdd3").get("/notifications/").content.decode()
    assert "Allerede behandlet: svaret til Solund og Fedje er publisert" in page and "Ulest:" not in page


def test_a_digest_does_not_carry_a_handled_approval(demo, kdd3):
    from bygdevekst.core.shown import content_hash
    from bygdevekst.correspondence.domain.letters import approve_and_send, compose, letter_content
    from bygdevekst.notifications.tasks import send_daily_digests

    Preference.objects.create(user=kdd3, frequency=Frequency.DAILY)
    pilot = demo["pilots"]["Trysil-regionen"]
    letter = compose(round_=pilot.round, pilot=pilot, author=demo["users"]["kdd"], title="Innkalling", body="Tekst.")
    note = Notification.objects.get(user=kdd3, key=f"approval-waiting:letter:{letter.pk}")
    assert note.title == "Brevet «Innkalling» til Trysil-regionen venter på godkjenningen din"
    assert note.email_status == EmailStatus.IN_DIGEST

    from bygdevekst.correspondence.models import Signatory

    Signatory.objects.create(letter=letter, name="Kari Nordmann", title="avdelingsdirektør")
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)), enqueue=False)

    note.refresh_from_db()
    assert note.is_read and note.email_status == EmailStatus.HANDLED
    assert note.title.startswith("Allerede behandlet: ") and "Innkalling" in note.title and "sendt" in note.title
    mail.outbox.clear()
    send_daily_digests(now=timezone.now().replace(hour=12))
    assert not any("Innkalling" in m.body for m in mail.outbox)


# ---- (g) each hand-off names the pilot and the object, in the reader's language ---------------------------

WAITING_TITLES = {
    "nb": (
        "Svaret til Solund og Fedje venter på godkjenningen din",
        "Brevet «Innkalling» til Trysil-regionen venter på godkjenningen din",
        "Den endelige teksten i avtalen for Trysil-regionen venter på godkjenning fra Innlandet fylkeskommune",
    ),
    "nn": (
        "Svaret til Solund og Fedje ventar på godkjenninga di",
        "Brevet «Innkalling» til Trysil-regionen ventar på godkjenninga di",
        "Den endelege teksten i avtalen for Trysil-regionen ventar på godkjenning frå Innlandet fylkeskommune",
    ),
    "en": (
        "The response to Solund og Fedje awaits your approval",
        "The letter “Innkalling” to Trysil-regionen awaits your approval",
        "The final text of the agreement for Trysil-regionen awaits the approval of Innlandet fylkeskommune",
    ),
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_waiting_and_approval_round_notifications_name_the_pilot_and_the_object(demo, language):
    from bygdevekst.agreements.models import Agreement
    from bygdevekst.correspondence.domain.letters import compose

    for name in ("kdd2", "innlandet"):
        demo["users"][name].language = language
        demo["users"][name].save(update_fields=["language"])
    response, letter, council = WAITING_TITLES[language]
    _draft_response(demo)
    pilot = demo["pilots"]["Trysil-regionen"]
    compose(round_=pilot.round, pilot=pilot, author=demo["users"]["kdd"], title="Innkalling", body="Tekst.")
    agreement_transitioned.send(sender=Agreement, agreement=pilot.agreement, action="open_approval",
                                from_state="agreed", to_state="in_approval", user=demo["users"]["kdd"], version=None)
    titles = set(Notification.objects.filter(user=demo["users"]["kdd2"]).values_list("title", flat=True))
    assert titles == {response, letter}
    assert _title("innlandet", Event.APPROVAL_ROUND) == council


def test_a_round_letter_waiting_for_approval_names_the_round(demo):
    from bygdevekst.correspondence.domain.letters import compose

    round_ = demo["pilots"]["Trysil-regionen"].round
    compose(round_=round_, pilot=None, author=demo["users"]["kdd"], title="Rundskriv", body="Tekst.")
    assert _title("kdd2", Event.APPROVAL_WAITING) == (
        f"Brevet «Rundskriv» til pilotene i {round_.name} venter på godkjenningen din"
    )


def test_a_councils_recorded_approval_settles_its_round_notice_and_a_withdrawal_reopens_it(demo):
    from bygdevekst.agreements.domain.snapshot import freeze_version
    from bygdevekst.agreements.enums import VersionKind
    from bygdevekst.agreements.models import Agreement
    from bygdevekst.organisations.models import Organisation
    from bygdevekst.process.domain.anchoring import record_decision
    from bygdevekst.process.domain.corrections import withdraw_decision
    from bygdevekst.process.enums import Body

    agreement = demo["pilots"]["Trysil-regionen"].agreement
    freeze_version(agreement, VersionKind.FINAL, demo["users"]["kdd"], label="Endelig tekst")
    Agreement.objects.filter(pk=agreement.pk).update(state="in_approval")
    agreement.refresh_from_db()
    agreement_transitioned.send(sender=Agreement, agreement=agreement, action="open_approval", from_state="agreed",
                                to_state="in_approval", user=demo["users"]["kdd"], version=None)
    waiting = "Den endelige teksten i avtalen for Trysil-regionen venter på godkjenning fra Trysil kommune"
    notice = Notification.objects.get(user__username="politiker-trysil", event=Event.APPROVAL_ROUND)
    assert notice.title == waiting and not notice.is_read

    trysil_kommune = Organisation.objects.get(municipality_number="3421")
    decision = record_decision(agreement, demo["users"]["trysil"], organisation=trysil_kommune,
                               body=Body.KOMMUNESTYRE, final_approval=True, meeting_date=timezone.localdate())
    notice.refresh_from_db()
    assert notice.is_read
    assert notice.title == "Allerede behandlet: godkjenningen fra Trysil kommune for Trysil-regionen er registrert"
    # the other councils still wait
    county = Notification.objects.get(user__username="innlandet", event=Event.APPROVAL_ROUND)
    assert not county.is_read and "venter på godkjenning fra Innlandet fylkeskommune" in county.title

    withdraw_decision(decision, demo["users"]["kdd"], "Registrert på feil sak.")
    notice.refresh_from_db()
    assert not notice.is_read and notice.title == waiting
