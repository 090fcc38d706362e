"""The table model over a session: what each row shows after each sort and filter, how it
tells Qt about a new order, and Qt's own model checks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from sanctions_gui.core.filters import ColumnFilter
from sanctions_gui.core.reading import read_workbook
from sanctions_gui.core.rules import Condition, Rule
from sanctions_gui.core.session import Session
from sanctions_gui.core.view import Dataset
from sanctions_gui.core.workspace import Workspace
from sanctions_gui.ui.table_model import (
    DISPLAY_LENGTH, FULL_TEXT_ROLE, PERSON_ID_ROLE, SCORE_COLUMN, SanctionsTableModel,
)

PEOPLE_CSV = """Name,Position,Date sanctioned,Reasons,Security status,Canada,Sources
Zoe Álvarez,Minister,2018-01-05,corruption,active,2018-06-01,https://example.org/a
Ana Núñez,Judge,2015-03-09,human rights,former,,https://example.org/b
Bruno Nuño,General,,corruption,active,,{long}
Carla Ruiz,Mayor,2019-07-01,corruption; narcotics,none,yes,https://example.org/d
"""
LONG_SOURCE = "https://example.org/" + "x" * 300
YELLOW, GREEN = "#FFFF00", "#A5D6A7"
CORRUPTION = Rule("Corruption", YELLOW, conditions=(Condition("reasons", "is", "corruption"),))


@pytest.fixture
def session(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE_CSV.format(long=LONG_SOURCE), encoding="utf-8")
    workspace = Workspace.open()
    session = Session(workspace, rules=[CORRUPTION])
    loaded = read_workbook(path)
    session.set_dataset(Dataset(loaded.frame, path, loaded.report))
    yield session
    workspace.close()


@pytest.fixture
def model(qtbot, session):
    return SanctionsTableModel(session)


def shown(model: SanctionsTableModel) -> list[tuple[str, str, str | None]]:
    """Each row as the table paints it: name, date sanctioned, background colour."""
    name, date = model.column_of("name"), model.column_of("us_designation_date")
    rows = []
    for row in range(model.rowCount()):
        brush = model.index(row, name).data(Qt.ItemDataRole.BackgroundRole)
        rows.append((model.index(row, name).data(), model.index(row, date).data(),
                     brush.color().name().upper() if brush is not None else None))
    return rows


def test_model_passes_qt_model_tester(qtmodeltester, bundled):
    session = Session(rules=[CORRUPTION])
    session.set_dataset(Dataset(bundled.frame))
    model = SanctionsTableModel(session)
    qtmodeltester.check(model, force_py=True)
    session.set_sort("name")  # the tester checks every layout change from here on
    session.set_search("cabello")
    session.set_sheet("pre")
    session.set_search("")
    qtmodeltester.check(model, force_py=True)


def test_every_row_shows_its_text_and_colour_after_each_sort_and_filter(model, session):
    person = dict(zip(session.dataset.frame["name"], session.dataset.person_ids))
    session.set_highlight([person["Ana Núñez"]], GREEN)
    assert shown(model) == [("Zoe Álvarez", "2018-01-05", YELLOW), ("Ana Núñez", "2015-03-09", GREEN),
                            ("Bruno Nuño", "", YELLOW), ("Carla Ruiz", "2019-07-01", YELLOW)]
    session.set_sort("us_designation_date")
    assert shown(model) == [("Ana Núñez", "2015-03-09", GREEN), ("Zoe Álvarez", "2018-01-05", YELLOW),
                            ("Carla Ruiz", "2019-07-01", YELLOW), ("Bruno Nuño", "", YELLOW)]
    session.set_sort("name", descending=True)
    assert shown(model) == [("Zoe Álvarez", "2018-01-05", YELLOW), ("Carla Ruiz", "2019-07-01", YELLOW),
                            ("Bruno Nuño", "", YELLOW), ("Ana Núñez", "2015-03-09", GREEN)]
    session.set_filter(ColumnFilter("security_status", values=frozenset({"Active"})))
    assert shown(model) == [("Zoe Álvarez", "2018-01-05", YELLOW), ("Bruno Nuño", "", YELLOW)]
    session.set_rules([], "no rules")
    assert shown(model) == [("Zoe Álvarez", "2018-01-05", None), ("Bruno Nuño", "", None)]
    session.clear_filters()
    session.set_only_highlighted(True)
    assert shown(model) == [("Ana Núñez", "2015-03-09", GREEN)]


def test_a_new_order_moves_persistent_indexes_with_their_people_not_a_reset(qtbot, model, session):
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    name = model.column_of("name")
    carla = QPersistentModelIndex(model.index(3, name))
    bruno = QPersistentModelIndex(model.index(2, name))
    with qtbot.waitSignal(model.layoutChanged):
        session.set_sort("name")
    assert carla.row() == 2 and carla.data() == "Carla Ruiz"
    session.set_search("nuno")
    assert not carla.isValid(), "a person no longer shown loses their index"
    assert bruno.row() == 0 and bruno.data() == "Bruno Nuño"
    assert resets == []


def test_a_persons_row_is_found_through_the_inverse_order(model, session):
    session.set_sort("name", descending=True)
    for row in range(model.rowCount()):
        person = model.index(row, 0).data(PERSON_ID_ROLE)
        assert model.row_of_person(person) == row
    assert model.row_of_person("nobody") is None


def test_the_screen_shortens_long_cells_and_the_full_text_role_does_not(model):
    sources = model.column_of("sources")
    cell = model.index(2, sources)
    assert len(LONG_SOURCE) > DISPLAY_LENGTH
    assert cell.data() == LONG_SOURCE[:DISPLAY_LENGTH] + "…"
    assert cell.data(FULL_TEXT_ROLE) == LONG_SOURCE
    assert LONG_SOURCE in cell.data(Qt.ItemDataRole.ToolTipRole)


def test_the_score_column_is_filled_only_in_fuzzy_search(model, session):
    score = model.column_of(SCORE_COLUMN)
    assert model.index(0, score).data() == ""
    session.set_search("Carla Ruis")
    session.set_fuzzy_threshold(80)
    assert model.headerData(score, Qt.Orientation.Horizontal) == "Score"
    assert model.index(0, model.column_of("name")).data() == "Carla Ruiz"
    assert 80 <= int(model.index(0, score).data()) < 100
