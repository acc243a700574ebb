import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bygdevekst.core.signals import agreement_transitioned, comment_posted
from bygdevekst.notifications.deadlines import notify_deadlines
from bygdevekst.notifications.domain.notify import notify
from bygdevekst.notifications.enums import EmailStatus, Event, Frequency
from bygdevekst.notifications.models import Notification, Preference
from bygdevekst.notifications.tasks import retry_failed, send_daily_digests
from tests.correspondence.helpers import FAILING


@pytest.fixture(autouse=True)
def only_new(db):
    """The demo's own process steps already notified people; the tests look at what they add."""
    Notification.objects.all().delete()


def _submit(demo, pilot_name="Trysil-regionen", user="trysil"):
    from bygdevekst.agreements.models import Agreement

    agreement = demo["pilots"][pilot_name].agreement
    agreement_transitioned.send(
        sender=Agreement,
        agreement=agreement,
        action="submit",
        from_state="draft",
        to_state="submitted",
        user=demo["users"][user],
        version=None,
    )
    return agreement


def test_proposal_submitted_notifies_kdd_immediately(demo, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # e-mailed once the action commits
        _submit(demo)
    notes = Notification.objects.filter(event=Event.PROPOSAL_SUBMITTED)
    assert {n.user.username for n in notes} == {"kdd", "kdd2"}
    assert all(n.email_status == EmailStatus.SENT for n in notes)
    assert sorted(m.to[0] for m in mail.outbox) == ["kdd2@demo.example", "kdd@demo.example"]
    assert "Trysil-regionen" in mail.outbox[0].subject
    _submit(demo)  # the same event twice is notified once
    assert Notification.objects.filter(event=Event.PROPOSAL_SUBMITTED).count() == 2


def test_daily_digest_collects_and_sends_once(demo, django_capture_on_commit_callbacks):
    kdd2 = demo["users"]["kdd2"]
    Preference.objects.create(user=kdd2, frequency=Frequency.DAILY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _submit(demo)
        notify([kdd2], Event.DEADLINE, "Frist nærmer seg", key="extra")
    waiting = Notification.objects.filter(user=kdd2)
    assert waiting.count() == 2 and all(n.email_status == EmailStatus.IN_DIGEST for n in waiting)
    assert [m.to[0] for m in mail.outbox] == ["kdd@demo.example"]

    early = timezone.make_aware(datetime.datetime(2026, 11, 28, 5, 0))
    assert send_daily_digests(now=early) == 0
    morning = timezone.make_aware(datetime.datetime(2026, 11, 28, 8, 0))
    mail.outbox.clear()
    assert send_daily_digests(now=morning) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kdd2@demo.example"]
    assert "Trysil-regionen" in mail.outbox[0].body and "Frist nærmer seg" in mail.outbox[0].body
    assert all(n.email_status == EmailStatus.SENT for n in Notification.objects.filter(user=kdd2))
    assert send_daily_digests(now=morning + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


def test_failing_mail_server_loses_nothing_and_retries(settings, demo, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _submit(demo)
    notes = list(Notification.objects.filter(event=Event.PROPOSAL_SUBMITTED))
    assert len(notes) == 2
    assert all(n.email_status == EmailStatus.FAILED and n.email_attempts == 1 for n in notes)
    assert "SMTPServerDisconnected" in notes[0].email_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert retry_failed() == 2
    assert all(
        n.email_status == EmailStatus.SENT and n.email_attempts == 2
        for n in Notification.objects.filter(event=Event.PROPOSAL_SUBMITTED)
    )
    assert len(mail.outbox) == 2
    assert retry_failed() == 0


def test_failed_digest_stays_waiting(settings, demo):
    kdd = demo["users"]["kdd"]
    Preference.objects.create(user=kdd, frequency=Frequency.DAILY)
    notify([kdd], Event.DEADLINE, "Frist", key="digest-fail")
    settings.EMAIL_BACKEND = FAILING
    morning = timezone.make_aware(datetime.datetime(2026, 11, 28, 8, 0))
    assert send_daily_digests(now=morning) == 0
    assert Notification.objects.get(user=kdd, key="digest-fail").email_status == EmailStatus.IN_DIGEST
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    assert send_daily_digests(now=morning) == 1 and len(mail.outbox) == 1


def test_comment_reply_notifies_the_author_of_the_text(demo):
    from types import SimpleNamespace

    agreement = demo["pilots"]["Trysil-regionen"].agreement
    kdd, trysil = demo["users"]["kdd"], demo["users"]["trysil"]
    parent = SimpleNamespace(pk=1, author=kdd)
    reply = SimpleNamespace(pk=777001, agreement=agreement, parent=parent, author=trysil, body="Enig, vi endrer.")
    comment_posted.send(sender=object, comment=reply, user=trysil)
    assert list(Notification.objects.filter(event=Event.COMMENT).values_list("user__username", flat=True)) == ["kdd"]
    top = SimpleNamespace(pk=777002, agreement=agreement, parent=None, author=kdd, body="Se på delmål 2.")
    comment_posted.send(sender=object, comment=top, user=kdd)
    assert Notification.objects.filter(event=Event.COMMENT, key="comment:777002", user=trysil).exists()
    assert not Notification.objects.filter(event=Event.COMMENT, key="comment:777002", user=kdd).exists()


def test_R7_deadline_reminder_only_for_deadlines(demo):
    from bygdevekst.programme.enums import MilestoneKind, MilestoneNature
    from bygdevekst.programme.models import Milestone

    round2 = demo["pilots"]["Trysil-regionen"].round
    today = datetime.date(2026, 11, 27)
    Milestone.objects.create(
        round=round2,
        kind=MilestoneKind.RESPONSE,
        nature=MilestoneNature.EXPECTED,
        title="Forventet respons",
        date=today + datetime.timedelta(days=3),
    )
    assert notify_deadlines(today) == 0
    Milestone.objects.create(
        round=round2,
        kind=MilestoneKind.PROPOSAL,
        nature=MilestoneNature.DEADLINE,
        title="Ny frist",
        date=today + datetime.timedelta(days=5),
    )
    count = notify_deadlines(today)
    assert count > 0
    users = set(Notification.objects.filter(event=Event.DEADLINE).values_list("user__username", flat=True))
    assert "trysil" in users and "kdd" not in users
    assert notify_deadlines(today) == 0  # idempotent


def test_approval_recorded_notifies_parties(demo):
    from types import SimpleNamespace

    from bygdevekst.core.signals import anchoring_decision_recorded

    pilot = demo["pilots"]["Trysil-regionen"]
    decision = SimpleNamespace(
        pk=55501, organisation=pilot.lead_municipality, agreement=pilot.agreement, final_approval=True
    )
    anchoring_decision_recorded.send(sender=object, decision=decision, user=demo["users"]["politiker-trysil"])
    users = set(Notification.objects.filter(event=Event.APPROVAL).values_list("user__username", flat=True))
    assert {"trysil", "kdd", "kdd2"} <= users


def test_response_published_notifies_pilot_people(demo):
    from types import SimpleNamespace

    from bygdevekst.core.signals import response_published

    pilot = demo["pilots"]["Trysil-regionen"]
    response_published.send(
        sender=object,
        response=SimpleNamespace(pk=66601, agreement=pilot.agreement, general="x"),
        user=demo["users"]["kdd"],
    )
    users = set(Notification.objects.filter(event=Event.RESPONSE_PUBLISHED).values_list("user__username", flat=True))
    assert "trysil" in users and "smola" not in users and "kdd" not in users


# ---- views --------------------------------------------------------------------------------------


def test_list_shows_unread_count_and_marks_read(client_for, demo):
    trysil = demo["users"]["trysil"]
    first, second = notify([trysil], Event.DEADLINE, "Frist A", key="a", url="/") + notify(
        [trysil], Event.DEADLINE, "Frist B", key="b"
    )
    client = client_for("trysil")
    page = client.get(reverse("notifications:list"))
    assert page.status_code == 200 and page.context["unread"] == 2 and "Frist A" in page.content.decode()
    response = client.post(reverse("notifications:read", args=[first.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/"
    first.refresh_from_db()
    assert first.is_read
    assert client.get(reverse("notifications:read", args=[second.pk])).status_code == 405  # POST only
    client.post(reverse("notifications:read_all"))
    second.refresh_from_db()
    assert second.is_read


def test_someone_elses_notification_is_404(client_for, demo):
    (note,) = notify([demo["users"]["kdd"]], Event.DEADLINE, "Privat", key="p")
    assert client_for("trysil").post(reverse("notifications:read", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert not note.is_read


@pytest.mark.parametrize("name", ["notifications:list", "notifications:settings"])
def test_anonymous_is_sent_to_log_in(client_for, name):
    response = client_for(None).get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_settings_page(client_for, demo):
    client = client_for("smola")
    url = reverse("notifications:settings")
    assert client.get(url).status_code == 200
    assert client.post(url, {"frequency": "daily"}).status_code == 302
    assert Preference.objects.get(user=demo["users"]["smola"]).frequency == Frequency.DAILY
    bad = client.post(url, {"frequency": "hourly"})
    assert bad.status_code == 400 and 'class="error-summary"' in bad.content.decode()
    assert Preference.objects.get(user=demo["users"]["smola"]).frequency == Frequency.DAILY


def test_list_queries_do_not_grow(client_for, demo, django_assert_max_num_queries):
    trysil = demo["users"]["trysil"]
    for i in range(30):
        notify([trysil], Event.DEADLINE, f"Frist {i}", key=f"q{i}")
    client = client_for("trysil")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("notifications:list")).status_code == 200


def test_retries_stop_after_max_attempts(settings, demo, django_capture_on_commit_callbacks):
    from bygdevekst.notifications.tasks import MAX_ATTEMPTS

    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        (note,) = notify([demo["users"]["kdd"]], Event.DEADLINE, "Frist", key="cap")
    assert Notification.objects.get(pk=note.pk).email_status == EmailStatus.FAILED
    Notification.objects.filter(pk=note.pk).update(email_attempts=MAX_ATTEMPTS)
    assert retry_failed() == 0
    (shown,) = Notification.objects.filter(pk=note.pk)
    assert shown.read_at is None  # still in the app


def test_header_menu_shows_the_unread_count_and_drops_it_when_read(client_for, demo):
    import re

    user = demo["users"]["solund"]
    Notification.objects.filter(user=user).update(read_at=timezone.now())
    client = client_for("solund")
    page = client.get(reverse("programme:home")).content.decode()
    assert 'class="nav-badge"' not in page
    notify([user], Event.COMMENT, "Svar på kommentaren din", url="/")
    notify([user], Event.COMMENT, "Enda et svar", url="/")
    page = client.get(reverse("programme:home")).content.decode()
    badge = re.search(
        r'Varsler<span id="nav-badge-notifications-list"> <span class="nav-badge">(\d+)<span class="visually-hidden"> uleste</span>',
        page,
    )
    assert badge and badge.group(1) == "2"
    client.post(reverse("notifications:read_all"))
    assert 'class="nav-badge"' not in client.get(reverse("programme:home")).content.decode()


def test_a_decision_on_the_proposal_is_not_announced_as_an_approval(demo):
    import datetime as dt

    from bygdevekst.agreements.models import Agreement
    from bygdevekst.organisations.models import Organisation
    from bygdevekst.process.domain.anchoring import record_decision
    from bygdevekst.process.enums import Body

    trysil = Agreement.objects.get(pilot=demo["pilots"]["Trysil-regionen"])
    valer = Organisation.objects.get(municipality_number="3419")
    record_decision(
        trysil,
        demo["users"]["trysil"],
        organisation=valer,
        body=Body.KOMMUNESTYRE,
        approves_proposal=True,
        meeting_date=dt.date(2024, 11, 20),
    )
    titles = set(Notification.objects.values_list("title", flat=True))
    assert titles == {"Forslaget er forankret: Våler kommune"}


def test_nothing_is_emailed_before_the_action_commits(demo, django_capture_on_commit_callbacks):
    """An action that is undone must not have told anyone by e-mail: the e-mail waits for the commit."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _submit(demo)
    assert mail.outbox == [] and len(callbacks) == 1
    assert all(
        n.email_status == EmailStatus.PENDING for n in Notification.objects.filter(event=Event.PROPOSAL_SUBMITTED)
    )
    callbacks[0]()
    assert len(mail.outbox) == 2
