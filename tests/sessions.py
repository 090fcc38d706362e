"""Sessions on workbooks read from files, for the headless tests."""

from __future__ import annotations

from sanctions_gui.core.reading import read_workbook
from sanctions_gui.core.session import Session
from sanctions_gui.core.view import Dataset


def session_on_file(path, workspace=None, rules=()) -> Session:
    """A session on the workbook at `path`; `rules=None` takes the rules the workspace saved."""
    session = Session(workspace, rules=list(rules)) if rules is not None else Session(workspace)
    loaded = read_workbook(path)
    session.set_dataset(Dataset(loaded.frame, path, loaded.report))
    return session
