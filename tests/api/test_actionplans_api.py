"""Action plans through the API: the same forms, domain functions, permissions and log as the pages."""

import pytest

from bygdevekst.actionplans.domain.plans import current_plan
from bygdevekst.actionplans.models import MeasureStatusChange
from bygdevekst.audit.models import ActionLog


@pytest.fixture
def trysil(demo):
    return demo["pilots"]["Trysil-regionen"].agreement


@pytest.fixture
def plan(trysil):
    return current_plan(trysil)


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _measure_body(trysil, **extra):
    sub_goal = trysil.sub_goals.order_by("pk").first()
    body = {
        "title": "Bredband til grendene",
        "description": "Fiber til alle grender.",
        "sub_goals": [str(sub_goal.uid)],
        "responsible": trysil.pilot.lead_municipality_id,
        "start_year": 2025,
        "start_quarter": 1,
        "end_year": 2026,
        "end_quarter": 4,
        "indicator": "Antall husstander",
        "baseline": "40 %",
        "target": "95 %",
    }
    return {**body, **extra}


def _last_log(action):
    return ActionLog.objects.filter(action=action).order_by("-pk").first()


def test_lists_are_items_and_count_with_limit_and_offset(api_client, trysil, plan):
    client = api_client("trysil")
    plans = client.get(f"/api/v1/agreements/{trysil.pk}/action-plans?limit=1").json()
    assert set(plans) == {"items", "count"} and len(plans["items"]) == 1 and plans["count"] >= 1
    measures = client.get(f"/api/v1/action-plans/{plan.pk}/measures?limit=2&offset=1").json()
    assert measures["count"] == plan.measures.count() and len(measures["items"]) == 2
    assert measures["items"][0]["number"] == sorted(plan.measures.values_list("number", flat=True))[1]
    assert client.get(f"/api/v1/action-plans/{plan.pk}/measures?limit=501").status_code == 422


def test_measure_created_through_the_same_form_and_logged_as_on_the_page(api_client, trysil, plan):
    client = api_client("trysil")
    before = plan.measures.count()
    response = _post(client, f"/api/v1/action-plans/{plan.pk}/measures", _measure_body(trysil))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == max(plan.measures.exclude(pk=body["id"]).values_list("number", flat=True)) + 1
    assert body["title"] == "Bredband til grendene" and body["status"] == "not_started" and body["status_history"] == []
    assert current_plan(trysil).measures.count() == before + 1
    log = _last_log("actionplan.measure_added")
    assert log.actor.username == "trysil" and log.data["measure"]["title"] == "Bredband til grendene"


def test_measure_form_refusal_is_409_with_reasons_and_changes_nothing(api_client, trysil, plan):
    client = api_client("trysil")
    taken = plan.measures.order_by("number").first().number
    before = plan.measures.count()
    response = _post(client, f"/api/v1/action-plans/{plan.pk}/measures", _measure_body(trysil, number=taken))
    assert response.status_code == 409
    body = response.json()
    assert body["reasons"] and str(taken) in body["reasons"][0]
    assert body["errors"][0]["loc"] == ["body", "number"]
    # the end before the start: the form's own rule
    response = _post(
        client, f"/api/v1/action-plans/{plan.pk}/measures", _measure_body(trysil, start_year=2026, end_year=2025)
    )
    assert response.status_code == 409 and response.json()["errors"][0]["loc"] == ["body", "end_year"]
    assert current_plan(trysil).measures.count() == before
    # the schema's own limits: 422
    assert (
        _post(client, f"/api/v1/action-plans/{plan.pk}/measures", _measure_body(trysil, start_quarter=5)).status_code
        == 422
    )


@pytest.mark.parametrize(
    ("username", "status"),
    [("kdd", 403), ("statsforvalter-innlandet", 403), ("politiker-trysil", 403), ("smola", 404), (None, 404)],
)
def test_only_the_project_manager_writes_the_plan(api_client, trysil, plan, username, status):
    client = api_client(username)
    measure = plan.measures.order_by("number").first()
    assert _post(client, f"/api/v1/action-plans/{plan.pk}/measures", _measure_body(trysil)).status_code == status
    assert _post(client, f"/api/v1/action-plans/measures/{measure.pk}/status", {"status": "done"}).status_code == status
    assert _post(client, f"/api/v1/action-plans/{plan.pk}/adopt", {}).status_code == status
    measure.refresh_from_db()
    assert measure.status != "done"


def test_edit_with_the_lock_and_a_stale_edit_is_409(api_client, trysil, plan):
    client = api_client("trysil")
    measure = plan.measures.order_by("number").first()
    got = client.get(f"/api/v1/action-plans/measures/{measure.pk}").json()
    body = {
        k: got[k]
        for k in (
            "number",
            "title",
            "description",
            "sub_goals",
            "responsible",
            "cooperation_parties",
            "start_year",
            "start_quarter",
            "end_year",
            "end_quarter",
            "indicator",
            "baseline",
            "target",
        )
    }
    response = _post(
        client,
        f"/api/v1/action-plans/measures/{measure.pk}",
        {**body, "title": "Nytt namn", "lock_version": got["lock_version"]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Nytt namn" and response.json()["lock_version"] == got["lock_version"] + 1
    assert _last_log("actionplan.measure_changed").data["changes"]["title"]["after"] == "Nytt namn"
    stale = _post(
        client,
        f"/api/v1/action-plans/measures/{measure.pk}",
        {**body, "title": "For seint", "lock_version": got["lock_version"]},
    )
    assert stale.status_code == 409 and stale.json()["reasons"]
    measure.refresh_from_db()
    assert measure.title == "Nytt namn"


def test_status_change_keeps_its_history_and_logs_as_the_page(api_client, trysil, plan):
    client = api_client("trysil")
    measure = plan.measures.exclude(status="delayed").order_by("number").first()
    before = measure.status
    response = _post(
        client,
        f"/api/v1/action-plans/measures/{measure.pk}/status",
        {"status": "delayed", "note": "Leverandør forsinket"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "delayed"
    last = body["status_history"][-1]
    assert (last["from_status"], last["to_status"], last["note"]) == (before, "delayed", "Leverandør forsinket")
    assert MeasureStatusChange.objects.filter(measure_uid=measure.uid, to_status="delayed").exists()
    log = _last_log("actionplan.measure_status_changed")
    assert log.data["status"] == {"before": before, "after": "delayed"}
    assert (
        _post(client, f"/api/v1/action-plans/measures/{measure.pk}/status", {"status": "finished"}).status_code == 422
    )


def test_budget_lines_created_changed_and_removed(api_client, trysil, plan):
    client = api_client("trysil")
    measure = plan.measures.order_by("number").first()
    line = {"year": 2031, "source": "kdd_grant", "planned": 150000, "spent": 0}
    created = _post(client, f"/api/v1/action-plans/measures/{measure.pk}/budget-lines", line)
    assert created.status_code == 201, created.content
    line_id = created.json()["id"]
    twin = _post(client, f"/api/v1/action-plans/measures/{measure.pk}/budget-lines", line)
    assert twin.status_code == 409 and twin.json()["errors"][0]["loc"] == ["body", "year"]
    own_share = _post(
        client, f"/api/v1/action-plans/measures/{measure.pk}/budget-lines", {**line, "source": "municipality"}
    )
    assert own_share.status_code == 409 and own_share.json()["errors"][0]["loc"] == ["body", "organisation"]
    changed = _post(
        client,
        f"/api/v1/action-plans/budget-lines/{line_id}",
        {**line, "spent": 20000, "lock_version": created.json()["lock_version"]},
    )
    assert changed.status_code == 200 and changed.json()["spent"] == 20000
    assert _last_log("actionplan.budget_changed").data["changes"]["spent"] == {"before": 0, "after": 20000}
    removed = _post(client, f"/api/v1/action-plans/budget-lines/{line_id}/delete", {})
    assert removed.status_code == 200
    assert not measure.budget_lines.filter(year=2031).exists()


def test_adopt_then_a_second_adoption_is_refused_with_the_reason(api_client, trysil, plan):
    client = api_client("trysil")
    adopted = _post(client, f"/api/v1/action-plans/{plan.pk}/adopt", {})
    assert adopted.status_code == 200 and adopted.json()["status"] == "adopted"
    assert _last_log("actionplan.adopted").actor.username == "trysil"
    again = _post(client, f"/api/v1/action-plans/{plan.pk}/adopt", {})
    assert again.status_code == 409 and again.json()["reasons"]
    # a change to an adopted plan goes into a new revision, as on the page, and the old id still finds the measure
    measure = plan.measures.order_by("number").first()
    response = _post(client, f"/api/v1/action-plans/{plan.pk}/measures", _measure_body(trysil))
    assert response.status_code == 201
    new_plan = current_plan(trysil)
    assert new_plan.pk != plan.pk and response.json()["plan"] == new_plan.pk
    got = client.get(f"/api/v1/action-plans/measures/{measure.pk}")
    assert got.status_code == 200 and got.json()["plan"] == plan.pk


def test_yearly_report_started_filled_and_submitted(api_client, trysil, plan):
    client = api_client("trysil")
    started = _post(client, f"/api/v1/agreements/{trysil.pk}/yearly-reports", {"year": 2030})
    assert started.status_code == 201, started.content
    report = started.json()
    assert report["status"] == "draft" and len(report["entries"]) == plan.measures.count()
    again = _post(client, f"/api/v1/agreements/{trysil.pk}/yearly-reports", {"year": 2030})
    assert again.status_code == 409 and "2030" in again.json()["reasons"][0]
    entry = report["entries"][0]
    saved = _post(
        client,
        f"/api/v1/yearly-reports/{report['id']}",
        {
            "summary": "Godt år.",
            "lock_version": report["lock_version"],
            "entries": [{"id": entry["id"], "status": "in_progress", "percent": 40, "spent": 12000, "text": "I rute"}],
        },
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["summary"] == "Godt år." and saved.json()["entries"][0]["percent"] == 40
    stale = _post(
        client, f"/api/v1/yearly-reports/{report['id']}", {"summary": "x", "lock_version": report["lock_version"]}
    )
    assert stale.status_code == 409
    stranger = _post(client, f"/api/v1/yearly-reports/{report['id']}", {"entries": [{"id": 999999, "status": "done"}]})
    assert stranger.status_code == 409 and "999999" in stranger.json()["reasons"][0]
    assert (
        _post(
            client,
            f"/api/v1/yearly-reports/{report['id']}",
            {"entries": [{"id": entry["id"], "status": "done", "percent": 101}]},
        ).status_code
        == 422
    )
    assert _post(api_client("kdd"), f"/api/v1/yearly-reports/{report['id']}/submit", {}).status_code == 403
    submitted = _post(client, f"/api/v1/yearly-reports/{report['id']}/submit", {})
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert _last_log("actionplan.report_submitted").data["status"] == {"before": "draft", "after": "submitted"}
    after = _post(client, f"/api/v1/yearly-reports/{report['id']}", {"summary": "Endra"})
    assert after.status_code == 409 and after.json()["reasons"]
    listed = client.get(f"/api/v1/agreements/{trysil.pk}/yearly-reports").json()
    assert report["id"] in [r["id"] for r in listed["items"]]


def test_new_plan_year_and_link_meeting_refusal(api_client, trysil, plan):
    client = api_client("trysil")
    made = _post(client, f"/api/v1/action-plans/{plan.pk}/new-year", {"year": plan.year + 5})
    assert made.status_code == 201 and made.json()["year"] == plan.year + 5
    assert _post(client, f"/api/v1/action-plans/{plan.pk}/new-year", {"year": plan.year + 5}).status_code == 409
    report = _post(client, f"/api/v1/agreements/{trysil.pk}/yearly-reports", {"year": 2031}).json()
    refused = _post(client, f"/api/v1/yearly-reports/{report['id']}/meeting", {"meeting": 999999})
    assert refused.status_code == 409 and refused.json()["reasons"]


def test_follow_up_journey_with_a_token_only(client, trysil, plan):
    """The project manager's follow-up with a bearer token alone (as in docs/api.md): a measure created, its
    status changed, a yearly report filled in and submitted; the log reads as the pages' would."""
    from tests.api.test_walkthrough import _token

    auth = _token("trysil")

    def post(url, body):
        return client.post(url, body, content_type="application/json", headers=auth)

    measure = post(f"/api/v1/action-plans/{plan.pk}/measures", _measure_body(trysil))
    assert measure.status_code == 201, measure.content
    status = post(f"/api/v1/action-plans/measures/{measure.json()['id']}/status", {"status": "in_progress"})
    assert status.status_code == 200 and status.json()["status_history"][-1]["to_status"] == "in_progress"
    report = post(f"/api/v1/agreements/{trysil.pk}/yearly-reports", {"year": 2032})
    assert report.status_code == 201
    entry = next(e for e in report.json()["entries"] if e["number"] == measure.json()["number"])
    assert entry["status"] == "in_progress"  # the report starts from the plan as it stands
    saved = post(
        f"/api/v1/yearly-reports/{report.json()['id']}",
        {
            "summary": "Første år.",
            "entries": [{**{k: entry[k] for k in ("id", "status", "spent", "text")}, "percent": 25}],
        },
    )
    assert saved.status_code == 200
    assert post(f"/api/v1/yearly-reports/{report.json()['id']}/submit", {}).json()["status"] == "submitted"
    actions = list(
        ActionLog.objects.filter(agreement=trysil, actor__username="trysil")
        .order_by("pk")
        .values_list("action", flat=True)
    )[-5:]
    assert actions == [
        "actionplan.measure_added",
        "actionplan.measure_status_changed",
        "actionplan.report_started",
        "actionplan.report_saved",
        "actionplan.report_submitted",
    ]


def test_page_and_api_write_the_same_log_entry(client_for, api_client, trysil, plan):
    """One domain function behind the page's status form and the API: the same action, the same data."""
    first, second = plan.measures.order_by("number")[:2]
    page = client_for("trysil").post(f"/action-plans/measures/{first.pk}/status/", {"status": "done", "note": "Ferdig"})
    assert page.status_code == 302
    by_page = _last_log("actionplan.measure_status_changed")
    api = _post(
        api_client("trysil"), f"/api/v1/action-plans/measures/{second.pk}/status", {"status": "done", "note": "Ferdig"}
    )
    assert api.status_code == 200
    by_api = _last_log("actionplan.measure_status_changed")
    assert by_api.pk != by_page.pk and by_api.agreement_id == by_page.agreement_id == trysil.pk
    assert set(by_api.data) == set(by_page.data)
    assert by_api.data["status"]["after"] == by_page.data["status"]["after"] == "done"
    assert by_api.data["note"] == by_page.data["note"] == "Ferdig"
