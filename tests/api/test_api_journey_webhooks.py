"""Events out during the API-only Trysil journey: a receiver on 127.0.0.1 (docs/webhooks.md's own verification
code, tests/webhooks/conftest.py) is registered through /api/v1/webhooks/ for every event type before the journey;
it is down from the dialogue to the approval, the retry job brings those deliveries, and in the end it has every
event of the journey, each signature verified, each event once after de-duplication by its id."""

import datetime

import pytest
from django.utils import timezone

from bygdevekst.webhooks.enums import EventType
from bygdevekst.webhooks.models import Event
from bygdevekst.webhooks.tasks import retry_due
from tests.webhooks.conftest import Receiver

from .journey import (
    Api,
    Journey,
    action_plan,
    anchor_and_submit,
    approve,
    dialogue_and_agree,
    draft_edits,
    letter,
    respond,
    sign,
)

# What the journey does, as events (docs/webhooks.md's table). Not produced by it: proposal.withdrawn,
# record.corrected, record.withdrawn, agreement.ended, addendum.approved.
JOURNEY_EVENTS = {
    "version.frozen",  # the draft frozen before anchoring
    "comment.posted",  # the county officer's comment and the reply
    "decision.recorded",  # anchoring decisions, then the final approvals
    "proposal.submitted",
    "response.published",
    "dialogue.opened",
    "meeting.called",  # the dialogue meeting
    "agreement.agreed",
    "approval.opened",
    "agreement.approved",
    "agreement.signed",
    "measure.status_changed",  # the action plan's measure
    "report.submitted",  # the yearly report
    "letter.sent",  # approved by the second KDD case officer, so sent
}


@pytest.fixture
def receiver():
    rx = Receiver()
    rx.start()
    yield rx
    rx.stop()


def test_the_api_journey_reaches_a_receiver_registered_through_the_api_once_each_also_after_it_was_down(
    client, demo, settings, tmp_path, receiver, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    admin = Api(client, "admin")
    kdd_org = next(
        o
        for o in admin.get("/organisations/?kind=ministry&limit=500")["items"]
        if o["name"] == "Kommunal- og distriktsdepartementet"
    )
    created = admin.post(
        "/webhooks/",
        {"organisation": kdd_org["id"], "url": receiver.url, "events": list(EventType.values), "description": "KDD"},
        status=201,
    )
    assert set(created["events"]) == set(EventType.values)
    receiver.secrets[created["key"]["key_id"]] = created["key"]["secret"]
    hook = f"/webhooks/{created['id']}"

    journey = Journey(client)

    def play(*steps):
        with django_capture_on_commit_callbacks(execute=True):
            for step in steps:
                step(journey)

    # Up: from the draft to the published response.
    play(draft_edits, anchor_and_submit, respond)
    before_down = set(receiver.unique_ids)
    assert {"version.frozen", "comment.posted", "proposal.submitted", "response.published"} <= {
        d["event"]["type"] for d in all_deliveries(admin, hook)
    }
    assert before_down == {d["event"]["id"] for d in all_deliveries(admin, hook)}

    # Down from the dialogue to the approval: those deliveries fail and wait for the retry job.
    receiver.stop()
    play(dialogue_and_agree, approve)
    failed = all_deliveries(admin, hook, "?status=failed")
    assert {d["event"]["type"] for d in failed} >= {"dialogue.opened", "meeting.called", "agreement.agreed"}
    assert all(d["attempts"] == 1 and d["failure"] == "unreachable" and d["next_attempt_at"] for d in failed)
    assert all(d["error"] and "ConnectionError" not in d["error"] and "last_error" not in d for d in failed)
    assert set(receiver.unique_ids) == before_down
    assert retry_due() == 0, "nothing is due before its back-off has passed"
    later = timezone.now() + datetime.timedelta(minutes=10)
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_due(later) == len(failed)  # still down: a second failure
    assert {d["attempts"] for d in all_deliveries(admin, hook, "?status=failed")} == {2}

    # Back up: the periodic job sends every waiting delivery.
    receiver.start()
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_due(later + datetime.timedelta(minutes=10)) == len(failed)
    assert not all_deliveries(admin, hook, "?status=failed")
    assert {d["event"]["id"] for d in failed} <= set(receiver.unique_ids)

    # Up again for signing and the follow-up; then one delivery sent again by the administrator (a repeat).
    play(sign, action_plan, letter)
    repeat = next(d for d in all_deliveries(admin, hook) if d["event"]["type"] == "proposal.submitted")
    with django_capture_on_commit_callbacks(execute=True):
        accepted = admin.post(f"/webhooks/deliveries/{repeat['id']}/redeliver", status=202)
    assert accepted["status"] == "pending" and accepted["attempts"] == repeat["attempts"]  # sent after the commit

    deliveries = all_deliveries(admin, hook)
    sent = {d["event"]["id"] for d in deliveries}
    assert {d["status"] for d in deliveries} == {"delivered"}
    assert sent == {str(pk) for pk in Event.objects.values_list("pk", flat=True)}, "KDD sees every event"
    received = receiver.received_ids()
    assert all(status == 200 for _h, _b, status in receiver.requests), "every signature verified"
    assert set(received) == sent == receiver.unique_ids  # every event, at least once …
    assert len(receiver.unique_ids) == len(sent) < len(received) and received.count(repeat["event"]["id"]) == 2
    assert {d["event"]["type"] for d in deliveries} == JOURNEY_EVENTS  # … once after de-duplication


def all_deliveries(admin, hook, query=""):
    page = admin.get(f"{hook}/deliveries{query}{'&' if query else '?'}limit=500")
    assert page["count"] == len(page["items"])
    return page["items"]
