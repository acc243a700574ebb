"""An import never renumbers measures: each is matched by its stable id (the file's "Tiltak-ID" column), updated in
place, new rows are created and removed rows retired — so a measure's address and its budget lines survive."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bygdevekst.actionplans.domain.importing import import_plan
from bygdevekst.actionplans.models import BudgetLine, Measure, MeasureStatusChange
from bygdevekst.actionplans.spreadsheet import MEASURE_COLUMNS, SHEET_MEASURES, XLSX_CONTENT_TYPE
from bygdevekst.audit.models import ActionLog
from bygdevekst.search.models import SearchDocument

from .conftest import current_plan, edit, export

COL = {key: i for i, (key, *_rest) in enumerate(MEASURE_COLUMNS, start=1)}


def _upload(content):
    return SimpleUploadedFile("plan.xlsx", content, content_type=XLSX_CONTENT_TYPE)


def test_web_import_keeps_every_measure_id_and_the_api_still_finds_them(trysil_plan, client_for, api_client):
    before = {str(m.uid): m.pk for m in trysil_plan.measures.all()}
    lines_before = set(BudgetLine.objects.filter(measure__plan=trysil_plan).values_list("pk", flat=True))
    assert len(before) >= 2
    first_uid = str(trysil_plan.measures.order_by("number").first().uid)

    def retitle_and_reorder(wb):
        ws = wb[SHEET_MEASURES]
        ws.cell(row=2, column=COL["title"], value="Nye utleieboliger i Trysil sentrum")
        # the last measure moves to the front: every number changes, the ids must not
        numbers = [ws.cell(row=r, column=COL["number"]).value for r in range(2, ws.max_row + 1)]
        for r, n in zip(range(2, ws.max_row + 1), numbers[-1:] + numbers[:-1], strict=True):
            ws.cell(row=r, column=COL["number"], value=n)
        budget = wb["Budsjett"]
        mapping = dict(zip(numbers, numbers[-1:] + numbers[:-1], strict=True))
        for r in range(2, budget.max_row + 1):
            budget.cell(row=r, column=1, value=mapping[budget.cell(row=r, column=1).value])

    response = client_for("trysil").post(
        reverse("actionplans:import", args=[trysil_plan.agreement_id]),
        {"file": _upload(edit(export(trysil_plan), retitle_and_reorder))},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = current_plan(trysil_plan.agreement)
    assert plan.pk == trysil_plan.pk  # a draft: changed in place, no new revision
    after = {str(m.uid): m.pk for m in plan.measures.all()}
    assert after == before  # not one measure renumbered or recreated
    assert Measure.objects.get(pk=before[first_uid]).title == "Nye utleieboliger i Trysil sentrum"
    # renumbering moved the budget with its measure, so the lines themselves were kept
    assert set(BudgetLine.objects.filter(measure__plan=plan).values_list("pk", flat=True)) == lines_before
    # the API answers at the same addresses as before the import (/api/v1/action-plans/measures/<id>)
    api = api_client("trysil")
    listed = api.get(f"/api/v1/action-plans/{plan.pk}/measures", {"limit": 500}).json()
    measures = listed["items"] if isinstance(listed, dict) else listed
    assert {m["uid"]: m["id"] for m in measures} == after
    for uid, pk in before.items():
        one = api.get(f"/api/v1/action-plans/measures/{pk}")
        assert one.status_code == 200 and one.json()["uid"] == uid
    assert api.get(f"/api/v1/action-plans/measures/{before[first_uid]}").json()["title"] == (
        "Nye utleieboliger i Trysil sentrum"
    )


def test_new_rows_are_created_and_removed_rows_retired_with_their_history(trysil_plan, demo):
    measures = list(trysil_plan.measures.order_by("number"))
    gone, kept = measures[-1], measures[:-1]
    gone_uid = str(gone.uid)

    def drop_last_add_one(wb):
        ws = wb[SHEET_MEASURES]
        last = ws.max_row
        ws.cell(row=last, column=COL["number"], value=98)  # the last row becomes a new measure without an id
        ws.cell(row=last, column=COL["title"], value="Ungdomsråd for bygdeutvikling")
        ws.cell(row=last, column=COL["uid"]).value = None  # (cell(value=None) would leave it)
        ws.cell(row=last, column=COL["status"], value="Pågår")
        budget = wb["Budsjett"]
        for r in range(budget.max_row, 1, -1):
            if budget.cell(row=r, column=1).value == gone.number:
                budget.delete_rows(r)

    result = import_plan(
        trysil_plan.agreement, edit(export(trysil_plan), drop_last_add_one), actor=demo["users"]["trysil"]
    )
    assert result.ok and result.changed, result.problems
    plan = current_plan(trysil_plan.agreement)
    assert {m.pk for m in kept} <= set(plan.measures.values_list("pk", flat=True))
    assert not plan.measures.filter(uid=gone_uid).exists()
    new = plan.measures.get(number=98)
    assert new.pk not in {m.pk for m in measures} and new.status == "in_progress"
    assert MeasureStatusChange.objects.filter(measure_uid=new.uid, to_status="in_progress").exists()
    # the retired measure's full record stays in the import's log entry
    entry = ActionLog.objects.filter(action="actionplan.imported").latest("pk")
    assert gone.number in entry.data["removed"] and 98 in entry.data["added"]
    # saved through bulk statements, still indexed at once; the retired one is gone from the index
    assert SearchDocument.objects.filter(kind="measure", object_ref=str(new.pk)).exists()
    assert not SearchDocument.objects.filter(kind="measure", object_ref=str(gone.pk)).exists()
    assert SearchDocument.objects.get(kind="measure", object_ref=str(kept[0].pk)).title.startswith(f"{kept[0].number}.")


def test_an_unchanged_file_changes_nothing_and_a_changed_one_bumps_only_what_changed(trysil_plan, demo):
    measures = list(trysil_plan.measures.order_by("number"))
    versions = {m.pk: m.lock_version for m in measures}

    def retitle_second(wb):
        wb[SHEET_MEASURES].cell(row=3, column=COL["title"], value="Nytt navn")

    result = import_plan(
        trysil_plan.agreement, edit(export(trysil_plan), retitle_second), actor=demo["users"]["trysil"]
    )
    assert result.ok and list(result.summary["changed"]) == [str(measures[1].uid)]
    now = dict(Measure.objects.filter(pk__in=versions).values_list("pk", "lock_version"))
    assert now[measures[1].pk] == versions[measures[1].pk] + 1
    assert all(now[pk] == v for pk, v in versions.items() if pk != measures[1].pk)
    again = import_plan(
        trysil_plan.agreement, export(current_plan(trysil_plan.agreement)), actor=demo["users"]["trysil"]
    )
    assert again.ok and not again.changed
