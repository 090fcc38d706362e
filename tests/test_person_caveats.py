"""The person pane says what the data does not know for sure: each caveated value marked in words
under it, governments nobody researched drawn apart from those that did not list the person, and
caveats the app could not place on a field listed as the file wrote them.

Expected caveats are read from the dataset's CSV with the csv module, not through the app."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLabel

from sanctions_gui.core import schema
from sanctions_gui.core.paths import BUNDLED_WORKBOOK
from sanctions_gui.core.session import Session
from sanctions_gui.core.view import Dataset
from sanctions_gui.core.workspace import Workspace
from sanctions_gui.ui.detail_pane import DetailPane


@pytest.fixture
def pane(qtbot, bundled):
    workspace = Workspace.open()
    session = Session(workspace, rules=[])
    session.set_dataset(Dataset(bundled.frame, BUNDLED_WORKBOOK, bundled.report))
    widget = DetailPane(session)
    qtbot.addWidget(widget)
    widget.resize(320, 900)
    widget.show()
    yield widget
    workspace.close()


def caveat_items(row: dict[str, str]) -> dict[str, str]:
    """The CSV's "field: qualifier, reason" items, by field."""
    items = {}
    for item in filter(None, (part.strip() for part in row["assumed_fields"].split(";"))):
        field, _, rest = item.partition(":")
        items[field.strip()] = rest.strip()
    return items


def show(pane: DetailPane, name: str) -> str:
    frame = pane.session.dataset.frame
    person = str(frame.loc[frame["name"] == name, schema.PERSON_ID].iloc[0])
    pane.session.select([person], person)
    return person


def test_an_unconfirmed_designation_day_is_marked_in_words_under_the_date(pane, source_rows):
    row = next(r for r in source_rows if "us_designation_date" in caveat_items(r))
    show(pane, row["name"])
    caveat = pane.findChild(QLabel, "us_designation_dateCaveat")
    assert caveat is not None and caveat.isVisible()
    assert caveat.text() == f"⚠ {caveat_items(row)['us_designation_date']}".replace(", ", ": ", 1)


def test_an_assumed_listing_says_so_beside_its_government(pane, source_rows):
    row = next(r for r in source_rows if caveat_items(r).get("uk", "").startswith("assumed"))
    show(pane, row["name"])
    reason = caveat_items(row)["uk"].removeprefix("assumed,").strip()
    assert "UK" in pane.findChild(QLabel, "jurisdictionSummary").text()
    assert f"(assumed: {reason})" in pane.findChild(QLabel, "jurisdictionSummary").text()
    uk = next(m for m in pane.timeline.markers() if m.jurisdiction == "UK")
    assert uk.caveat is not None and uk.caveat.qualifier == "assumed"


def test_unresearched_governments_are_drawn_apart_from_those_that_did_not_list(qtbot, pane, source_rows):
    row = next(r for r in source_rows if not r["panama"] and "mexico" in caveat_items(r))
    show(pane, row["name"])
    note = pane.findChild(QLabel, "notResearched")
    assert note.text().startswith("Not researched: Mexico, Colombia")
    markers = pane.timeline.markers()
    mexico = next(i for i, m in enumerate(markers) if m.jurisdiction == "Mexico")
    panama = next(i for i, m in enumerate(markers) if m.jurisdiction == "Panama")
    assert not markers[mexico].listed and not markers[mexico].researched
    assert not markers[panama].listed and markers[panama].researched
    timeline = pane.timeline
    qtbot.waitExposed(timeline)
    picture = timeline.grab().toImage()
    height = timeline._row_height()
    left = timeline._label_width()

    def plot_row(index: int):
        return picture.copy(QRect(left, index * height, picture.width() - left, height))

    assert plot_row(mexico) != plot_row(panama)  # not a dash: "not researched" and a dotted line


def test_a_caveat_the_app_cannot_place_is_listed_as_written(pane, bundled):
    frame = bundled.frame.copy()
    row = 0
    frame.at[row, "assumed_fields"] = (*frame.at[row, "assumed_fields"], "salary: unknown, never published")
    pane.session.replace_frame(frame)
    show(pane, frame.at[row, "name"])
    assert [label.text() for label in pane.findChildren(QLabel, "unplacedCaveat")] == ["salary: unknown, never published"]
