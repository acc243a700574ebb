"""Open data: approved agreements (final text) and action plans per round, public, no drafts, no people."""

import csv
import io
import json

from bygdevekst.agreements.models import Agreement


def _json(response):
    """The answer's JSON; the datasets are streamed (getvalue() reads a streamed answer too)."""
    assert response.streaming
    return json.loads(response.getvalue())


def approved(round_number):
    return Agreement.objects.filter(pilot__round__number=round_number, state__in=("approved", "ended"))


def test_agreements_json_has_every_approved_agreement_with_its_final_version(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):  # the texts are read while the answer streams: counted too
        response = client.get("/open-data/rounds/1/agreements.json")
        assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
        data = _json(response)
    assert data["licence"]["name"] == "NLOD 2.0" and data["round"] == 1
    assert {i["agreement_id"] for i in data["items"]} == set(approved(1).values_list("pk", flat=True))
    for item in data["items"]:
        version = Agreement.objects.get(pk=item["agreement_id"]).versions.filter(kind="final").latest("number")
        assert item["version"]["number"] == version.number and item["version"]["sha256"] == version.sha256
        assert item["focus_areas"] and item["parties"]


def test_no_drafts(client, demo):
    drafts = Agreement.objects.filter(pilot__round__number=2).exclude(state__in=("approved", "ended"))
    assert drafts.exists()
    data = _json(client.get("/open-data/rounds/2/agreements.json"))
    assert not {i["agreement_id"] for i in data["items"]} & set(drafts.values_list("pk", flat=True))
    for draft in drafts.select_related("pilot"):
        assert draft.pilot.name not in client.get("/open-data/rounds/2/agreements.csv").getvalue().decode()


def test_the_final_text_not_the_living_draft(client, db):
    from bygdevekst.agreements.models import Section

    agreement = approved(1).first()
    Section.objects.create(agreement=agreement, title="Hemmelig utkast", body="Ikke vedtatt.", position=99)
    assert "Hemmelig utkast" not in client.get("/open-data/rounds/1/agreements.json").getvalue().decode()


def test_no_personal_data(client, demo):
    texts = "".join(
        client.get(url).getvalue().decode()
        for url in (
            "/open-data/rounds/1/agreements.json",
            "/open-data/rounds/1/agreements.csv",
            "/open-data/rounds/1/action-plans.json",
            "/open-data/rounds/1/action-plans.csv",
            "/open-data/rounds/2/agreements.json",
            "/open-data/rounds/2/action-plans.json",
        )
    )
    for user in demo["users"].values():
        assert user.email not in texts
        if user.first_name and user.last_name:
            assert user.get_full_name() not in texts
    assert "created_by" not in texts and "submitted_by" not in texts


def test_agreements_csv_one_row_per_commitment(client, db):
    response = client.get("/open-data/rounds/1/agreements.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    items = _json(client.get("/open-data/rounds/1/agreements.json"))["items"]
    commitments = sum(len(sg["commitments"]) for i in items for fa in i["focus_areas"] for sg in fa["sub_goals"])
    assert len(rows) == commitments > 0
    assert {"round", "pilot", "agreement_id", "commitment_uid", "party_org_number", "text"} <= set(rows[0])
    assert any(ch in text for ch in "æøå")  # Norwegian letters intact


def test_action_plans_of_approved_agreements_only(client, db):
    from django.apps import apps

    data = _json(client.get("/open-data/rounds/1/action-plans.json"))
    ids = set(approved(1).values_list("pk", flat=True))
    assert {i["agreement_id"] for i in data["items"]} <= ids
    ActionPlan = apps.get_model("actionplans", "ActionPlan")
    for item in data["items"]:
        assert item["plan_status"] != "draft"
        plan = ActionPlan.objects.get(
            agreement_id=item["agreement_id"], year=item["plan_year"], revision=item["plan_revision"]
        )
        assert len(item["measures"]) == plan.measures.count()
    round2 = _json(client.get("/open-data/rounds/2/action-plans.json"))
    assert {i["agreement_id"] for i in round2["items"]} <= set(approved(2).values_list("pk", flat=True))
    response = client.get("/open-data/rounds/1/action-plans.csv")
    assert response.status_code == 200
    header = next(csv.reader(io.StringIO(response.getvalue().decode().lstrip("\ufeff"))))
    assert header[:3] == ["round", "pilot", "agreement_id"]


def test_unknown_round_is_404(client, db):
    assert client.get("/open-data/rounds/99/agreements.json").status_code == 404
    assert client.get("/open-data/rounds/99/action-plans.csv").status_code == 404


def test_downloads_are_read_only(client, db):
    assert client.post("/open-data/rounds/1/agreements.json").status_code == 405


def test_description_page(client_for, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client_for(None).get("/open-data/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "NLOD 2.0" in html and 'href="/open-data/rounds/2/agreements.json"' in html
    assert 'href="/open-data/rounds/2/agreements.csv"' in html and "<caption>" in html
    assert 'href="/open-data/"' in client_for(None).get("/").content.decode()  # in the menu


def test_each_final_version_has_its_own_file_and_the_round_file_only_the_current_text(client, db):
    from bygdevekst.agreements.models import AgreementVersion

    agreement = approved(1).first()
    finals = list(agreement.versions.filter(kind="final").order_by("-number"))
    item = next(
        i
        for i in _json(client.get("/open-data/rounds/1/agreements.json"))["items"]
        if i["agreement_id"] == agreement.pk
    )
    assert [v["number"] for v in item["versions"]] == [v.number for v in finals]
    assert item["version"]["number"] == finals[0].number
    for ref in item["versions"]:
        path = ref["file"].removeprefix("http://testserver")
        assert path == f"/open-data/rounds/1/agreements/{agreement.pk}/versions/{ref['number']}.json"
        response = client.get(path)
        assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
        one = json.loads(response.content)
        version = AgreementVersion.objects.get(agreement=agreement, number=ref["number"])
        assert one["item"]["version"]["sha256"] == version.sha256 == ref["sha256"]
        assert one["item"]["title"] == version.content.get("title", agreement.title)
        assert one["licence"]["name"] == "NLOD 2.0"


def test_a_version_file_is_only_for_a_final_version_of_an_approved_agreement_of_that_round(client, demo):
    agreement = approved(1).first()
    final = agreement.versions.filter(kind="final").latest("number")
    base = f"/open-data/rounds/1/agreements/{agreement.pk}/versions"
    assert client.get(f"{base}/{final.number}.json").status_code == 200
    assert client.get(f"/open-data/rounds/2/agreements/{agreement.pk}/versions/{final.number}.json").status_code == 404
    not_final = agreement.versions.exclude(kind="final").first()
    if not_final is not None:
        assert client.get(f"{base}/{not_final.number}.json").status_code == 404
    assert client.get(f"{base}/999.json").status_code == 404
    draft = Agreement.objects.filter(pilot__round__number=2).exclude(state__in=("approved", "ended")).first()
    number = draft.versions.order_by("-number").values_list("number", flat=True).first() or 1
    assert client.get(f"/open-data/rounds/2/agreements/{draft.pk}/versions/{number}.json").status_code == 404


def test_the_round_files_stream(client, db):
    for url in (
        "/open-data/rounds/1/agreements.json",
        "/open-data/rounds/1/agreements.csv",
        "/open-data/rounds/1/action-plans.json",
        "/open-data/rounds/1/action-plans.csv",
    ):
        response = client.get(url)
        assert response.status_code == 200 and response.streaming, url
        assert response["Cache-Control"].startswith("public") and response["Access-Control-Allow-Origin"] == "*"
