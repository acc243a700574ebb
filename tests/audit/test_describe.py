"""The history in words: every logged action reads as a sentence with its details in the reader's language —
never an action code, a Python dict or list, a quoted identifier or a raw state value."""

import re

import pytest
from django.utils import translation

from bygdevekst.audit.describe import describe
from bygdevekst.audit.labels import ELEMENT_LABELS, LABELS
from bygdevekst.audit.log import log_action
from bygdevekst.audit.models import ActionLog

UID = "6f1c2f3a-1b2c-4d5e-8f90-123456789abc"
SHA = "3fa2b1c0" * 8
STATE = {"before": "in_dialogue", "after": "agreed"}
LONG = "Kommunen bidrar med prosjektleiar i femti prosent stilling. " * 10

# One representative entry per action code: (object type, data) as the code that logs it writes them.
SAMPLES = {
    "agreement.created": (
        "agreements.agreement",
        {
            "pilot": "Trysil-regionen",
            "county_role": "main_party",
            "written_standard": "nn",
            "parties": ["Trysil kommune", "Våler"],
        },
    ),
    "agreement.edited": (
        "agreements.agreement",
        {"changes": {"title": {"before": "Gammel", "after": "Ny"}}, "lock_version": 7},
    ),
    "agreement.version_frozen": (
        "agreements.agreementversion",
        {"number": 3, "kind": "draft_snapshot", "label": "Andre utkast", "sha256": SHA},
    ),
    "agreement.version_unchanged": ("agreements.agreementversion", {"number": 3, "sha256": SHA, "lock_version": 9}),
    "agreement.exported": ("agreements.agreement", {"format": "docx", "changes": {"from": 1, "to": 3}}),
    "agreement.comment_posted": (
        "agreements.comment",
        {"version": 2, "target_kind": "sub_goal", "target_uid": UID, "parent": None, "after": {"body": LONG}},
    ),
    "agreement.comment_resolved": ("agreements.comment", {"before": {"resolved": False}, "after": {"resolved": True}}),
    "agreement.comment_reopened": ("agreements.comment", {"before": {"resolved": True}, "after": {"resolved": False}}),
    "agreement.commitments_confirmed": (
        "process.partnerconfirmation",
        {
            "organisation": "Husbanken",
            "before": {"agreed": False, "comment": ""},
            "after": {"agreed": True, "comment": "OK"},
            "commitments": [UID, UID],
        },
    ),
    "agreement.county_commitment_confirmed": (
        "process.countycommitmentconfirmation",
        {"commitment": UID, "kind": "financial", "text": "Fylkeskommunen bidrar med 2 mill.", "note": ""},
    ),
    "agreement.county_role_changed": (
        "agreements.agreement",
        {"county_role": {"before": "cooperation_party", "after": "main_party"}},
    ),
    "agreement.anchoring_decision_recorded": (
        "process.anchoringdecision",
        {
            "organisation": "Våler kommune",
            "body": "kommunestyre",
            "what": "godkjenner forslaget",
            "meeting_date": "20.11.2024",
            "case_number": "PS 12/24",
            "version_sha256": SHA,
        },
    ),
    "agreement.anchoring_exception_recorded": (
        "process.anchoringexception",
        {"organisation": "Våler kommune", "reason": "Møtet ble flyttet."},
    ),
    "agreement.submit": (
        "agreements.agreement",
        {"state": {"before": "draft", "after": "submitted"}, "version": {"number": 4, "sha256": SHA}, "late": False},
    ),
    "agreement.withdraw": (
        "agreements.agreement",
        {"state": {"before": "submitted", "after": "withdrawn"}, "comment": "Trukket."},
    ),
    "agreement.respond": ("agreements.agreement", {"state": {"before": "submitted", "after": "responded"}}),
    "agreement.open_dialogue": ("agreements.agreement", {"state": {"before": "responded", "after": "in_dialogue"}}),
    "agreement.agree": (
        "agreements.agreement",
        {
            "state": STATE,
            "version": {"number": 5, "sha256": SHA},
            "override": {"reason": "Skriftlig enighet.", "set_aside": ["Ingen dialogmøte er holdt."]},
        },
    ),
    "agreement.open_approval": ("agreements.agreement", {"state": {"before": "agreed", "after": "in_approval"}}),
    "agreement.approve": ("agreements.agreement", {"state": {"before": "in_approval", "after": "approved"}}),
    "agreement.end": ("agreements.agreement", {"state": {"before": "approved", "after": "ended"}}),
    "agreement.response_drafted": ("process.stateresponse", {"items": 4, "lock_version": 0}),
    "agreement.response_edited": ("process.stateresponse", {"items": 5, "lock_version": 1}),
    "agreement.response_approved": (
        "process.stateresponse",
        {"author": "kdd", "approved_by": "kdd2", "content_sha256": SHA},
    ),
    "agreement.response_published": ("process.stateresponse", {"items": 5}),
    "agreement.signed": (
        "process.signing",
        {"signed_on": "2025-03-01", "version_sha256": SHA, "signatories": ["Ola Nordmann", "Kari Nordmann"]},
    ),
    "agreement.record_corrected": (
        "process.anchoringdecision",
        {
            "kind": "decision",
            "record": 4,
            "reason": "Feil organ.",
            "new_record": 5,
            "before": {"organisation": "Våler kommune", "body": "formannskap", "meeting_date": "20.11.2024"},
            "after": {"organisation": "Våler kommune", "body": "kommunestyre", "meeting_date": "28.11.2024"},
        },
    ),
    "agreement.record_withdrawn": (
        "process.signing",
        {"kind": "signing", "record": 2, "reason": "Feil dato.", "before": {"signed_on": "01.03.2025"}, "after": None},
    ),
    "agreement.addendum_created": ("process.addendum", {"number": 1, "title": "Nytt delmål"}),
    "agreement.addendum_sent_for_approval": (
        "process.addendum",
        {"number": 1, "sha256": SHA, "state": {"before": "draft", "after": "in_approval"}},
    ),
    "agreement.addendum_approved": (
        "process.addendum",
        {"number": 1, "sha256": SHA, "state": {"before": "in_approval", "after": "approved"}},
    ),
    "actionplan.created": ("actionplans.actionplan", {"year": 2025, "revision": 1, "from_year": 2024}),
    "actionplan.revision_created": (
        "actionplans.actionplan",
        {"from": {"year": 2025, "revision": 1, "status": "adopted"}, "to": {"year": 2025, "revision": 2}},
    ),
    "actionplan.measure_added": (
        "actionplans.actionplan",
        {
            "measure": {
                "uid": UID,
                "number": 3,
                "title": "Bredband",
                "description": LONG,
                "sub_goal_uids": [UID],
                "responsible": None,
                "cooperation": [],
                "start_year": 2025,
                "start_quarter": 1,
                "status": "not_started",
                "budget": [{"year": 2025, "source": "kdd_grant", "organisation": None, "planned": 100000, "spent": 0}],
            }
        },
    ),
    "actionplan.measure_changed": (
        "actionplans.actionplan",
        {
            "measure": UID,
            "number": 3,
            "changes": {
                "title": {"before": "Bredband", "after": "Fiber"},
                "status": {"before": "not_started", "after": "in_progress"},
            },
        },
    ),
    "actionplan.measure_removed": (
        "actionplans.actionplan",
        {"measure": {"uid": UID, "number": 3, "title": "Bredband"}},
    ),
    "actionplan.measure_status_changed": (
        "actionplans.actionplan",
        {"measure": UID, "number": 3, "status": {"before": "in_progress", "after": "delayed"}, "note": "Venter."},
    ),
    "actionplan.budget_changed": (
        "actionplans.actionplan",
        {
            "measure": UID,
            "number": 3,
            "changes": {
                "planned": {"before": 100000, "after": 150000},
                "source": {"before": "kdd_grant", "after": "municipality"},
            },
        },
    ),
    "actionplan.imported": (
        "actionplans.actionplan",
        {  # (the importer's `**changes` puts the changed measures under "changed", over the flag of that name)
            "year": 2025,
            "revision": 2,
            "new_revision": True,
            "added": [4],
            "removed": [],
            "changed": {UID: {"title": {"before": "A", "after": "B"}}},
        },
    ),
    "actionplan.import_refused": (
        "actionplans.actionplan",
        {"problems": [{"sheet": "Tiltak", "row": 4, "column": "C", "message": "Ukjent delmål."}]},
    ),
    "actionplan.exported": ("actionplans.actionplan", {"format": "xlsx", "year": 2025, "revision": 1, "version": 3}),
    "actionplan.overview_exported": ("", {"format": "csv"}),
    "actionplan.frozen_with_proposal": (
        "actionplans.actionplan",
        {"year": 2025, "revision": 1, "hints": ["Delmål 2.1 har ingen tiltak."], "measures": 6},
    ),
    "actionplan.adopted": ("actionplans.actionplan", {"status": {"before": "draft", "after": "adopted"}}),
    "actionplan.report_started": (
        "actionplans.yearlyreport",
        {"year": 2025, "plan": {"year": 2025, "revision": 1}, "entries": 6},
    ),
    "actionplan.report_saved": (
        "actionplans.yearlyreport",
        {"year": 2025, "changes": {"summary": {"before": "", "after": "Godt år."}}},
    ),
    "actionplan.report_submitted": (
        "actionplans.yearlyreport",
        {"year": 2025, "status": {"before": "draft", "after": "submitted"}},
    ),
    "actionplan.report_meeting_linked": ("actionplans.yearlyreport", {"meeting": {"before": None, "after": None}}),
    "meeting.created": ("meetings.meeting", {"kind": "dialogue", "date": "2026-12-20", "agenda_items": 3}),
    "meeting.edited": (
        "meetings.meeting",
        {
            "date": {"before": "2026-12-20", "after": "2026-12-21"},
            "place": {"before": "Trysil", "after": "Elverum"},
            "sequence": 1,
        },
    ),
    "meeting.cancelled": ("meetings.meeting", {"sequence": 2}),
    "meeting.item_added": ("meetings.meeting", {"title": "Delmål 2.1"}),
    "meeting.participant_added": (
        "meetings.meeting",
        {"organisation": "Engerdal kommune", "capacity": "independent_elected_body"},
    ),
    "meeting.outcome_corrected": (
        "meetings.meeting",
        {
            "reason": "Feil i protokollen.",
            "items": {"Delmål 2.1": {"before": "Enige: ok", "after": "Tekst endres: ny tekst"}},
        },
    ),
    "meeting.minutes_recorded": (
        "meetings.meeting",
        {"Delmål 2.1": {"before": "open", "after": "agreed", "text": "Enige."}},
    ),
    "meeting.answered": (
        "meetings.meeting",
        {
            "organisation": "Vinje kommune",
            "before": {"answer": "NEEDS-ACTION", "comment": ""},
            "after": {"answer": "TENTATIVE", "comment": "Ordføraren kjem kanskje."},
        },
    ),
    "meeting.minutes_registered": (
        "meetings.meeting",
        {"files": {"referat-dialogmote-2025-01-28.pdf": SHA, "referat-dialogmote-2025-01-28.docx": SHA}},
    ),
    "meeting.minutes_downloaded": ("meetings.meeting", {"format": "pdf"}),
    "meeting.document_attached": (
        "meetings.meeting",
        {"title": "Presentasjon", "kind": "council_decision", "sha256": SHA, "pdfa": "PDF/A-2b"},
    ),
    "meeting.document_withdrawn": (
        "meetings.meeting",
        {"title": "Presentasjon", "sha256": SHA, "reason": "Feil fil: presentasjonen fra et annet møte."},
    ),
    "meeting.calendar_token_created": ("meetings.calendartoken", {"replaced": 1}),
    "meeting.calendar_token_revoked": ("accounts.user", {"revoked": 1}),
    "correspondence.letter_composed": ("correspondence.letter", {"title": "Invitasjon", "recipients": 14, "copies": 3}),
    "correspondence.recipients_changed": (
        "correspondence.letter",
        {
            "before": {"recipients": ["Trysil kommune", "Våler kommune"], "copies": []},
            "after": {"recipients": ["Trysil kommune"], "copies": []},
        },
    ),
    "correspondence.delivery_retried": (
        "correspondence.letter",
        {"organisation": "Trysil kommune", "attempts": 6, "before": {"status": "gave_up"}, "after": {"status": "failed"}},
    ),
    "correspondence.letter_sent": (
        "correspondence.letter",
        {
            "before": {"state": "draft"},
            "after": {"state": "sent"},
            "entry": "2024/12-3",
            "deliveries": 14,
            "content_sha256": SHA,
            "documents": {"nb": SHA, "nn": SHA},
        },
    ),
    "correspondence.exported": ("", {"case": "2024/12", "entries": 8}),
    "correspondence.export_refused": ("", {"error": "ChecksumMismatch: protokoll.pdf"}),
    "correspondence.document_version_added": (
        "correspondence.registryentry",
        {"version": 2, "sha256": SHA, "replaces_nothing": True},
    ),
    "round.created": (
        "programme.round",
        {"name": {"before": None, "after": "Pulje 3"}, "status": {"before": None, "after": "planned"}},
    ),
    "round.edited": ("programme.round", {"status": {"before": "planned", "after": "active"}}),
    "round.exported": ("programme.round", {"kind": "matrix", "format": "xlsx"}),
    "pilot.created": ("programme.pilot", {"name": {"before": None, "after": "Ny pilot"}}),
    "pilot.edited": ("programme.pilot", {"name": {"before": "Gammel", "after": "Ny"}}),
    "milestone.created": (
        "programme.milestone",
        {"kind": {"before": None, "after": "political_meeting"}, "nature": {"before": None, "after": "deadline"}},
    ),
    "milestone.edited": ("programme.milestone", {"date": {"before": "2024-11-29", "after": "2024-12-06"}}),
    "milestone.reminder_sent": ("programme.milestone", {"pilot": "Trysil-regionen", "recipients": 3}),
    "invitation.sent": (
        "accounts.invitation",
        {
            "pilot": "Trysil-regionen",
            "email": "ny@trysil.example",
            "name": "Ny Person",
            "role": "municipal_staff",
            "organisation": "Trysil kommune",
            "expires_at": "2026-12-20T10:00:00+00:00",
            "refreshed": False,
        },
    ),
    "invitation.revoked": (
        "accounts.invitation",
        {
            "pilot": "Trysil-regionen",
            "role": "politician",
            "email": "a@b.example",
            "name": "A",
            "organisation": "Trysil kommune",
        },
    ),
    "invitation.accepted": (
        "accounts.invitation",
        {"role": "county_officer", "user": "ny", "account_created": True, "membership": 4, "membership_created": True},
    ),
    "user.logged_in": ("accounts.user", {}),
    "user.logged_out": ("accounts.user", {}),
    "user.login_failed": ("", {"username": "trysil"}),
    "user.login_locked": ("", {"username": "trysil"}),
    "user.profile_changed": (
        "accounts.user",
        {"first_name": {"before": "Ola", "after": "Ole"}, "language": {"before": "", "after": "nn"}},
    ),
    "user.password_changed": ("accounts.user", {}),
    "user.password_reset": ("accounts.user", {}),
    "user.language_changed": ("accounts.user", {"language": {"before": "nb", "after": "en"}}),
    "api_token.created": ("accounts.apitoken", {"name": "Integrasjon", "prefix": "bv_ab12"}),
    "api_token.revoked": ("accounts.apitoken", {"name": "Integrasjon", "prefix": "bv_ab12"}),
    "notifications.preference_changed": (
        "notifications.preference",
        {"before": {"frequency": "immediate"}, "after": {"frequency": "daily"}},
    ),
    "system.webhook_endpoint_created": (
        "webhooks.endpoint",
        {"organisation": 1, "url": "https://sak.example.org/hooks", "events": ["proposal.submitted"], "active": True,
         "description": "Sakssystemet", "key_id": "k1"},
    ),
    "system.webhook_endpoint_changed": (
        "webhooks.endpoint", {"changes": {"url": {"before": "https://a.example.org", "after": "https://b.example.org"}}},
    ),
    "system.webhook_endpoint_deleted": (
        "webhooks.endpoint",
        {"organisation": 1, "url": "https://sak.example.org/hooks", "events": [], "active": False, "description": "",
         "deliveries": 4},
    ),
    "system.webhook_key_rotated": (
        "webhooks.endpoint",
        {"key_id": "k2", "previous_key_id": "k1", "previous_valid_until": "2026-12-13T08:00:00+00:00"},
    ),
    "system.webhook_key_retired": ("webhooks.endpoint", {"key_id": "k1"}),
    "system.webhook_redelivered": (
        "webhooks.endpoint", {"event": "6f1e2eb0-0000-4000-8000-000000000000",
                              "status": {"before": "failed", "after": "delivered"}},
    ),
    "system.backup_made": ("", {"file": "var/backups/2026-12-06T07:00:00Z/bygdevekst-backup.tar", "sha256": SHA}),
    "system.restored": ("", {"file": "var/backups/x/bygdevekst-backup.tar", "files": 12}),
    "system.verified": ("", {"counts": {"agreement versions": 12, "log rows": 300}, "problems": 0, "findings": []}),
    **{
        code: (
            "agreements.commitment",
            {
                "kind": code.split(".")[1].rsplit("_", 1)[0],
                "uid": UID,
                "changes": {"text": {"before": "Gammel", "after": "Ny"}},
                "direction": "up",
                "position": {"before": 2, "after": 1},
                "lock_version": 3,
            },
        )
        for code in ELEMENT_LABELS
    },
}

# Raw values that must never reach a reader as they are stored ("open" is nynorsk and "sent" bokmål, so those
# two are not among the English words looked for in Norwegian text).
RAW_VALUES = {
    "in_dialogue",
    "in_approval",
    "main_party",
    "cooperation_party",
    "draft_snapshot",
    "not_started",
    "in_progress",
    "kdd_grant",
    "independent_elected_body",
    "political_meeting",
    "municipal_staff",
    "county_officer",
    "sub_goal",
    "focus_area",
}
RAW_IN_NORWEGIAN = {
    "draft",
    "submitted",
    "responded",
    "agreed",
    "approved",
    "ended",
    "withdrawn",
    "dialogue",
    "immediate",
    "daily",
    "delayed",
    "deadline",
    "financial",
    "adopted",
    "up",
    "politician",
    "matrix",
    "yes",
    "no",
    "None",
    "True",
    "False",
}


def _entry(demo, code, object_type, data):
    return ActionLog(
        action=code,
        actor=demo["users"]["kdd"],
        object_type=object_type,
        object_id="1",
        object_repr="Trysil-regionen",
        data=data,
    )


def _problems(text, code, language):
    found = []
    if code in text:
        found.append(f"the code {code}")
    for token in ("{", "}", "[", "]"):
        if token in text:
            found.append(f"a Python token {token!r}")
    if re.search(r"'[\w ]*'", text):
        found.append("a quoted identifier")
    found += [f"the code-ish token {t}" for t in re.findall(r"\b\w+_\w+\b", text)]
    found += [f"the raw value {v}" for v in RAW_VALUES if re.search(rf"\b{v}\b", text)]
    if language != "en":
        found += [f"the raw value {v}" for v in RAW_IN_NORWEGIAN if re.search(rf"\b{v}\b", text)]
    return found


def test_every_action_code_has_a_sample():
    assert sorted(set(LABELS) | set(ELEMENT_LABELS)) == sorted(SAMPLES)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_action_reads_as_words_without_codes_or_python(demo, language):
    problems = {}
    with translation.override(language):
        for code, (object_type, data) in SAMPLES.items():
            description = describe(_entry(demo, code, object_type, data))
            text = description.text()
            assert description.sentence.strip(), code
            found = _problems(text, code, language)
            if found:
                problems[code] = (found, text)
    assert not problems, problems


def test_sentences_say_who_did_what_from_what_to_what(demo):
    with translation.override("nb"):
        role = describe(_entry(demo, "agreement.county_role_changed", *SAMPLES["agreement.county_role_changed"]))
        agree = describe(_entry(demo, "agreement.agree", *SAMPLES["agreement.agree"]))
        confirmed = describe(
            _entry(demo, "agreement.commitments_confirmed", *SAMPLES["agreement.commitments_confirmed"])
        )
        comment = describe(_entry(demo, "agreement.comment_posted", *SAMPLES["agreement.comment_posted"]))
        minutes = describe(_entry(demo, "meeting.minutes_recorded", *SAMPLES["meeting.minutes_recorded"]))
    assert role.sentence == (
        "Saksbehandler KDD endret fylkeskommunens rolle fra «samarbeidspart under navngitte delmål» til «hovedpart»."
    )
    assert agree.sentence.startswith("Saksbehandler KDD endret avtalens status fra «i dialog» til «enige»")
    assert "Skriftlig enighet." in agree.sentence
    assert confirmed.sentence == "Saksbehandler KDD bekreftet forpliktelsene til Husbanken."
    assert ("Er enig", "fra «nei» til «ja»") in confirmed.details
    assert comment.sentence.endswith("…»") and len(comment.sentence) < 260  # a long text is shortened
    assert ("Delmål 2.1", "fra «åpen» til «enige» (Enige.)") in minutes.details


def test_dates_are_formatted_for_the_reader(demo):
    with translation.override("nb"):
        signed = describe(_entry(demo, "agreement.signed", *SAMPLES["agreement.signed"]))
    assert "01.03.2025" in signed.sentence and "2025-03-01" not in signed.text()


def test_an_unknown_key_is_label_and_value_never_repr(demo):
    entry = _entry(
        demo, "agreement.edited", "agreements.agreement", {"some_new_key": {"nested_thing": ["a_b", 3]}, "other": None}
    )
    with translation.override("en"):
        text = describe(entry).text()
    assert "Some new key: Nested thing: a b, 3" in text and "Other: –" in text
    assert not _problems(text, "agreement.edited", "en")


def test_the_timeline_and_the_log_page_speak_words(client_for, demo):
    agreement = demo["pilots"]["Nord-Troms"].agreement
    log_action(
        "agreement.commitments_confirmed",
        actor=demo["users"]["kafjord"],
        obj=agreement,
        data=SAMPLES["agreement.commitments_confirmed"][1],
    )
    timeline = client_for("kafjord").get(f"/agreements/{agreement.pk}/").content.decode()
    section = timeline[timeline.index('id="timeline-heading"') :]
    section = section[: section.index("</section>")]
    log_page = client_for("admin").get("/audit/").content.decode()
    table = log_page[log_page.index("<table") : log_page.index("</table>")]
    for html in (section, table):
        assert "<code" not in html
        assert "agreement.commitments_confirmed" not in html and "{&#x27;" not in html and "{'" not in html
        assert "Prosjektleder Nord-Troms bekreftet forpliktelsene til Husbanken." in html
    assert "agreements.agreement" not in table


def test_the_log_page_filters_by_what_happened_in_words(client_for, demo):
    agreement = demo["pilots"]["Nord-Troms"].agreement
    row = log_action(
        "agreement.county_role_changed",
        actor=demo["users"]["kdd"],
        obj=agreement,
        data=SAMPLES["agreement.county_role_changed"][1],
    )
    page = client_for("admin").get("/audit/", {"action": "fylkeskommunens rolle"})
    assert row in page.context["page"]
    assert all(e.action == "agreement.county_role_changed" for e in page.context["page"])



@pytest.mark.django_db
def test_a_page_of_entries_names_its_objects_with_one_query_per_kind(demo):
    """Forty log entries of KDD's pilot form, each naming another round, are described with one query for the
    rounds, not one per entry (the log page's query count does not grow with its rows)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bygdevekst.audit.describe import describe_all
    from bygdevekst.audit.models import ActionLog
    from bygdevekst.programme.models import Pilot, Round

    rounds = list(Round.objects.all())
    pilot = Pilot.objects.first()
    entries = [ActionLog(action="pilot.edited", object_type="programme.pilot", object_id=str(pilot.pk),
                         data={"round": rounds[i % len(rounds)].pk}) for i in range(40)]
    with CaptureQueriesContext(connection) as queries:
        described = describe_all(entries)
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert all(str(rounds[i % len(rounds)]) in d.text() for i, (_e, d) in enumerate(described))


def test_an_entry_names_itself_by_the_time_in_norway():
    """An entry logged at 23:30 UTC on 6 December names itself by the clock in Oslo (00:30 on the 7th), as the log
    page shows it."""
    import datetime

    entry = ActionLog(timestamp=datetime.datetime(2026, 12, 6, 23, 30, tzinfo=datetime.UTC), action="agreement.submitted")
    assert str(entry) == "2026-12-07 00:30 agreement.submitted"


def test_a_recorded_time_is_read_on_the_clock_in_norway(demo):
    """An invitation that expires at 10:00 UTC on 20 December expires at 11:00 in Oslo, and the history says 11:00."""
    with translation.override("nb"):
        text = describe(_entry(demo, "invitation.sent", *SAMPLES["invitation.sent"])).text()
    assert "20.12.2026 11:00" in text and "10:00" not in text
