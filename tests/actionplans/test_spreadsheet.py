"""Spreadsheet round-trip: export → import → identical plan; every refusal is row-exact and saves nothing."""

import pytest
from django.utils import translation

from bygdevekst.actionplans.domain.importing import import_plan
from bygdevekst.actionplans.domain.plans import current_plan
from bygdevekst.actionplans.domain.snapshot import plan_data
from bygdevekst.actionplans.enums import PlanStatus
from bygdevekst.actionplans.models import ActionPlan, MeasureStatusChange
from bygdevekst.actionplans.spreadsheet import SHEET_BUDGET, SHEET_COVER, SHEET_MEASURES
from bygdevekst.audit.models import ActionLog

from .conftest import edit, export


@pytest.fixture(autouse=True)
def english_messages():
    """The refusals below are asserted on the English source wording; test_messages_are_norwegian_by_default
    checks the bokmål a user actually gets."""
    with translation.override("en"):
        yield


def test_export_has_cover_measures_and_budget_sheets_without_timestamps(trysil_plan):
    import datetime
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(export(trysil_plan)))
    assert wb.sheetnames == [SHEET_COVER, SHEET_MEASURES, SHEET_BUDGET]
    cover = {row[0]: row[1] for row in wb[SHEET_COVER].iter_rows(min_row=3, values_only=True)}
    assert cover["Avtale-ID"] == trysil_plan.agreement_id
    assert cover["Pilot"] == "Trysil-regionen"
    assert cover["Planår"] == trysil_plan.year and cover["Revisjon"] == trysil_plan.revision
    assert cover["Versjon"] == trysil_plan.lock_version
    measures = list(wb[SHEET_MEASURES].iter_rows(min_row=2, values_only=True))
    assert len(measures) == trysil_plan.measures.count() > 0
    assert measures[0][3] == "1.1"  # readable sub-goal code beside the uid
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            assert not any(isinstance(v, datetime.datetime | datetime.date) for v in row)


def test_round_trip_export_import_gives_identical_plan(trysil_plan, demo):
    before = plan_data(trysil_plan)
    logs = ActionLog.objects.count()
    result = import_plan(trysil_plan.agreement, export(trysil_plan), actor=demo["users"]["trysil"])
    assert result.ok and not result.changed and not result.new_revision
    plan = current_plan(trysil_plan.agreement)
    assert plan.pk == trysil_plan.pk and plan.lock_version == trysil_plan.lock_version
    assert plan_data(plan) == before
    # One log row: the import, saying nothing changed.
    new_logs = list(ActionLog.objects.order_by("pk")[logs:])
    assert [entry.action for entry in new_logs] == ["actionplan.imported"]
    assert new_logs[0].data["changed"] is False


def test_edited_file_is_imported_and_changes_show(trysil_plan, demo):
    content = export(trysil_plan)

    def change(wb):
        ws = wb[SHEET_MEASURES]
        ws["B2"] = "Nye utleieboliger i Trysil sentrum"
        ws["O2"] = "Pågår"
        row = ws.max_row + 1
        ws.cell(row=row, column=1, value=99)
        ws.cell(row=row, column=2, value="Ungdomsråd for bygdeutvikling")
        ws.cell(row=row, column=4, value="2.1")
        ws.cell(row=row, column=6, value="Våler kommune")
        bs = wb[SHEET_BUDGET]
        r = bs.max_row + 1
        for col, value in enumerate([99, 2026, "KDD-tilskudd", None, 125000, 0], start=1):
            bs.cell(row=r, column=col, value=value)

    result = import_plan(trysil_plan.agreement, edit(content, change), actor=demo["users"]["trysil"])
    assert result.ok and result.changed and not result.new_revision
    plan = current_plan(trysil_plan.agreement)
    first = plan.measures.get(number=1)
    assert first.title == "Nye utleieboliger i Trysil sentrum" and first.status == "in_progress"
    new = plan.measures.get(number=99)
    assert new.responsible.name == "Våler kommune"
    assert [(b.year, b.source, b.planned) for b in new.budget_lines.all()] == [(2026, "kdd_grant", 125000)]
    assert MeasureStatusChange.objects.filter(measure_uid=first.uid, to_status="in_progress").exists()
    assert result.summary["added"] == [99]
    # And the edited plan round-trips too.
    again = import_plan(plan.agreement, export(plan), actor=demo["users"]["trysil"])
    assert again.ok and not again.changed


def test_import_into_frozen_plan_creates_new_draft_revision(trysil_plan, demo):
    from bygdevekst.actionplans.domain.plans import freeze_with_proposal

    frozen = freeze_with_proposal(trysil_plan.agreement)
    frozen_data = plan_data(frozen)
    content = export(frozen)
    unchanged = import_plan(frozen.agreement, content, actor=demo["users"]["trysil"])
    assert unchanged.ok and not unchanged.changed and unchanged.plan.pk == frozen.pk  # no new revision

    def change(wb):
        wb[SHEET_MEASURES]["B2"] = "Endret etter innsending"

    result = import_plan(frozen.agreement, edit(content, change), actor=demo["users"]["trysil"])
    assert result.ok and result.new_revision
    frozen.refresh_from_db()
    assert frozen.status == PlanStatus.FROZEN and plan_data(frozen) == frozen_data
    new = current_plan(frozen.agreement)
    assert new.pk != frozen.pk and new.revision == frozen.revision + 1 and new.status == PlanStatus.DRAFT
    assert new.measures.get(number=1).title == "Endret etter innsending"
    # Measures keep their uids across revisions.
    assert {m.uid for m in new.measures.all()} == {m.uid for m in frozen.measures.all()}


def _refused(plan, content, demo):
    before = plan_data(plan)
    revisions = ActionPlan.objects.filter(agreement=plan.agreement).count()
    result = import_plan(plan.agreement, content, actor=demo["users"]["trysil"])
    assert not result.ok
    plan.refresh_from_db()
    assert plan_data(plan) == before
    assert ActionPlan.objects.filter(agreement=plan.agreement).count() == revisions
    return [p.as_dict() for p in result.problems]


def _set(sheet, cell, value):
    def change(wb):
        wb[sheet][cell] = value

    return change


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "row", "column", "words"),
    [
        (SHEET_MEASURES, "E2", "00000000-0000-0000-0000-000000000000", 2, "E", "sub-goal"),
        (SHEET_MEASURES, "D2", "9.9", None, None, None),  # uid column wins; codes are only a fallback
        (SHEET_MEASURES, "F2", "Oslo kommune", 2, "F", "not a party"),
        (SHEET_MEASURES, "G2", "Våler kommune; Ukjent AS", 2, "G", "not a party"),
        (SHEET_MEASURES, "I2", 5, 2, "I", "above 4"),
        (SHEET_MEASURES, "H2", "neste år", 2, "H", "whole number"),
        (SHEET_MEASURES, "J2", 2001, 2, "J", "ends before it starts"),
        (SHEET_MEASURES, "O2", "Kanskje", 2, "O", "status"),
        (SHEET_MEASURES, "B2", None, 2, "B", "title"),
        (SHEET_MEASURES, "C1", "Omtale", 1, "C", "header"),
        (SHEET_BUDGET, "E2", -5000, 2, "E", "negative"),
        (SHEET_BUDGET, "F2", 12.5, 2, "F", "whole number"),
        (SHEET_BUDGET, "C2", "Sparebanken", 2, "C", "financing source"),
        (SHEET_BUDGET, "A2", 77, 2, "A", "no measure number 77"),
        (SHEET_BUDGET, "B2", 1850, 2, "B", "below 2000"),
        (SHEET_COVER, "B3", 999999, 3, "B", "another agreement"),
        (SHEET_COVER, "B8", 12345, 8, "B", "changed since this file was exported"),
    ],
)
def test_bad_row_is_refused_row_exact_and_nothing_saved(trysil_plan, demo, sheet, cell, value, row, column, words):
    content = edit(export(trysil_plan), _set(sheet, cell, value))
    if words is None:
        result = import_plan(trysil_plan.agreement, content, actor=demo["users"]["trysil"])
        assert result.ok
        return
    problems = _refused(trysil_plan, content, demo)
    assert any(p["sheet"] == sheet and p["row"] == row and p["column"] == column for p in problems), problems
    message = next(p["message"] for p in problems if p["row"] == row and p["column"] == column)
    assert sheet in message and f"row {row}" in message and f"column {column}" in message
    assert words in message, message


def test_municipal_share_must_name_a_municipality_party(trysil_plan, demo):
    def change(wb):
        bs = wb[SHEET_BUDGET]
        r = bs.max_row + 1
        for col, value in enumerate([1, 2027, "Kommunal egenandel", "Innlandet fylkeskommune", 1000, 0], start=1):
            bs.cell(row=r, column=col, value=value)

    problems = _refused(trysil_plan, edit(export(trysil_plan), change), demo)
    assert problems[0]["column"] == "D" and "not a municipality" in problems[0]["message"]


def test_duplicate_measure_number_is_refused(trysil_plan, demo):
    problems = _refused(trysil_plan, edit(export(trysil_plan), _set(SHEET_MEASURES, "A3", 1)), demo)
    assert any(p["row"] == 3 and p["column"] == "A" and "twice" in p["message"] for p in problems)


def test_missing_sheet_is_refused(trysil_plan, demo):
    def drop(wb):
        del wb[SHEET_BUDGET]

    problems = _refused(trysil_plan, edit(export(trysil_plan), drop), demo)
    assert SHEET_BUDGET in problems[0]["message"] and "missing" in problems[0]["message"]


def test_not_an_xlsx_is_refused(trysil_plan, demo):
    problems = _refused(trysil_plan, b"Nr;Tiltak\n1;Noe\n", demo)
    assert "not an Excel workbook" in problems[0]["message"]
    problems = _refused(trysil_plan, b"PK\x03\x04broken zip", demo)
    assert "damaged" in problems[0]["message"]


def test_too_big_is_refused(trysil_plan, demo, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    problems = _refused(trysil_plan, export(trysil_plan), demo)
    assert "largest allowed" in problems[0]["message"]


def test_all_problems_are_reported_at_once(trysil_plan, demo):
    def change(wb):
        wb[SHEET_MEASURES]["I2"] = 7
        wb[SHEET_BUDGET]["E3"] = -1

    problems = _refused(trysil_plan, edit(export(trysil_plan), change), demo)
    assert {(p["sheet"], p["row"], p["column"]) for p in problems} >= {(SHEET_MEASURES, 2, "I"), (SHEET_BUDGET, 3, "E")}


def test_text_that_looks_like_a_formula_stays_text_and_round_trips(trysil_plan, demo, client_for):
    from bygdevekst.actionplans.models import Measure

    Measure.objects.filter(plan=trysil_plan, number=1).update(title="=HYPERLINK(\"http://x.example\")",
                                                              description="+47 22 24 90 90")
    before = plan_data(trysil_plan)
    content = export(trysil_plan)
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content))[SHEET_MEASURES]
    cell = sheet["B2"]
    assert cell.data_type == "s" and cell.quotePrefix  # text, and marked so when a spreadsheet program saves it
    description = next(c for c in sheet[2] if c.value == "+47 22 24 90 90")
    assert description.data_type == "s" and description.quotePrefix
    assert not sheet["A2"].quotePrefix  # (plain values carry no prefix)
    result = import_plan(trysil_plan.agreement, content, actor=demo["users"]["trysil"])
    assert result.ok and not result.changed and plan_data(trysil_plan) == before
    csv_text = client_for("kdd").get("/action-plans/overview.csv").getvalue().decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    overview = load_workbook(io.BytesIO(client_for("kdd").get("/action-plans/overview.xlsx").getvalue())).active
    title = next(c for row in overview.iter_rows(min_row=2) for c in row if c.value == '=HYPERLINK("http://x.example")')
    assert title.data_type == "s" and title.quotePrefix  # the streamed (write-only) overview keeps the prefix too


def test_messages_are_norwegian_by_default(trysil_plan, demo):
    with translation.override("nb"):
        content = edit(export(trysil_plan), _set(SHEET_MEASURES, "E2", "00000000-0000-0000-0000-000000000000"))
        problems = _refused(trysil_plan, content, demo)
    message = problems[0]["message"]
    assert message.startswith(f"Ark «{SHEET_MEASURES}», rad 2, kolonne E"), message
    assert "ukjent delmål" in message
