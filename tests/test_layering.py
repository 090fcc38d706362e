"""The core stays plain Python: no module in sanctions_gui/core imports Qt or the UI.

Walks the syntax tree of every core module, so an import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import sanctions_gui.core

CORE = Path(sanctions_gui.core.__file__).parent
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "sanctions_gui.ui")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in a core module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = "sanctions_gui." + ".".join(path.relative_to(CORE.parent).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
    return found


def test_no_core_module_imports_qt_or_the_ui():
    modules = sorted(CORE.rglob("*.py"))
    assert len(modules) > 20
    offences = [f"{path.relative_to(CORE.parent)}:{line} imports {module}"
                for path in modules for line, module in imported_modules(path)
                if any(module == bad or module.startswith(bad + ".") for bad in FORBIDDEN)]
    assert offences == []


def test_the_check_resolves_relative_imports():
    sample = CORE / "rules" / "index.py"
    names = [module for _line, module in imported_modules(sample)]
    assert "sanctions_gui.core.rules.conditions" in names and "sanctions_gui.core.schema" in names


def test_holding_a_dataset_and_running_a_session_does_not_import_the_reader_or_the_writers():
    """The window's core (Session, View, Dataset, person pages, the workspace) leaves the
    workbook reader and the save and export code to the function that uses them: a fresh
    process importing it has not imported them (the window's process need not read the
    workbook at start-up, issue 14)."""
    import subprocess
    import sys

    heavy = ("sanctions_gui.core.reading", "sanctions_gui.core.sheet_frame", "sanctions_gui.core.workbook_sheets",
             "sanctions_gui.core.calamine_sheets", "sanctions_gui.core.fills", "sanctions_gui.core.xlsx_layout",
             "sanctions_gui.core.legacy_file", "sanctions_gui.core.row_kinds", "sanctions_gui.core.column_parsing",
             "sanctions_gui.core.bounded_reading", "sanctions_gui.core.csv_reading",
             "sanctions_gui.core.column_assignment", "sanctions_gui.core.headers", "sanctions_gui.core.formats",
             "sanctions_gui.core.canonical_frame", "sanctions_gui.core.values",
             "sanctions_gui.core.save_plan", "sanctions_gui.core.save_workbook", "sanctions_gui.core.export",
             "python_calamine", "defusedxml", "openpyxl", "lxml")
    probe = ("import sys\n"
             "from sanctions_gui.core import caveats, person, session, view, workspace\n"
             f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n")
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300,
                           check=True).stdout
    assert shown.strip() == "[]"
