"""Cells of the spreadsheets and CSV files the platform writes (action plans, the overview's and a round's exports):
text a spreadsheet program could read as a formula stays text, never runs (CSV injection)."""

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_value(value):
    """A CSV field: text that would start a formula gets a leading apostrophe (a CSV has no other way to say text)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_cell(ws, value, *, font=None, fill=None, alignment=None, number_format=None):
    """A value for a write-only sheet's row: text that could be read as a formula stays text and carries the quote
    prefix (the cell shows the text as written); a plain value without a style goes in as it is."""
    formula_like = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    if not formula_like and font is fill is alignment is number_format is None:
        return value
    cell = WriteOnlyCell(ws, value=value)
    if formula_like:
        cell.data_type = "s"
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    return cell
