"""A round's overview, anchoring matrix, action plans and case log as .xlsx and .csv.

Each export is a Table (title, columns with a header and a width in characters, rows). The .xlsx is set
up to print on A4 landscape, one page wide, with the header row repeated, written row by row (write-only) into a
temporary file that is streamed; the .csv is streamed row by row,
semicolon-separated with a BOM (what Excel in Norway opens with æøå and Sami letters right), and no cell
can start a formula.
"""

import csv
import tempfile
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from bygdevekst.core.cells import csv_value, xlsx_cell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    title: str
    columns: list  # [(header, width in characters)]
    rows: list  # [[cell, …]]


def xlsx_file(tables):
    """The tables as .xlsx in a temporary file, open at its start, for a FileResponse to stream (and close)."""
    out = tempfile.TemporaryFile()
    write_xlsx(tables, out)
    out.seek(0)
    return out


def write_xlsx(tables, out):
    """Write the workbook row by row (openpyxl's write-only mode: no sheet is kept in memory)."""
    wb = Workbook(write_only=True)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F0")
    wrap = Alignment(wrap_text=True, vertical="top")
    for table in tables:
        ws = wb.create_sheet(table.title[:31])
        for i, (_header, width) in enumerate(table.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages down as it takes
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.gridLines = True
        ws.oddHeader.center.text = table.title
        ws.oddFooter.right.text = "&P / &N"
        ws.append([xlsx_cell(ws, header, font=bold, fill=fill, alignment=wrap) for header, _width in table.columns])
        for row in table.rows:
            ws.append([xlsx_cell(ws, v, alignment=wrap) for v in row])
    wb.save(out)


class _Echo:
    def write(self, value):
        return value


def csv_lines(table):
    """The CSV one line at a time, for a StreamingHttpResponse."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([header for header, _width in table.columns])
    for row in table.rows:
        yield writer.writerow(["" if v is None else csv_value(v) for v in row])
