import datetime

from django.core import mail
from icalendar import Calendar

from bygdevekst.process.models import ReminderSent
from bygdevekst.process.reminders import send_deadline_reminders
from bygdevekst.programme.enums import MilestoneKind, MilestoneNature
from bygdevekst.programme.models import Milestone


def test_round_ics_parses(client, demo):
    round2 = demo["pilots"]["Trysil-regionen"].round
    response = client.get(f"/rounds/{round2.pk}/calendar.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    assert len(events) == round2.milestones.count()
    deadline = next(e for e in events if str(e["summary"]) == "Frist for avtaleforslag")
    assert deadline.decoded("dtstart") == datetime.date(2024, 11, 29)


def test_pilot_ics_parses_with_status(client, demo):
    pilot = demo["pilots"]["Nord-Troms"]
    response = client.get(f"/pilots/{pilot.pk}/calendar.ics")
    cal = Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    assert all("Nord-Troms" in str(e["summary"]) for e in events)
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_overview_shows_pilots_at_risk_first_for_kdd(client_for):
    content = client_for("kdd").get("/").content.decode()
    content = content[content.index("<table"):]  # the pilot table, not the task list above it
    # Trysil (overdue) and Smøla (late) before Nord-Troms, Solund and Vest-Telemark (on time).
    assert content.index("Smøla og Aure") < content.index("Nord-Troms")
    assert content.index("Trysil-regionen") < content.index("Solund og Fedje")


def test_pilot_page_shows_milestone_status(client, demo):
    page = client.get(f"/pilots/{demo['pilots']['Smøla og Aure'].pk}/")
    assert page.status_code == 200 and b"milestone-status--done" in page.content


def _future_deadline(round_, days=5):
    return Milestone.objects.create(round=round_, kind=MilestoneKind.ACTION_PLAN, nature=MilestoneNature.DEADLINE,
                                    title="Frist for handlingsplan", date=datetime.date.today() + datetime.timedelta(days=days))


def test_reminders_are_sent_once(demo, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    round2 = demo["pilots"]["Trysil-regionen"].round
    milestone = _future_deadline(round2)
    mail.outbox.clear()
    sent = send_deadline_reminders()
    assert sent == round2.pilots.count()
    assert any("trysil@demo.example" in m.to for m in mail.outbox)
    assert send_deadline_reminders() == 0
    assert ReminderSent.objects.filter(milestone=milestone).count() == round2.pilots.count()
    assert len(mail.outbox) == sent


def test_no_reminders_for_expected_dates_or_far_deadlines(demo, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    round2 = demo["pilots"]["Trysil-regionen"].round
    _future_deadline(round2, days=60)
    Milestone.objects.create(round=round2, kind=MilestoneKind.OTHER, nature=MilestoneNature.EXPECTED,
                             title="Ventet", date=datetime.date.today() + datetime.timedelta(days=3))
    mail.outbox.clear()
    assert send_deadline_reminders() == 0 and mail.outbox == []


def test_reminder_job_is_registered():
    from bygdevekst.core.scheduler import declared_jobs

    assert any(path == "bygdevekst.process.reminders.send_deadline_reminders" for path, _ in declared_jobs())


def test_kdd_manages_rounds_pilots_and_milestones(client_for, demo):
    round2 = demo["pilots"]["Trysil-regionen"].round
    assert client_for("trysil").get(f"/rounds/{round2.pk}/milestones/new/").status_code == 403
    page = client_for("kdd").post(f"/rounds/{round2.pk}/milestones/new/", {
        "kind": "action_plan", "nature": "deadline", "title": "Endelig handlingsplan", "date": "2025-09-01"})
    assert page.status_code == 302
    milestone = Milestone.objects.get(title="Endelig handlingsplan")
    page = client_for("kdd").post(f"/milestones/{milestone.pk}/edit/", {
        "kind": "action_plan", "nature": "expected", "title": "Endelig handlingsplan", "date": "not a date"})
    assert page.status_code == 200 and b"error-summary" in page.content
    milestone.refresh_from_db()
    assert milestone.nature == "deadline"
    pilot = demo["pilots"]["Solund og Fedje"]
    assert client_for("kdd").get(f"/pilots/{pilot.pk}/edit/").status_code == 200
    assert client_for("solund").get(f"/pilots/{pilot.pk}/edit/").status_code == 403
    assert client_for("kdd").get("/rounds/new/").status_code == 200
