"""The task list's hand-offs beyond writing and approving: the annual political meeting a year went without, the
final approval a council still owes, and the meeting a pilot's people are invited to."""

import datetime

import pytest
from django.utils import timezone, translation

from bygdevekst.agreements.domain.snapshot import freeze_version
from bygdevekst.agreements.enums import VersionKind
from bygdevekst.agreements.models import Agreement
from bygdevekst.meetings.annual import missing_years
from bygdevekst.meetings.domain.meetings import cancel_meeting, create_meeting
from bygdevekst.process.todo import my_tasks


def _tasks(user):
    with translation.override("nb"):
        return my_tasks(user)


def _texts(user):
    return [t["text"] for t in _tasks(user)]


def test_a_year_without_an_annual_meeting_waits_for_the_project_manager_and_kdd(agreement_of, demo):
    nt = agreement_of("Nord-Troms")
    (year,) = missing_years([nt])[nt.pk]  # the demo recorded none for the year it was approved
    text = f"Årlig politisk møte for {year} er ikke holdt eller ikke registrert (Nord-Troms)"
    pm = [t for t in _tasks(demo["users"]["kafjord"]) if t["text"] == text]
    kdd = [t for t in _tasks(demo["users"]["kdd"]) if t["text"] == text]
    assert len(pm) == 1 and len(kdd) == 1
    assert pm[0]["url"] == f"/process/agreements/{nt.pk}/"
    assert kdd[0]["url"] == f"/meetings/new/?kind=annual&agreement={nt.pk}&year={year}"  # KDD records it
    assert kdd[0]["since"].date() == datetime.date(year + 1, 1, 1)
    # nobody else is told: another pilot's project manager, the county officer elsewhere
    assert text not in _texts(demo["users"]["trysil"]) and text not in _texts(demo["users"]["innlandet"])

    create_meeting(
        demo["users"]["kdd"],
        {"kind": "annual", "title": f"Årlig politisk møte {year}", "date": datetime.date(year, 12, 10)},
        agreement=nt,
        invite=False,
    )
    assert text not in _texts(demo["users"]["kafjord"]) and text not in _texts(demo["users"]["kdd"])


def _in_approval(agreement, user):
    freeze_version(agreement, VersionKind.FINAL, user, label="Endelig tekst")
    Agreement.objects.filter(pk=agreement.pk).update(state="in_approval")


def test_in_the_approval_round_each_missing_council_approval_waits(agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    _in_approval(trysil, demo["users"]["kdd"])
    pm = [t for t in _texts(demo["users"]["trysil"]) if "venter på godkjenning fra" in t]
    councils = {m.name for m in trysil.pilot.municipalities.all()} | {"Innlandet fylkeskommune"}
    assert {t.split("fra ", 1)[1].split(":")[0] for t in pm} == councils
    assert (
        "Den endelige teksten venter på godkjenning fra Trysil kommune: registrer vedtaket når det er fattet "
        "(Trysil-regionen)"
    ) in pm
    # the county council's officer: its own council's approval only
    county = [t for t in _texts(demo["users"]["innlandet"]) if "venter på godkjenning fra" in t]
    assert county == [
        "Den endelige teksten venter på godkjenning fra Innlandet fylkeskommune: registrer vedtaket "
        "når det er fattet (Trysil-regionen)"
    ]
    # the project manager of another pilot sees nothing of it
    assert not any("Trysil-regionen" in t for t in _texts(demo["users"]["smola"]))


def _dialogue(demo, pilot, days=10):
    return create_meeting(
        demo["users"]["kdd"],
        {
            "kind": "dialogue",
            "title": f"Dialogmøte {pilot}",
            "date": timezone.localdate() + datetime.timedelta(days=days),
        },
        agreement=demo["pilots"][pilot].agreement,
        invite=False,
    )


def test_the_project_manager_is_told_of_a_meeting_to_attend_until_it_is_cancelled(demo):
    meeting = _dialogue(demo, "Trysil-regionen")
    text = f"Delta på møtet «Dialogmøte Trysil-regionen» {meeting.date:%d.%m.%Y}"
    assert text in _texts(demo["users"]["trysil"])
    assert text in _texts(demo["users"]["innlandet"])  # the county council is a party
    assert text not in _texts(demo["users"]["smola"])
    cancel_meeting(meeting, demo["users"]["kdd"])
    assert text not in _texts(demo["users"]["trysil"]) and text not in _texts(demo["users"]["innlandet"])


def test_a_county_that_is_no_party_is_not_told_of_the_pilots_meeting(demo):
    from django.contrib.auth import get_user_model

    from bygdevekst.organisations.enums import Role
    from bygdevekst.organisations.models import Membership

    smola = demo["pilots"]["Smøla og Aure"]  # its county council is invited to the dialogue but is no party
    officer = get_user_model().objects.create_user("mr-officer-todo")
    Membership.objects.create(user=officer, organisation=smola.county_council, role=Role.COUNTY_OFFICER)
    meeting = _dialogue(demo, "Smøla og Aure")
    assert meeting.participants.filter(organisation=smola.county_council).exists()
    assert not any("Dialogmøte Smøla og Aure" in t for t in _texts(officer))
    assert any("Dialogmøte Smøla og Aure" in t for t in _texts(demo["users"]["smola"]))


def test_in_the_approval_round_kdd_records_the_governments_own_approval(agreement_of, demo):
    from bygdevekst.organisations.models import Organisation
    from bygdevekst.process.domain.anchoring import record_decision
    from bygdevekst.process.enums import Body

    trysil = agreement_of("Trysil-regionen")
    _in_approval(trysil, demo["users"]["kdd"])
    text = "Den endelige teksten venter på regjeringens godkjenning: registrer den når den er gitt (Trysil-regionen)"
    (task,) = [t for t in _tasks(demo["users"]["kdd"]) if t["text"] == text]
    assert task["url"] == f"/process/agreements/{trysil.pk}/anchoring/new/" and task["agreement_id"] == trysil.pk
    assert text in _texts(demo["users"]["kdd2"])
    # beside each council's missing approval, which the pilot's people record; KDD is not given those
    assert not any("venter på godkjenning fra" in t for t in _texts(demo["users"]["kdd"]))
    assert text not in _texts(demo["users"]["trysil"]) and text not in _texts(demo["users"]["innlandet"])

    record_decision(trysil, demo["users"]["kdd"], organisation=Organisation.objects.get(org_number="972417858"),
                    body=Body.REGJERINGEN, final_approval=True, meeting_date=timezone.localdate())
    assert text not in _texts(demo["users"]["kdd"])
    # the councils still wait
    assert any("venter på godkjenning fra Trysil kommune" in t for t in _texts(demo["users"]["trysil"]))


def test_the_annual_meeting_task_opens_a_new_annual_meeting_for_that_agreement_and_year(agreement_of, client_for,
                                                                                         demo):
    nt = agreement_of("Nord-Troms")
    (year,) = missing_years([nt])[nt.pk]
    text = f"Årlig politisk møte for {year} er ikke holdt eller ikke registrert (Nord-Troms)"
    (task,) = [t for t in _tasks(demo["users"]["kdd"]) if t["text"] == text]
    assert task["url"] == f"/meetings/new/?kind=annual&agreement={nt.pk}&year={year}"
    # escaped in the page, and the link opens the form preset to that meeting
    page = client_for("kdd").get("/").content.decode()
    assert f'href="/meetings/new/?kind=annual&amp;agreement={nt.pk}&amp;year={year}"' in page
    form = client_for("kdd").get(task["url"])
    assert form.status_code == 200
    html = form.content.decode()
    assert f"Årlig politisk møte {year} – Nord-Troms" in html and 'value="annual" selected' in html
    # the project manager, who does not record meetings, is taken to the process page instead
    (pm,) = [t for t in _tasks(demo["users"]["kafjord"]) if t["text"] == text]
    assert pm["url"] == f"/process/agreements/{nt.pk}/"


def test_a_letter_to_approve_names_its_pilot_or_its_round(demo):
    from bygdevekst.correspondence.domain.letters import compose

    pilot = demo["pilots"]["Trysil-regionen"]
    compose(round_=pilot.round, pilot=pilot, author=demo["users"]["kdd"], title="Innkalling", body="Tekst.")
    compose(round_=pilot.round, pilot=None, author=demo["users"]["kdd"], title="Rundskriv", body="Tekst.")
    texts = _texts(demo["users"]["kdd2"])
    author = demo["users"]["kdd"]
    assert f"Godkjenn brevet «Innkalling» til Trysil-regionen, skrevet av {author}" in texts
    assert f"Godkjenn brevet «Rundskriv» til pilotene i {pilot.round.name}, skrevet av {author}" in texts
    with translation.override("nn"):
        nn = [t["text"] for t in my_tasks(demo["users"]["kdd2"])]
    assert f"Godkjenn brevet «Innkalling» til Trysil-regionen, skrive av {author}" in nn
    with translation.override("en"):
        en = [t["text"] for t in my_tasks(demo["users"]["kdd2"])]
    assert f"Approve the letter “Rundskriv” to the pilots of {pilot.round.name}, written by {author}" in en


@pytest.mark.parametrize("language, approve, government", [
    ("nb", "Godkjenn statens respons til Solund og Fedje, skrevet av {author}",
     "Den endelige teksten venter på regjeringens godkjenning: registrer den når den er gitt (Trysil-regionen)"),
    ("nn", "Godkjenn responsen frå staten til Solund og Fedje, skriven av {author}",
     "Den endelege teksten ventar på godkjenninga til regjeringa: registrer ho når ho er gitt (Trysil-regionen)"),
    ("en", "Approve the state's response to Solund og Fedje, written by {author}",
     "The final text awaits the government's approval: record it when it is made (Trysil-regionen)"),
])
def test_approval_tasks_name_the_pilot_and_the_object_in_each_language(agreement_of, demo, language, approve,
                                                                        government):
    from bygdevekst.process.domain.response import save_response

    solund = agreement_of("Solund og Fedje")
    sub_goal = solund.sub_goals.first()
    save_response(solund, demo["users"]["kdd"], "Generell del.", [(str(sub_goal.uid), sub_goal.title, "agreed", "")])
    _in_approval(agreement_of("Trysil-regionen"), demo["users"]["kdd"])
    with translation.override(language):
        texts = [t["text"] for t in my_tasks(demo["users"]["kdd2"])]
    assert approve.format(author=demo["users"]["kdd"]) in texts and government in texts
