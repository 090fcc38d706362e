"""Column mappings chosen by hand, remembered for a workbook in the workspace's settings.

A mapping is kept under the workbook's layout (its sheets' names and headers, see
ImportReport.layout_key), not its path: a moved, renamed or re-saved copy with the same
headers finds it again, and a workbook with other headers is not given a mapping that
names headers it does not have.
"""

from __future__ import annotations

from .column_assignment import Mapping
from .import_report import ImportReport
from .workspace import Workspace

SETTING_PREFIX = "column mapping/"


def setting_key(report: ImportReport) -> str:
    return SETTING_PREFIX + report.layout_key()


def remembered_mapping(workspace: Workspace, report: ImportReport) -> Mapping:
    """The mapping last chosen for a workbook laid out as this one, {} when none was."""
    saved = workspace.get_setting(setting_key(report), {})
    return {str(header): (str(column) if column is not None else None) for header, column in saved.items()} \
        if isinstance(saved, dict) else {}


def remember_mapping(workspace: Workspace, report: ImportReport, mapping: Mapping) -> None:
    """Keep the mapping for the next time a workbook laid out as this one is opened ({} forgets it)."""
    workspace.set_setting(setting_key(report), dict(mapping))
