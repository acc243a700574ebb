"""The API's export/import with row-exact refusals, read endpoints, and the PDF/A and .docx exports."""

import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bygdevekst.actionplans.domain.plans import current_plan
from bygdevekst.actionplans.domain.snapshot import plan_data
from bygdevekst.actionplans.spreadsheet import SHEET_BUDGET, SHEET_MEASURES
from bygdevekst.audit.models import ActionLog

from .conftest import edit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export_url(agreement):
    return f"/api/v1/agreements/{agreement.pk}/action-plan/export.xlsx"


def _import_url(agreement):
    return f"/api/v1/agreements/{agreement.pk}/action-plan/import"


def _upload(content):
    return {"file": SimpleUploadedFile("plan.xlsx", content, content_type=XLSX)}


def test_api_export_then_import_round_trip(api_client, trysil):
    client = api_client("trysil")
    response = client.get(_export_url(trysil))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert ".xlsx" in response["Content-Disposition"]
    before = plan_data(current_plan(trysil))
    result = client.post(_import_url(trysil), _upload(response.getvalue()))
    assert result.status_code == 200, result.content
    assert result.json()["changed"] is False and result.json()["new_revision"] is False
    assert plan_data(current_plan(trysil)) == before
    assert ActionLog.objects.filter(action="actionplan.exported", data__format="xlsx").exists()


def test_api_import_refusal_has_row_exact_errors_and_changes_nothing(api_client, trysil):
    client = api_client("trysil")
    content = client.get(_export_url(trysil)).getvalue()

    def change(wb):
        wb[SHEET_MEASURES]["F3"] = "Ukjent kommune"
        wb[SHEET_BUDGET]["E2"] = -1

    before = plan_data(current_plan(trysil))
    response = client.post(_import_url(trysil), _upload(edit(content, change)))
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    errors = response.json()["errors"]
    assert {(e["sheet"], e["row"], e["column"]) for e in errors} == {(SHEET_MEASURES, 3, "F"), (SHEET_BUDGET, 2, "E")}
    assert all(e["message"] for e in errors)
    assert plan_data(current_plan(trysil)) == before


def test_api_import_of_a_file_from_an_older_state_of_the_plan_is_a_conflict(api_client, client_for, trysil):
    """A file exported before the plan changed (another import, an edit) is refused as a conflict, 409 with the
    reason and the row-exact cell, whether the change came before the import started or while it waited for the
    lock (tests/integrity/test_races.py); nothing changes."""
    client = api_client("trysil")
    content = client.get(_export_url(trysil)).getvalue()
    changed = edit(content, lambda wb: wb[SHEET_MEASURES].cell(row=2, column=3, value="Endret i regnearket"))
    assert client.post(_import_url(trysil), _upload(changed)).status_code == 200
    before = plan_data(current_plan(trysil))
    again = edit(content, lambda wb: wb[SHEET_MEASURES].cell(row=2, column=3, value="Endret en gang til"))
    response = client.post(_import_url(trysil), _upload(again))
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["reasons"] and "Eksporter planen på nytt" in body["detail"]  # (the project manager reads bokmål)
    assert [(e["sheet"], e["column"]) for e in body["errors"]] == [("Forside", "B")]
    assert plan_data(current_plan(trysil)) == before
    page = client_for("trysil").post(reverse("actionplans:import", args=[trysil.pk]),
                                     {"file": SimpleUploadedFile("plan.xlsx", again, content_type=XLSX)})
    assert page.status_code == 409 and "Eksporter planen på nytt" in page.content.decode()  # the page says the same
    assert plan_data(current_plan(trysil)) == before


def test_api_import_not_xlsx_and_missing_file(api_client, trysil):
    client = api_client("trysil")
    bad = client.post(_import_url(trysil), _upload(b"not a spreadsheet"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["sheet"] == ""
    assert client.post(_import_url(trysil), {}).status_code in (400, 422)


@pytest.mark.parametrize(("username", "export_status", "import_status"),
                         [("kdd", 200, 403), ("statsforvalter-innlandet", 200, 403), ("smola", 404, 404), (None, 404, 404)])
def test_api_permissions(api_client, trysil, username, export_status, import_status):
    content = api_client("trysil").get(_export_url(trysil)).getvalue()
    client = api_client(username)
    assert client.get(_export_url(trysil)).status_code == export_status
    response = client.post(_import_url(trysil), _upload(content))
    assert response.status_code in ((import_status,) if username else (import_status, 401))


def test_api_read_endpoints(api_client, trysil):
    client = api_client("kdd")
    plan = client.get(f"/api/v1/agreements/{trysil.pk}/action-plan").json()
    assert plan["agreement"] == trysil.pk and plan["measures"]
    m = plan["measures"][0]
    assert m["sub_goals"] and m["budget"] and isinstance(m["budget"][0]["planned"], int)
    plans = client.get(f"/api/v1/agreements/{trysil.pk}/action-plans").json()
    assert plans["items"][0]["id"] == plan["id"] and plans["count"] == len(plans["items"])
    measures = client.get(f"/api/v1/action-plans/{plan['id']}/measures").json()
    assert [x["number"] for x in measures["items"]] == [x["number"] for x in plan["measures"]]
    assert api_client("smola").get(f"/api/v1/action-plans/{plan['id']}/measures").status_code == 404


def test_api_paths_are_in_openapi(client_for):
    paths = client_for(None).get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/agreements/{agreement_id}/action-plan/export.xlsx" in paths
    assert "/api/v1/agreements/{agreement_id}/action-plan/import" in paths


def test_import_page_refuses_with_row_exact_messages_and_accepts_good_file(client_for, trysil):
    client = client_for("trysil")
    plan = current_plan(trysil)
    content = client.get(reverse("actionplans:export_xlsx", args=[plan.pk])).getvalue()
    before = plan_data(plan)
    bad = client.post(reverse("actionplans:import", args=[trysil.pk]),
                      _upload(edit(content, lambda wb: wb[SHEET_MEASURES].__setitem__("I2", 9))))
    assert bad.status_code == 422
    body = bad.content.decode()
    assert "error-summary" in body and "rad 2" in body and "kolonne I" in body and SHEET_MEASURES in body
    assert plan_data(current_plan(trysil)) == before
    good = client.post(reverse("actionplans:import", args=[trysil.pk]),
                       _upload(edit(content, lambda wb: wb[SHEET_MEASURES].__setitem__("B2", "Ny tittel"))))
    assert good.status_code == 302
    assert current_plan(trysil).measures.get(number=1).title == "Ny tittel"


def test_pdf_export_is_pdfa_with_embedded_fonts(client_for, trysil, tmp_path):
    plan = current_plan(trysil)
    response = client_for("trysil").get(reverse("actionplans:export_pdf", args=[plan.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "plan.pdf"
    path.write_bytes(response.content)
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    assert "pdfaid:part" in meta and ("3</pdfaid:part>" in meta or 'pdfaid:part="3"' in meta)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows)  # every font embedded
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    assert plan.measures.get(number=1).title in text
    assert ActionLog.objects.filter(action="actionplan.exported", data__format="pdf").exists()


def test_docx_export_opens_and_carries_the_measures(client_for, demo):
    from docx import Document

    agreement = demo["pilots"]["Nord-Troms"].agreement
    plan = current_plan(agreement)
    response = client_for("kafjord").get(reverse("actionplans:export_docx", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    for m in plan.measures.all():
        assert m.title in text
    assert "Gáivuotna - Kåfjord - Kaivuono kommune" in text
