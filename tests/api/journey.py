"""The Trysil journey through the API alone, as steps: the project manager ("trysil"), the county officer
("innlandet") and two KDD case officers ("kdd", "kdd2"), each with a bearer token only, from the demo's draft to a
signed agreement and on to its follow-up (the action plan, a yearly report, a letter). Each step asserts what it
gets back; tests/api/test_trysil_journey_api.py plays them all, tests/api/test_api_journey_webhooks.py plays them
while a webhook receiver takes the events."""

import io
import pathlib
import re

from django.core.management import call_command

from tests.clock import today_iso


def token(username):
    out = io.StringIO()
    call_command("create_api_token", username, stdout=out)
    return {"Authorization": f"Bearer {out.getvalue().strip().split()[-1]}"}


def pdf(name):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from weasyprint import HTML

    return SimpleUploadedFile(name, HTML(string=f"<p>{name}</p>").write_pdf(), content_type="application/pdf")


class Api:
    """One user's bearer token; `calls` (shared by a journey's users) records each request as (method, path)."""

    def __init__(self, client, username, calls=None):
        self.client, self.auth, self.username = client, token(username), username
        self.calls = calls if calls is not None else []

    def get(self, path, status=200):
        self.calls.append(("GET", path))
        response = self.client.get(f"/api/v1{path}", headers=self.auth)
        assert response.status_code == status, (self.username, path, response.content)
        return response.json()

    def post(self, path, body=None, status=200, multipart=False):
        self.calls.append(("POST", path))
        if multipart:
            response = self.client.post(f"/api/v1{path}", body, headers=self.auth)
        else:
            response = self.client.post(
                f"/api/v1{path}", body or {}, content_type="application/json", headers=self.auth
            )
        assert response.status_code == status, (self.username, path, response.content)
        return response.json()


def all_items(api, path):
    page = api.get(path)
    assert page["count"] == len(page["items"])
    return page["items"]


class Journey:
    """The four tokens and Trysil's pilot as the API shows it (`trysil`), its agreement id and path."""

    def __init__(self, client):
        self.calls = []
        self.pm, self.county, self.kdd, self.kdd2 = (
            Api(client, u, self.calls) for u in ("trysil", "innlandet", "kdd", "kdd2")
        )
        self.trysil = next(p for p in self.pm.get("/pilots/?round=2")["items"] if p["name"] == "Trysil-regionen")
        self.aid = self.trysil["agreement"]
        self.a = f"/agreements/{self.aid}"

    @property
    def today(self):
        """Today in Oslo when a step asks (tests/clock.py)."""
        return today_iso()


def draft_edits(j):
    """Draft edits by stable uid, with the optimistic lock; a stale lock is a 409 that saves nothing."""
    pm, county, a = j.pm, j.county, j.a
    draft = pm.get(f"{a}/draft")
    sub_goal = draft["focus_areas"][0]["sub_goals"][0]
    assert sub_goal["code"] == "1.1" and draft["focus_areas"][0]["code"] == "1"
    lock = draft["lock_version"]
    edited = pm.post(f"{a}/draft/sub-goal/{sub_goal['uid']}", {"lock_version": lock, "title": "Flere boliger for unge"})
    assert edited["uid"] == sub_goal["uid"] and edited["lock_version"] == lock + 1
    stale = pm.post(f"{a}/draft/sub-goal/{sub_goal['uid']}", {"lock_version": lock, "title": "Noe annet"}, status=409)
    assert stale["reasons"] and stale["lock_version"] == lock + 1
    added = pm.post(
        f"{a}/draft/section/",
        {"lock_version": lock + 1, "title": "Oppfølging", "body": "Partene møtes årlig."},
        status=201,
    )
    draft = pm.get(f"{a}/draft")
    assert draft["focus_areas"][0]["sub_goals"][0]["title"] == "Flere boliger for unge"
    assert any(s["uid"] == added["uid"] for s in draft["sections"])
    frozen = pm.post(
        f"{a}/draft/freeze", {"lock_version": draft["lock_version"], "label": "Før forankring"}, status=201
    )
    assert frozen["created"] and frozen["number"] >= 2
    versions = all_items(pm, f"{a}/versions/")
    assert versions[-1]["number"] == frozen["number"]
    compared = pm.get(f"{a}/versions/compare?from=1&to={frozen['number']}")
    assert compared, "the frozen version differs from the demo's first"
    assert pm.get(f"{a}/versions/{frozen['number']}")["codes"][sub_goal["uid"]] == "1.1"

    # A comment and its thread, resolved and reopened.
    comment = county.post(
        f"{a}/comments/",
        {
            "version": frozen["number"],
            "target_kind": "sub_goal",
            "target_uid": sub_goal["uid"],
            "body": "Fylket vil bidra her.",
        },
        status=201,
    )
    pm.post(
        f"{a}/comments/",
        {
            "version": frozen["number"],
            "target_kind": "sub_goal",
            "target_uid": sub_goal["uid"],
            "body": "Takk!",
            "parent": comment["id"],
        },
        status=201,
    )
    assert pm.post(f"{a}/comments/{comment['id']}/resolve")["resolved"] is True
    assert pm.post(f"{a}/comments/{comment['id']}/resolve", status=409)["reasons"]
    assert pm.post(f"{a}/comments/{comment['id']}/reopen")["resolved"] is False
    assert len(all_items(pm, f"{a}/comments/?version={frozen['number']}")) == 2


def anchor_and_submit(j):
    """Anchoring: submitting too early is refused with the reasons; the missing decision is recorded."""
    pm, county, trysil, aid, a = j.pm, j.county, j.trysil, j.aid, j.a
    refused = pm.post(f"{a}/transitions", {"action": "submit"}, status=409)
    assert refused["reasons"]
    decided = {d["organisation"] for d in all_items(pm, f"{a}/anchoring-decisions") if d["record_status"] == "in_force"}
    for municipality in trysil["municipalities"]:
        if municipality["id"] in decided:
            continue
        pm.post(
            f"{a}/anchoring-decisions",
            {
                "organisation": municipality["id"],
                "body": "kommunestyre",
                "meeting_date": "2024-11-21",
                "approves_proposal": "true",
                "gives_mandate": "true",
                "mandate_to": "ordforer",
                "case_number": "PS 14/24",
                "decision_text": "Kommunestyret slutter seg til forslaget.",
                "minutes": pdf("protokoll.pdf"),
            },
            status=201,
            multipart=True,
        )
    # R3: the county council confirms its flagged money commitments.
    refused = pm.post(f"{a}/transitions", {"action": "submit"}, status=409)["reasons"] if flagged(aid) else []
    for uid in flagged(aid):
        county.post(f"{a}/county-confirmations", {"commitment": uid, "note": "Innenfor vedtatt budsjett."}, status=201)
    submitted = pm.post(f"{a}/transitions", {"action": "submit"})
    assert submitted["state"] == "submitted", refused


def respond(j):
    """KDD's response with four eyes (R10): kdd writes, kdd2 approves what they were shown, kdd publishes."""
    pm, kdd, kdd2, a = j.pm, j.kdd, j.kdd2, j.a
    proposal = pm.get(f"{a}/versions/{len(all_items(pm, f'{a}/versions/'))}")
    first_sub_goal = proposal["content"]["focus_areas"][0]["sub_goals"][0]["uid"]
    written = kdd.post(
        f"{a}/responses",
        {
            "general": "Departementet takker for et godt forslag.",
            "items": [
                {
                    "target": first_sub_goal,
                    "disposition": "needs_dialogue",
                    "text": "Vi vil drøfte hvordan fylkeskommunen kan bidra.",
                }
            ],
        },
        status=201,
    )
    assert kdd.post(f"{a}/responses/{written['id']}/approve", {"shown_sha256": written["content_sha256"]}, status=409)[
        "reasons"
    ]  # the author is not the second pair of eyes
    assert kdd2.post(f"{a}/responses/{written['id']}/approve", {"shown_sha256": "0" * 64}, status=409)["current_sha256"]
    approved = kdd2.post(f"{a}/responses/{written['id']}/approve", {"shown_sha256": written["content_sha256"]})
    assert approved["state"] == "approved"
    assert kdd.post(f"{a}/responses/{written['id']}/publish")["state"] == "published"
    assert kdd.get(a)["state"] == "responded"


def dialogue_and_agree(j):
    """The dialogue meeting: called, held (attendance, minutes, every agenda item settled), then agree."""
    kdd, aid, a = j.kdd, j.aid, j.a
    today = j.today
    assert kdd.post(f"{a}/transitions", {"action": "open_dialogue"})["state"] == "in_dialogue"
    meeting = kdd.post(
        "/meetings/",
        {
            "agreement": aid,
            "kind": "dialogue",
            "title": "Dialogmøte Trysil-regionen",
            "date": today,
            "place": "Trysil rådhus",
        },
        status=201,
    )
    assert meeting["items"], "the response item needing dialogue is on the proposed agenda"
    kdd.post(f"/meetings/{meeting['id']}/items", {"title": "Eventuelt"}, status=201)
    meeting = kdd.get(f"/meetings/{meeting['id']}")
    outcomes = [{"item": i["id"], "outcome": "agreed", "text": "Enighet."} for i in meeting["items"]]
    meeting = kdd.post(f"/meetings/{meeting['id']}/outcomes", {"outcomes": outcomes})
    assert all(i["outcome"] == "agreed" for i in meeting["items"])
    # R9: changing a recorded outcome needs a reason.
    change = [{"item": meeting["items"][-1]["id"], "outcome": "withdrawn", "text": ""}]
    assert kdd.post(f"/meetings/{meeting['id']}/outcomes", {"outcomes": change}, status=409)["reasons"]
    kdd.post(f"/meetings/{meeting['id']}/outcomes", {"outcomes": change, "reason": "Feilført."})
    meeting = kdd.post(
        f"/meetings/{meeting['id']}",
        {
            "kind": "dialogue",
            "title": meeting["title"],
            "date": today,
            "place": meeting["place"],
            "minutes": "Partene gikk gjennom svaret og ble enige.",
            "lock_version": meeting["lock_version"],
        },
    )
    assert meeting["minutes"]
    assert kdd.post(f"{a}/transitions", {"action": "agree"})["state"] == "agreed"


def approve(j):
    """Approvals of the same final text by every council and the government (R4), then approve."""
    kdd, trysil, a = j.kdd, j.trysil, j.a
    today = j.today
    assert kdd.post(f"{a}/transitions", {"action": "open_approval"})["state"] == "in_approval"
    refused = kdd.post(f"{a}/transitions", {"action": "approve"}, status=409)["reasons"]
    assert refused
    government = next(
        o
        for o in kdd.get("/organisations/?kind=ministry&limit=500")["items"]
        if o["name"] == "Kommunal- og distriktsdepartementet"
    )
    councils = [(m["id"], "kommunestyre") for m in trysil["municipalities"]]
    councils += [
        (
            trysil["county_council"]["id"] if isinstance(trysil["county_council"], dict) else trysil["county_council"],
            "fylkesting",
        ),
        (government["id"], "regjeringen"),
    ]
    for number, (org, body) in enumerate(councils, 1):
        kdd.post(
            f"{a}/anchoring-decisions",
            {
                "organisation": org,
                "body": body,
                "meeting_date": today,
                "final_approval": "true",
                "case_number": f"PS {number}/25" if body != "regjeringen" else "",
                "minutes": pdf(f"vedtak{number}.pdf"),
            },
            status=201,
            multipart=True,
        )
    approved = kdd.post(f"{a}/transitions", {"action": "approve"})
    assert approved["state"] == "approved" and approved["approved_at"]


def sign(j):
    """Signing: one signatory per main party, the scanned copy."""
    pm, kdd, a = j.pm, j.kdd, j.a
    today = j.today
    main_parties = [p["organisation"]["id"] for p in kdd.get(a)["parties"] if p["role"] == "main_party"]
    signing = kdd.post(
        f"{a}/signings",
        {
            "signed_on": today,
            "organisation": main_parties,
            "name": [f"Underskriver {i}" for i in main_parties],
            "signed_copy": pdf("signert.pdf"),
        },
        status=201,
        multipart=True,
    )
    assert signing["has_signed_copy"] and len(signing["signatories"]) == len(main_parties)
    assert all_items(kdd, f"{a}/signings")[0]["record_status"] == "in_force"
    final = pm.get(a)
    # R7: submitted today, after the demo round's proposal deadline, so late (a deadline alone decides).
    assert final["state"] == "approved" and final["late"] is True


def action_plan(j):
    """Follow-up by the project manager: a measure added to the plan, its status changed, a yearly report
    filled in and submitted."""
    pm, a = j.pm, j.a
    plan = pm.post(f"{a}/action-plan")
    sub_goal = pm.get(f"{a}/versions/{len(all_items(pm, f'{a}/versions/'))}")["content"]["focus_areas"][0]["sub_goals"][
        0
    ]
    measure = pm.post(
        f"/action-plans/{plan['id']}/measures",
        {
            "title": "Bredband til grendene",
            "description": "Fiber til alle grender.",
            "sub_goals": [sub_goal["uid"]],
            "responsible": j.trysil["municipalities"][0]["id"],
            "start_year": 2025,
            "start_quarter": 1,
            "end_year": 2026,
            "end_quarter": 4,
            "indicator": "Antall husstander",
            "baseline": "40 %",
            "target": "95 %",
        },
        status=201,
    )
    assert measure["status"] == "not_started"
    changed = pm.post(f"/action-plans/measures/{measure['id']}/status", {"status": "in_progress", "note": "Anbud ute"})
    assert changed["status_history"][-1]["to_status"] == "in_progress"
    report = pm.post(f"{a}/yearly-reports", {"year": 2025}, status=201)
    entry = next(e for e in report["entries"] if e["number"] == measure["number"])
    saved = pm.post(
        f"/yearly-reports/{report['id']}",
        {
            "summary": "Første år.",
            "lock_version": report["lock_version"],
            "entries": [{"id": entry["id"], "status": "in_progress", "percent": 25, "spent": 12000, "text": "I rute"}],
        },
    )
    assert saved["summary"] == "Første år."
    assert pm.post(f"/yearly-reports/{report['id']}/submit")["status"] == "submitted"
    assert report["id"] in [r["id"] for r in all_items(pm, f"{a}/yearly-reports")]


def letter(j):
    """A letter to the pilot: drafted by one KDD case officer, approved by the other with the hash of what they
    were shown (R10), and so sent."""
    kdd, kdd2 = j.kdd, j.kdd2
    pilot = j.trysil
    drafted = kdd.post(
        "/letters/",
        {
            "round": pilot["round"],
            "pilot": pilot["id"],
            "title": "Oppfølging av avtalen",
            "body": "Vi viser til den signerte avtalen.\n\nKDD ser fram til samarbeidet.",
            "signatories": [{"name": "Kari Direktør", "title": "avdelingsdirektør", "on_behalf": True}],
        },
        status=201,
    )
    assert drafted["state"] == "draft"
    assert kdd.post(f"/letters/{drafted['id']}/approve", {"shown_sha256": drafted["content_sha256"]}, status=409)[
        "reasons"
    ]  # the author is not the second pair of eyes
    shown = kdd2.get(f"/letters/{drafted['id']}")
    sent = kdd2.post(f"/letters/{drafted['id']}/approve", {"shown_sha256": shown["content_sha256"]})
    assert sent["state"] == "sent" and sent["registry_entry"]
    deliveries = all_items(kdd, f"/letters/{drafted['id']}/deliveries")
    assert deliveries and {d["status"] for d in deliveries} == {"sent"}
    return sent


def flagged(agreement_id):
    """The county council's commitments R3 flags (read-only helper: which uids the county officer confirms)."""
    from bygdevekst.agreements.models import Agreement
    from bygdevekst.process.domain.partners import flagged_county_commitments

    agreement = Agreement.objects.get(pk=agreement_id)
    return [
        str(row["commitment"].uid)
        for row in flagged_county_commitments(agreement)
        if not agreement.county_confirmations.in_force().filter(commitment_uid=row["commitment"].uid).exists()
    ]


TO_SIGNED = (draft_edits, anchor_and_submit, respond, dialogue_and_agree, approve, sign)
FOLLOW_UP = (action_plan, letter)
STEPS = TO_SIGNED + FOLLOW_UP


DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "api.md"


def walkthrough_requests():
    """The requests of docs/api.md's "Walk-through with curl" block, in order, as (method, path)."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Walk-through with curl", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1).replace("\\\n", " ")
    requests = []
    for line in block.splitlines():
        found = re.search(r'curl .*?"\$BV(/[^"]*)"', line)
        if found:
            requests.append(("POST" if re.search(r"-X POST|(^| )-F ", line) else "GET", found.group(1)))
    return requests


def shape(path):
    """A path with its ids, uids and query values left out: what a documented request and a test's share."""
    path = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\$\w+|\d+", "{}", path)
    return re.sub(r"=[^&]*", "=", path)


def in_order(wanted, made):
    """The requests `wanted` (as (method, path)), each found in `made` after the one before: the first missing
    one, or None."""
    made = iter((method, shape(path)) for method, path in made)
    for method, path in wanted:
        if (method, shape(path)) not in made:
            return method, path
    return None
