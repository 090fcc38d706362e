"""Small workbooks the tests write, laid out as an analyst's own spreadsheet would be."""

from __future__ import annotations

from openpyxl import Workbook


def write_sheet(path, rows, title: str | None = None):
    """Write `rows` (the header first) to the only sheet of a new .xlsx at `path`; returns the path."""
    wb = Workbook()
    if title:
        wb.active.title = title
    for row in rows:
        wb.active.append(list(row))
    wb.save(path)
    return path
