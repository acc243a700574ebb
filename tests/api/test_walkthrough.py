"""The first steps of docs/api.md's walk-through, with a bearer token only, as the documentation shows them."""

from django.core.management import call_command


def _token(username):
    import io

    out = io.StringIO()
    call_command("create_api_token", username, stdout=out)
    return {"Authorization": f"Bearer {out.getvalue().strip().split()[-1]}"}


def _minutes_pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from weasyprint import HTML

    pdf = HTML(string="<p>Protokoll fra kommunestyret</p>").write_pdf()
    return SimpleUploadedFile("protokoll.pdf", pdf, content_type="application/pdf")


def _undecided(client, auth, pilot):
    decisions = client.get(f"/api/v1/agreements/{pilot['agreement']}/anchoring-decisions", headers=auth).json()["items"]
    decided = {d["organisation"]["id"] if isinstance(d["organisation"], dict) else d["organisation"] for d in decisions}
    return [m for m in pilot["municipalities"] if m["id"] not in decided]


def test_new_user_walkthrough_with_a_token_only(demo, client):
    auth = _token("trysil")
    pilots = client.get("/api/v1/pilots/?round=2", headers=auth).json()
    assert pilots["count"] == 5
    trysil = next(p for p in pilots["items"] if p["name"] == "Trysil-regionen")
    assert demo["pilots"]["Trysil-regionen"].agreement.state == "draft"

    versions = client.get(f"/api/v1/agreements/{trysil['agreement']}/versions/", headers=auth)
    assert versions.status_code == 200 and versions.json()["count"] >= 1

    undecided = _undecided(client, auth, trysil)
    assert undecided, "the demo leaves a Trysil municipality without a decision"

    # Premature submission: 409, problem+json, with a reason naming the municipality.
    response = client.post(
        f"/api/v1/agreements/{trysil['agreement']}/transitions", {"action": "submit"},
        content_type="application/json", headers=auth,
    )
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 409 and body["title"]
    assert any(undecided[0]["name"].split()[0] in reason for reason in body["reasons"])

    # Record the missing anchoring decision.
    response = client.post(
        f"/api/v1/agreements/{trysil['agreement']}/anchoring-decisions",
        {"organisation": undecided[0]["id"], "body": "kommunestyre", "meeting_date": "2024-11-14",
         "approves_proposal": "true", "decision_text": "Kommunestyret slutter seg til forslaget.",
         "minutes": _minutes_pdf()},
        headers=auth,
    )
    assert response.status_code == 201, response.content
    assert not _undecided(client, auth, trysil)


def test_these_requests_are_the_documented_walk_through_s_first_steps_in_order():
    from .journey import in_order, walkthrough_requests

    made_here = [
        ("GET", "/pilots/?round=2"),
        ("GET", "/agreements/6/versions/"),
        ("POST", "/agreements/6/transitions"),
        ("POST", "/agreements/6/anchoring-decisions"),
    ]
    documented = walkthrough_requests()
    assert in_order(made_here, documented) is None
    assert documented[0] == made_here[0] and documented[-1][1].startswith("/letters/")
