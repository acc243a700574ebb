"""One rule for every spreadsheet and CSV the platform writes (core/cells.py): text a spreadsheet program could
read as a formula stays text. In .xlsx it is marked text (quote prefix) and reads back exactly as written; in CSV
it gets a leading apostrophe, the only way a CSV can say so."""

import csv
import io

from openpyxl import load_workbook

from bygdevekst.programme.exports import Table, csv_lines, write_xlsx

FORMULA = '=HYPERLINK("http://x.example")'


def _table():
    return Table(title="Oversikt", columns=[("Navn", 20), ("Tall", 8)], rows=[[FORMULA, 3], ["Trysil", 4]])


def test_a_rounds_xlsx_keeps_formula_like_text_as_the_text_written():
    out = io.BytesIO()
    write_xlsx([_table()], out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    cell = sheet["A2"]
    assert cell.value == FORMULA  # no apostrophe written into the text itself
    assert cell.data_type == "s" and cell.quotePrefix
    assert sheet["A3"].value == "Trysil" and not sheet["A3"].quotePrefix
    assert sheet["B2"].value == 3


def test_a_rounds_csv_prefixes_formula_like_text():
    rows = list(csv.reader(io.StringIO("".join(csv_lines(_table())).lstrip("\ufeff")), delimiter=";"))
    assert rows[1] == ["'" + FORMULA, "3"]
    assert rows[2] == ["Trysil", "4"]
