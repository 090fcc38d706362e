"""The "About this export" sheet: where an export's rows came from and how they were chosen.

A colleague who receives the file must be able to trust it without the app: the source
file's name and SHA-256, when and with what it was exported, and the sheet, search,
filters, sort and each rule in words.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from .filters import facet_label
from .progress import CancelCheck, Cancelled
from .rules import Rule
from .search import EXACT
from .sheets import describe_sheet_choice
from .view import View, ViewState

if TYPE_CHECKING:
    from .export import ExportRequest

APP_NAME = "Sanctions Workbench"
ABOUT_SHEET = "About this export"


@dataclass(frozen=True)
class ExportContext:
    """What the About sheet tells a reader about the export, in words."""

    source_name: str
    source_sha256: str
    exported_at: str  # local time, ISO 8601 with its UTC offset
    app_version: str
    sheet: str
    search: str
    filters: tuple[str, ...]
    only_highlighted: bool
    sort: str
    rules: tuple[tuple[Rule, int], ...]  # each enabled rule, in order, with the exported rows it matches
    rows_exported: int
    rows_loaded: int

    def about_rows(self) -> list[tuple[str, str, str | None]]:
        """(label, value, fill colour or None) for each line of the About sheet."""
        rows: list[tuple[str, str, str | None]] = [
            ("Source file", self.source_name, None),
            ("Source file SHA-256", self.source_sha256, None),
            ("Exported at", self.exported_at, None),
            ("Exported with", f"{APP_NAME} {self.app_version}", None),
            ("Rows exported", f"{self.rows_exported:,} of {self.rows_loaded:,} rows loaded", None),
            ("Sheet", self.sheet, None),
            ("Search", self.search, None),
        ]
        rows += [("Filter", text, None) for text in self.filters] or [("Filters", "(none)", None)]
        rows += [
            ("Only highlighted rows", "Yes" if self.only_highlighted else "No", None),
            ("Sorted by", self.sort, None),
            ("Row colours", ("A colour given by hand, else the first matching rule below, "
                             "else the row's fill in the source file."), None),
            ("", "", None),
            ("Highlighting rules", "Conditions" if self.rules else "(none)", None),
        ]
        rows += [(rule.name, (f"{rule.describe().rstrip('.')}. Colour {rule.colour}; "
                              f"{matched:,} of the exported rows match."), rule.colour)
                 for rule, matched in self.rules]
        return rows


def file_sha256(path: Path, cancelled: CancelCheck | None = None) -> str:
    """SHA-256 of a file, read in blocks so a large workbook is never held in memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            if cancelled is not None and cancelled():
                raise Cancelled()
            digest.update(block)
    return digest.hexdigest()


def export_context(request: ExportRequest, cancelled: CancelCheck | None = None) -> ExportContext:
    """The About sheet's facts for a request: hashes the source file now."""
    source = request.dataset.source
    if source is None:
        name, sha = "(not read from a file)", "(none)"
    else:
        name = Path(source).name
        try:
            sha = file_sha256(Path(source), cancelled)
        except OSError as error:
            sha = f"(the file could not be read to compute it: {error.strerror or error})"
    state, view = request.state, request.view
    rules: tuple[tuple[Rule, int], ...] = ()
    if request.rule_matches is not None:
        matches = request.rule_matches
        rules = tuple((rule, int(mask[view.rows].sum()))
                      for rule, mask in zip(matches.rules, matches.masks) if rule.enabled)
    return ExportContext(
        source_name=name,
        source_sha256=sha,
        exported_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        app_version=__version__,
        sheet=describe_sheet_choice(state.sheet),
        search=_describe_search(state),
        filters=tuple(state.filter_descriptions()),
        only_highlighted=state.only_highlighted,
        sort=_describe_sort(state, view),
        rules=rules,
        rows_exported=len(view),
        rows_loaded=view.loaded,
    )


def _describe_search(state: ViewState) -> str:
    text = state.search.strip()
    if not text:
        return "(none)"
    if state.fuzzy_threshold >= EXACT:
        return f"\u201c{text}\u201d (every word, ignoring accents and case)"
    return (f"\u201c{text}\u201d (names and aliases matched loosely, similarity at least "
            f"{state.fuzzy_threshold} of 100; other fields every word)")


def _describe_sort(state: ViewState, view: View) -> str:
    if state.sort_column is not None:
        return f"{facet_label(state.sort_column)}, {'descending' if state.sort_descending else 'ascending'}"
    if view.scores is not None:
        return "Closest name match first"
    return "The order of the source file"

