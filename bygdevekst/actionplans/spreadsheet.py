"""The action plan as a spreadsheet (.xlsx): export, and parsing an edited file back.

Every layout decision — sheet names, header texts, column order, the labels of statuses and financing
sources — lives in the LAYOUT section below, so that KDD's own template can be adopted by changing
those constants (see docs/architecture.md, "Action-plan spreadsheet"). The header texts are the file
format, not user interface: they stay Norwegian whatever the user's language, so a file exported in one
language imports in another. Cells carry no timestamps: an unchanged file re-imports as an unchanged plan.
"""

import io
import tempfile
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from bygdevekst.access.uploads import validate_xlsx_upload
from bygdevekst.core.cells import xlsx_cell

from .enums import FundingSource, MeasureStatus

# ==== LAYOUT (adapt here to KDD's template) ===================================================
SHEET_COVER = "Forside"
SHEET_MEASURES = "Tiltak"
SHEET_BUDGET = "Budsjett"
COVER_TITLE = "Handlingsplan for bygdevekstavtale"
# Cover: label in column A, value in column B, from row 3 on. Order is free on import (found by label).
COVER_FIELDS = [
    ("agreement_id", "Avtale-ID"),
    ("agreement", "Avtale"),
    ("pilot", "Pilot"),
    ("year", "Planår"),
    ("revision", "Revisjon"),
    ("version", "Versjon"),
    ("status", "Status"),
]
COVER_FIRST_ROW = 3
# (key, header, width). Header row is row 1; data from row 2.
MEASURE_COLUMNS = [
    ("number", "Nr.", 6),
    ("title", "Tiltak", 40),
    ("description", "Beskrivelse", 50),
    ("sub_goal_codes", "Delmål", 10),
    ("sub_goal_uids", "Delmål-ID", 38),
    ("responsible", "Ansvarlig", 30),
    ("cooperation", "Samarbeidsparter", 40),
    ("start_year", "Startår", 8),
    ("start_quarter", "Startkvartal", 8),
    ("end_year", "Sluttår", 8),
    ("end_quarter", "Sluttkvartal", 8),
    ("indicator", "Forventet resultat / indikator", 40),
    ("baseline", "Utgangsverdi", 16),
    ("target", "Mål", 16),
    ("status", "Status", 14),
    ("uid", "Tiltak-ID", 38),
]
BUDGET_COLUMNS = [
    ("measure", "Tiltak nr.", 10),
    ("year", "År", 8),
    ("source", "Finansieringskilde", 24),
    ("organisation", "Kommune (egenandel)", 30),
    ("planned", "Planlagt (kr)", 16),
    ("spent", "Brukt (kr)", 16),
]
STATUS_LABELS = {
    MeasureStatus.NOT_STARTED: "Ikke startet",
    MeasureStatus.IN_PROGRESS: "Pågår",
    MeasureStatus.DELAYED: "Forsinket",
    MeasureStatus.DONE: "Fullført",
    MeasureStatus.CANCELLED: "Avlyst",
}
SOURCE_LABELS = {
    FundingSource.KDD_GRANT: "KDD-tilskudd",
    FundingSource.MUNICIPALITY: "Kommunal egenandel",
    FundingSource.COUNTY_COUNCIL: "Fylkeskommunen",
    FundingSource.STATE_ADMINISTRATOR: "Statsforvalteren",
    FundingSource.OTHER: "Annet",
}
LIST_SEPARATOR = "; "
MONEY_FORMAT = "#,##0"
MAX_ROWS = 2000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
YEARS = (2000, 2100)
# ==== end of layout ============================================================================

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sub_goal_codes(agreement_id):
    """uid → readable code "focus area.sub-goal" (e.g. "2.1"), in the agreement's order."""
    from bygdevekst.agreements.models import FocusArea

    codes = {}
    areas = FocusArea.objects.filter(agreement_id=agreement_id).prefetch_related("sub_goals").order_by("position", "pk")
    for i, fa in enumerate(areas, start=1):
        for j, sg in enumerate(fa.sub_goals.all(), start=1):
            codes[str(sg.uid)] = f"{i}.{j}"
    return codes


# ---- export ---------------------------------------------------------------------------------
def _header(ws, columns):
    """Column widths, the frozen header row and the header itself: before any other row (write-only sheet)."""
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F0")
    for col, (_key, _header_text, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    ws.append([xlsx_cell(ws, header, font=bold, fill=fill) for _key, header, _width in columns])


def _list_validation(ws, labels, column, rows):
    dv = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
    dv.add(f"{column}2:{column}{rows}")
    ws.data_validations.append(dv)


def export_workbook(plan, measures):
    """The plan as .xlsx bytes. `measures` come from domain.snapshot.plan_measures(plan)."""
    with tempfile.TemporaryFile() as out:
        write_workbook(plan, measures, out)
        out.seek(0)
        return out.read()


def export_file(plan, measures):
    """The plan as .xlsx in a temporary file, open at its start, for a FileResponse to stream (and close)."""
    out = tempfile.TemporaryFile()
    write_workbook(plan, measures, out)
    out.seek(0)
    return out


def write_workbook(plan, measures, out):
    """Write the plan's workbook into the file `out`, row by row (openpyxl's write-only mode: no sheet is kept
    in memory, whatever the number of measures)."""
    agreement = plan.agreement
    codes = sub_goal_codes(agreement.pk)
    wb = Workbook(write_only=True)
    cover = wb.create_sheet(SHEET_COVER)
    cover.column_dimensions["A"].width = 16
    cover.column_dimensions["B"].width = 60
    cover.append([xlsx_cell(cover, COVER_TITLE, font=Font(bold=True, size=14))])
    for _row in range(2, COVER_FIRST_ROW):
        cover.append([])
    values = {
        "agreement_id": agreement.pk,
        "agreement": agreement.title,
        "pilot": agreement.pilot.name,
        "year": plan.year,
        "revision": plan.revision,
        "version": plan.lock_version,
        "status": _norwegian(plan.get_status_display),
    }
    bold = Font(bold=True)
    for key, label in COVER_FIELDS:
        cover.append([xlsx_cell(cover, label, font=bold), xlsx_cell(cover, values[key])])

    ws = wb.create_sheet(SHEET_MEASURES)
    status_col = get_column_letter([k for k, *_ in MEASURE_COLUMNS].index("status") + 1)
    _list_validation(ws, STATUS_LABELS.values(), status_col, MAX_ROWS)
    _header(ws, MEASURE_COLUMNS)
    wrap = Alignment(wrap_text=True, vertical="top")
    budget_rows = []
    for m in measures:
        uids = sorted(m.sub_goal_uids, key=lambda u: (codes.get(u, "~"), u))
        values = {
            "number": m.number,
            "title": m.title,
            "description": m.description,
            "sub_goal_codes": LIST_SEPARATOR.join(codes.get(u, "?") for u in uids),
            "sub_goal_uids": LIST_SEPARATOR.join(uids),
            "responsible": m.responsible.name if m.responsible else None,
            "cooperation": LIST_SEPARATOR.join(sorted(p.name for p in m.cooperation_parties.all())),
            "start_year": m.start_year,
            "start_quarter": m.start_quarter,
            "end_year": m.end_year,
            "end_quarter": m.end_quarter,
            "indicator": m.indicator,
            "baseline": m.baseline,
            "target": m.target,
            "status": STATUS_LABELS[m.status],
            "uid": str(m.uid),
        }
        ws.append([
            xlsx_cell(ws, values[key] if values[key] != "" else None, alignment=wrap) for key, *_rest in MEASURE_COLUMNS
        ])
        for b in m.budget_lines.all():
            budget_rows.append((m.number, b.year, SOURCE_LABELS[b.source],
                                b.organisation.name if b.organisation else None, b.planned, b.spent))

    bs = wb.create_sheet(SHEET_BUDGET)
    source_col = get_column_letter([k for k, *_ in BUDGET_COLUMNS].index("source") + 1)
    _list_validation(bs, SOURCE_LABELS.values(), source_col, MAX_ROWS)
    _header(bs, BUDGET_COLUMNS)
    budget_rows.sort(key=lambda r: (r[0], r[1], r[2], r[3] or ""))
    for values in budget_rows:
        bs.append([
            xlsx_cell(bs, value, number_format=MONEY_FORMAT if col >= 5 else None)
            for col, value in enumerate(values, start=1)
        ])
    wb.save(out)


# ---- parsing an edited file -----------------------------------------------------------------
@dataclass
class Problem:
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    # the file was made from another state of the plan than the plan is now: a conflict (409), not a bad row
    conflict: bool = False

    def as_dict(self):
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}

    def __str__(self):
        return self.message


@dataclass
class Parsed:
    cover: dict = field(default_factory=dict)
    measures: list = field(default_factory=list)  # dicts as domain.snapshot.measure_data
    problems: list = field(default_factory=list)


def _problem(sheet, row, col_index, header, message):
    column = get_column_letter(col_index)
    text = _("Sheet “%(sheet)s”, row %(row)s, column %(column)s (%(header)s): %(message)s") % {
        "sheet": sheet, "row": row, "column": column, "header": header, "message": message,
    }
    return Problem(text, sheet, row, column)


def _file_problem(message):
    return Problem(message)


def _open(content):
    """The workbook, or a Problem saying why the file cannot be read."""
    try:  # the page's and the API's upload went through it already; a caller passing bytes has not
        validate_xlsx_upload(ContentFile(content))
    except ValidationError as error:
        return _file_problem(" ".join(error.messages))
    not_xlsx = _file_problem(_("The file is not an Excel workbook (.xlsx). Save it as .xlsx and try again."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                return _file_problem(_("The file is too big when unpacked."))
    except zipfile.BadZipFile:
        return not_xlsx
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001  openpyxl raises many kinds on a broken or foreign file
        return not_xlsx


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _int(value, *, low=None, high=None):
    """An integer from a cell, or raise ValueError with a readable message."""
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        value = int(value)
    if isinstance(value, str):
        cleaned = value.replace("\u00a0", "").replace(" ", "").replace("kr", "").strip()
        try:
            value = int(cleaned)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from None
    if not isinstance(value, int):
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
    if low is not None and value < low:
        if low == 0:
            raise ValueError(_("The amount cannot be negative (%(value)s).") % {"value": value})
        raise ValueError(_("%(value)s is below %(low)s.") % {"value": value, "low": low})
    if high is not None and value > high:
        raise ValueError(_("%(value)s is above %(high)s.") % {"value": value, "high": high})
    return value


def _split(value):
    return [part.strip() for part in _text(value).replace("\n", ";").split(";") if part.strip()]


class _Sheet:
    """Row iteration with header check and per-cell error collection."""

    def __init__(self, wb, name, columns, parsed):
        self.name, self.columns, self.parsed, self.ws = name, columns, parsed, None
        if name not in wb.sheetnames:
            parsed.problems.append(_file_problem(_("The sheet “%(sheet)s” is missing.") % {"sheet": name}))
            return
        self.ws = wb[name]

    def rows(self):
        if self.ws is None:
            return
        rows = self.ws.iter_rows(values_only=True)
        header = next(rows, ()) or ()
        ok = True
        for i, (_key, expected, _w) in enumerate(self.columns, start=1):
            found = _text(header[i - 1]) if i - 1 < len(header) else ""
            if found != expected:
                self.parsed.problems.append(_problem(
                    self.name, 1, i, expected,
                    _("expected the header “%(expected)s”, found “%(found)s”.") % {"expected": expected, "found": found},
                ))
                ok = False
        if not ok:
            return
        for n, values in enumerate(rows, start=2):
            if n > MAX_ROWS + 1:
                self.parsed.problems.append(_file_problem(
                    _("The sheet “%(sheet)s” has more than %(max)s rows.") % {"sheet": self.name, "max": MAX_ROWS}))
                return
            values = tuple(values) + (None,) * (len(self.columns) - len(values))
            if all(_text(v) == "" for v in values[: len(self.columns)]):
                continue
            yield n, dict(zip((k for k, *_ in self.columns), values, strict=False))

    def error(self, row, key, message):
        index = [k for k, *_ in self.columns].index(key) + 1
        self.parsed.problems.append(_problem(self.name, row[0], index, self.columns[index - 1][1], message))

    def cell(self, row, key, parse):
        """parse(value) → result; a ValueError becomes a row-exact problem and None."""
        try:
            return parse(row[1][key])
        except ValueError as exc:
            self.error(row, key, str(exc))
            return None


def parse_workbook(content, agreement):
    """Read an edited file for `agreement`. Returns Parsed; nothing is saved here."""
    parsed = Parsed()
    wb = _open(content)
    if isinstance(wb, Problem):
        parsed.problems.append(wb)
        return parsed
    try:
        _parse_cover(wb, agreement, parsed)
        if parsed.problems:
            return parsed
        from .spreadsheet_rows import parse_budget, parse_measures

        numbers = parse_measures(_Sheet(wb, SHEET_MEASURES, MEASURE_COLUMNS, parsed), agreement, parsed)
        parse_budget(_Sheet(wb, SHEET_BUDGET, BUDGET_COLUMNS, parsed), agreement, parsed, numbers)
    finally:
        wb.close()
    return parsed


def _parse_cover(wb, agreement, parsed):
    if SHEET_COVER not in wb.sheetnames:
        parsed.problems.append(_file_problem(_("The sheet “%(sheet)s” is missing.") % {"sheet": SHEET_COVER}))
        return
    labels = {label: key for key, label in COVER_FIELDS}
    for n, values in enumerate(wb[SHEET_COVER].iter_rows(values_only=True, max_col=2), start=1):
        label = _text(values[0]) if values else ""
        if label in labels:
            parsed.cover[labels[label]] = (n, values[1] if len(values) > 1 else None)
    row, value = parsed.cover.get("agreement_id", (None, None))
    try:
        agreement_id = _int(value)
    except ValueError:
        agreement_id = None
    if agreement_id != agreement.pk:
        label = dict(COVER_FIELDS)["agreement_id"]
        parsed.problems.append(_problem(
            SHEET_COVER, row or COVER_FIRST_ROW, 2, label,
            _("this file belongs to another agreement (%(found)s), not %(expected)s.")
            % {"found": _text(value) or "–", "expected": agreement.pk},
        ))


def _norwegian(label):
    """The file format is Norwegian whatever the exporting user's language."""
    with translation.override("nb"):
        return str(label())
