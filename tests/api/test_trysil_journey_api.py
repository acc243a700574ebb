"""The Trysil journey through the API alone, with four bearer tokens: the project manager ("trysil"), the county
officer ("innlandet") and two KDD case officers ("kdd", "kdd2"). From the demo's draft to a signed agreement.

(The action plan and a letter are not driven here: their API operations are another part of the work.)
"""

import datetime

from django.core.management import call_command


def _token(username):
    import io

    out = io.StringIO()
    call_command("create_api_token", username, stdout=out)
    return {"Authorization": f"Bearer {out.getvalue().strip().split()[-1]}"}


def _pdf(name):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from weasyprint import HTML

    return SimpleUploadedFile(name, HTML(string=f"<p>{name}</p>").write_pdf(), content_type="application/pdf")


class Api:
    def __init__(self, client, username):
        self.client, self.auth, self.username = client, _token(username), username

    def get(self, path, status=200):
        response = self.client.get(f"/api/v1{path}", headers=self.auth)
        assert response.status_code == status, (self.username, path, response.content)
        return response.json()

    def post(self, path, body=None, status=200, multipart=False):
        if multipart:
            response = self.client.post(f"/api/v1{path}", body, headers=self.auth)
        else:
            response = self.client.post(
                f"/api/v1{path}", body or {}, content_type="application/json", headers=self.auth
            )
        assert response.status_code == status, (self.username, path, response.content)
        return response.json()


def _all(api, path):
    page = api.get(path)
    assert page["count"] == len(page["items"])
    return page["items"]


def test_trysil_from_draft_to_signed_agreement_through_the_api(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pm, county, kdd, kdd2 = (Api(client, u) for u in ("trysil", "innlandet", "kdd", "kdd2"))
    trysil = next(p for p in pm.get("/pilots/?round=2")["items"] if p["name"] == "Trysil-regionen")
    aid = trysil["agreement"]
    a = f"/agreements/{aid}"

    # 1. Draft edits by stable uid, with the optimistic lock; a stale lock is a 409 that saves nothing.
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
    versions = _all(pm, f"{a}/versions/")
    assert versions[-1]["number"] == frozen["number"]
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
    assert len(_all(pm, f"{a}/comments/?version={frozen['number']}")) == 2

    # 2. Anchoring: submitting too early is refused with the reasons; the missing decision is recorded.
    refused = pm.post(f"{a}/transitions", {"action": "submit"}, status=409)
    assert refused["reasons"]
    decided = {d["organisation"] for d in _all(pm, f"{a}/anchoring-decisions") if d["record_status"] == "in_force"}
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
                "minutes": _pdf("protokoll.pdf"),
            },
            status=201,
            multipart=True,
        )
    # R3: the county council confirms its flagged money commitments.
    refused = pm.post(f"{a}/transitions", {"action": "submit"}, status=409)["reasons"] if _flagged(aid) else []
    for uid in _flagged(aid):
        county.post(f"{a}/county-confirmations", {"commitment": uid, "note": "Innenfor vedtatt budsjett."}, status=201)
    submitted = pm.post(f"{a}/transitions", {"action": "submit"})
    assert submitted["state"] == "submitted", refused

    # 3. KDD's response with four eyes (R10): kdd writes, kdd2 approves what they were shown, kdd publishes.
    proposal = pm.get(f"{a}/versions/{len(_all(pm, f'{a}/versions/'))}")
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

    # 4. The dialogue meeting: called, held (attendance, minutes, every agenda item settled), then agree.
    assert kdd.post(f"{a}/transitions", {"action": "open_dialogue"})["state"] == "in_dialogue"
    today = datetime.date.today().isoformat()
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

    # 5. Approvals of the same final text by every council and the government (R4), then approve.
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
                "minutes": _pdf(f"vedtak{number}.pdf"),
            },
            status=201,
            multipart=True,
        )
    approved = kdd.post(f"{a}/transitions", {"action": "approve"})
    assert approved["state"] == "approved" and approved["approved_at"]

    # 6. Signing: one signatory per main party, the scanned copy.
    main_parties = [p["organisation"]["id"] for p in kdd.get(a)["parties"] if p["role"] == "main_party"]
    signing = kdd.post(
        f"{a}/signings",
        {
            "signed_on": today,
            "organisation": main_parties,
            "name": [f"Underskriver {i}" for i in main_parties],
            "signed_copy": _pdf("signert.pdf"),
        },
        status=201,
        multipart=True,
    )
    assert signing["has_signed_copy"] and len(signing["signatories"]) == len(main_parties)
    assert _all(kdd, f"{a}/signings")[0]["record_status"] == "in_force"
    final = pm.get(a)
    # R7: submitted today, after the demo round's proposal deadline, so late (a deadline alone decides).
    assert final["state"] == "approved" and final["late"] is True


def _flagged(agreement_id):
    """The county council's commitments R3 flags (read-only helper: which uids the county officer confirms)."""
    from bygdevekst.agreements.models import Agreement
    from bygdevekst.process.domain.partners import flagged_county_commitments

    agreement = Agreement.objects.get(pk=agreement_id)
    return [
        str(row["commitment"].uid)
        for row in flagged_county_commitments(agreement)
        if not agreement.county_confirmations.in_force().filter(commitment_uid=row["commitment"].uid).exists()
    ]
