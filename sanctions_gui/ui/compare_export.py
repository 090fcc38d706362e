"""Export a comparison to Excel: a sheet per category and the About sheet, written off the UI thread.

`export_comparison` (core/lists/export.py) writes atomically and never over a list file or
the database compared; the open workbook is refused here too when two lists were
compared, as the view's export refuses it.
"""

from __future__ import annotations

from pathlib import Path

from ..core.lists.comparison import Comparison
from .export_task import FileWriter
from .file_dialogs import save_path

EXPORT_FILTER = "Excel workbook (*.xlsx)"


class ComparisonExporter(FileWriter):
    """The comparison's export: a sheet per category and the About sheet."""

    def run(self, comparison: Comparison | None) -> None:
        if comparison is None:
            return
        name = f"{comparison.list_file.path.stem} - comparison.xlsx"
        target = save_path(self.parent(), "comparison export", "Export the comparison", name, EXPORT_FILTER)
        if target is not None:
            self.export_to(target, comparison)

    def export_to(self, target: Path, comparison: Comparison) -> None:
        from ..core.export import ExportError, check_target
        from ..core.lists.export import export_comparison  # openpyxl loads only to write one

        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        source = self.session.dataset.source if self.session.dataset is not None else None
        try:
            check_target(target, source)
        except ExportError as error:
            self.refuse(target, error)
            return
        self.start(target, lambda progress, cancelled: export_comparison(comparison, target),
                   lambda path: f"Exported the comparison to {path}", "Export cancelled.")
