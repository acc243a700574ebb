"""The Trysil journey through the API alone, with the ordinary mistakes of issue 14 made on purpose, as the web
journey (tests/process/test_trysil_journey.py) makes them: the response changed while the second case officer
looks at it (409 with the change, then the shown text approved), county money added during the dialogue (agree
refused until the county council confirms it), Våler's final approval recorded with the wrong body (approve
refused until it is corrected), and a letter's recipients cut while the approver looks (409 with the change).
It ends approved and signed, and the agreement's history through the API tells each mistake and its correction
in words."""

import json

from bygdevekst.audit.models import ActionLog
from bygdevekst.core.shown import canonical
from bygdevekst.correspondence.models import Letter
from bygdevekst.process.models import AnchoringDecision, RecordStatus

from .journey import Journey, all_items, anchor_and_submit, pdf


def shown(detail):
    """What an approver sends back: the hash and the content they were shown (R10)."""
    return {"shown_sha256": detail["content_sha256"], "shown_content": canonical(detail["content"])}


def changed_fields(refusal):
    return {change["field"] for change in refusal["changes"]}


def respond_with_a_change_while_the_approver_looks(j):
    kdd, kdd2, a = j.kdd, j.kdd2, j.a
    proposal = kdd.get(f"{a}/versions/{len(all_items(kdd, f'{a}/versions/'))}")
    first = proposal["content"]["focus_areas"][0]["sub_goals"][0]["uid"]
    item = {"target": first, "disposition": "needs_dialogue", "text": "Drøftes i dialogmøtet."}
    written = kdd.post(f"{a}/responses", {"general": "Departementet støtter forslaget.", "items": [item]}, status=201)
    looked_at = kdd2.get(f"{a}/responses/{written['id']}")
    edited = kdd.post(
        f"{a}/responses",
        {
            "general": "Departementet støtter forslaget med forbehold.",
            "items": [item],
            "lock_version": written["lock_version"],
        },
    )
    assert edited["content_sha256"] != looked_at["content_sha256"]
    # R10: kdd2 approves what they were shown: refused, with the change named and the current hash.
    refused = kdd2.post(f"{a}/responses/{written['id']}/approve", shown(looked_at), status=409)
    assert refused["reasons"] and refused["current_sha256"] == edited["content_sha256"]
    assert refused["changes"] and any("forbehold" in json.dumps(c["ops"], ensure_ascii=False)
                                      for c in refused["changes"])
    assert kdd2.get(f"{a}/responses/{written['id']}")["state"] == "draft"
    now = kdd2.get(f"{a}/responses/{written['id']}")
    assert kdd2.post(f"{a}/responses/{written['id']}/approve", shown(now))["state"] == "approved"
    assert kdd.post(f"{a}/responses/{written['id']}/publish")["state"] == "published"
    approved = ActionLog.objects.get(agreement_id=j.aid, action="agreement.response_approved")
    assert approved.data["content_sha256"] == now["content_sha256"] != looked_at["content_sha256"]


def dialogue_with_county_money(j):
    pm, county, kdd, a = j.pm, j.county, j.kdd, j.a
    assert kdd.post(f"{a}/transitions", {"action": "open_dialogue"})["state"] == "in_dialogue"
    draft = pm.get(f"{a}/draft")
    sub_goal = draft["focus_areas"][0]["sub_goals"][0]["uid"]
    council = j.trysil["county_council"]
    council = council["id"] if isinstance(council, dict) else council
    money = pm.post(
        f"{a}/draft/commitment/",
        {
            "lock_version": draft["lock_version"],
            "parent": sub_goal,
            "party": council,
            "kind": "financial",
            "amount_nok": 400000,
            "text": "Innlandet fylkeskommune bidrar med 400 000 kroner til næringsarbeidet.",
        },
        status=201,
    )
    meeting = kdd.post(
        "/meetings/",
        {"agreement": j.aid, "kind": "dialogue", "title": "Dialogmøte Trysil", "date": j.today,
         "place": "Trysil rådhus"},
        status=201,
    )
    outcomes = [{"item": i["id"], "outcome": "agreed", "text": "Enige i møtet."} for i in meeting["items"]]
    meeting = kdd.post(f"/meetings/{meeting['id']}/outcomes", {"outcomes": outcomes})
    kdd.post(
        f"/meetings/{meeting['id']}",
        {"kind": "dialogue", "title": meeting["title"], "date": j.today, "place": meeting["place"],
         "minutes": "Partene ble enige om teksten.", "lock_version": meeting["lock_version"]},
    )
    # R3 (R11): the county money added in the dialogue blocks agree, by name, until the county confirms it.
    refused = kdd.post(f"{a}/transitions", {"action": "agree"}, status=409)["reasons"]
    assert any("Innlandet" in reason for reason in refused), refused
    county.post(f"{a}/county-confirmations", {"commitment": money["uid"], "note": "Vedtatt i fylkesutvalget."},
                status=201)
    assert kdd.post(f"{a}/transitions", {"action": "agree"})["state"] == "agreed"


def approvals_with_a_wrong_body(j):
    pm, kdd, a = j.pm, j.kdd, j.a
    assert kdd.post(f"{a}/transitions", {"action": "open_approval"})["state"] == "in_approval"
    municipalities = {m["name"]: m["id"] for m in j.trysil["municipalities"]}
    valer = municipalities.pop("Våler kommune")

    def record(api, org, body, **extra):
        return api.post(
            f"{a}/anchoring-decisions",
            {"organisation": org, "body": body, "final_approval": "true", "meeting_date": j.today,
             "minutes": pdf("vedtak.pdf"), **extra},
            status=201,
            multipart=True,
        )

    for org in municipalities.values():
        record(pm, org, "kommunestyre")
    wrong = record(pm, valer, "formannskap", delegation="Delegeringsreglementet § 4", case_number="FS 12/25")
    council = j.trysil["county_council"]
    record(pm, council["id"] if isinstance(council, dict) else council, "fylkesutvalg")
    government = next(o for o in kdd.get("/organisations/?kind=ministry&limit=500")["items"]
                      if o["name"] == "Kommunal- og distriktsdepartementet")
    record(kdd, government["id"], "regjeringen")
    # R4: the executive committee's decision does not complete Våler's approval.
    refused = kdd.post(f"{a}/transitions", {"action": "approve"}, status=409)["reasons"]
    assert any("Våler" in reason for reason in refused), refused
    # R9: corrected with a reason; the wrong one stays, marked, and points at the right one.
    corrected = pm.post(
        f"{a}/anchoring-decisions/{wrong['id']}/correct",
        {"organisation": valer, "body": "kommunestyre", "final_approval": "true", "meeting_date": j.today,
         "case_number": "PS 12/25",
         "correction_reason": "Det var kommunestyret som vedtok avtalen, ikke formannskapet."},
        status=201,
        multipart=True,
    )
    listed = {d["id"]: d for d in all_items(pm, f"{a}/anchoring-decisions")}
    assert listed[wrong["id"]]["record_status"] == RecordStatus.CORRECTED
    assert listed[wrong["id"]]["superseded_by"] == corrected["id"]
    assert AnchoringDecision.objects.filter(pk=wrong["id"]).exists()  # never deleted
    approved = kdd.post(f"{a}/transitions", {"action": "approve"})
    assert approved["state"] == "approved" and approved["approved_at"]


def sign(j):
    kdd, a = j.kdd, j.a
    main_parties = [p["organisation"]["id"] for p in kdd.get(a)["parties"] if p["role"] == "main_party"]
    kdd.post(
        f"{a}/signings",
        {"signed_on": j.today, "organisation": main_parties, "name": [f"Signatar {i}" for i in main_parties],
         "signed_copy": pdf("signert.pdf")},
        status=201,
        multipart=True,
    )


def letter_cut_while_the_approver_looks(j):
    kdd, kdd2 = j.kdd, j.kdd2
    drafted = kdd.post(
        "/letters/",
        {"round": j.trysil["round"], "pilot": j.trysil["id"], "title": "Signering av bygdevekstavtalen",
         "body": "Avtalen er godkjent og signert.",
         "signatories": [{"name": "Avdelingsdirektør KDD", "title": "avdelingsdirektør", "on_behalf": True}]},
        status=201,
    )
    assert len(drafted["recipients"]) > 1
    looked_at = kdd2.get(f"/letters/{drafted['id']}")
    cut = kdd.post(
        f"/letters/{drafted['id']}/recipients",
        {"recipients": [drafted["recipients"][0]["id"]], "lock_version": drafted["lock_version"]},
    )
    refused = kdd2.post(f"/letters/{drafted['id']}/approve", shown(looked_at), status=409)
    assert refused["current_sha256"] == cut["content_sha256"] and refused["changes"]
    assert Letter.objects.get(pk=drafted["id"]).state == "draft"
    now = kdd2.get(f"/letters/{drafted['id']}")
    sent = kdd2.post(f"/letters/{drafted['id']}/approve", shown(now))
    assert sent["state"] == "sent" and len(sent["recipients"]) == 1
    logged = ActionLog.objects.get(action="correspondence.letter_sent", object_id=str(drafted["id"]))
    assert logged.data["content_sha256"] == now["content_sha256"]


def test_trysil_through_the_api_with_its_mistakes_ends_approved_and_signed(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    j = Journey(client)
    for step in (anchor_and_submit, respond_with_a_change_while_the_approver_looks, dialogue_with_county_money,
                 approvals_with_a_wrong_body, sign, letter_cut_while_the_approver_looks):
        step(j)

    final = j.pm.get(j.a)
    assert final["state"] == "approved"
    assert all_items(j.kdd, f"{j.a}/signings")[0]["record_status"] == RecordStatus.IN_FORCE

    # The history through the API tells each mistake and its correction in words, never in codes.
    history = all_items(j.pm, f"{j.a}/history?limit=500")
    told = "\n".join(e["sentence"] + " " + " ".join(f"{d['label']}: {d['value']}" for d in e["details"])
                     for e in history)
    assert "Det var kommunestyret som vedtok avtalen, ikke formannskapet." in told
    assert "Vedtatt i fylkesutvalget." in told
    actions = [e["action"] for e in history]
    for code in ("agreement.record_corrected", "agreement.county_commitment_confirmed", "agreement.response_edited",
                 "agreement.response_approved", "agreement.approve", "agreement.signed"):
        assert code in actions, code
    assert "agreement." not in told and "{'" not in told
    assert [e["id"] for e in history] == sorted((e["id"] for e in history), reverse=True)  # newest first
