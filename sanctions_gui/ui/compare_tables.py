"""The comparison's lists: the people of one category, and the differences of those selected.

Both are plain item views over the comparison's `Item`s and `Difference`s; the view that
holds them decides what selecting and the buttons do.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from ..core import schema
from ..core.lists.comparison import Difference, Item
from ..core.lists.updates import why_not_take_over

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
PEOPLE_COLUMNS = ("Name", "List name", "List ID", "Score", "In the database", "Reason")
PEOPLE_WIDTHS = (230, 230, 64, 50, 170)
DIFFERENCE_COLUMNS = ("Person", "Field", "In the database", "On the list")
DIFFERENCE_WIDTHS = (210, 110, 300)
NOT_TAKEN = "#757575"


def field_label(name: str) -> str:
    return schema.label(name) if name in schema.FIELDS else name.replace("_", " ").capitalize()


def _set_up(tree: QTreeWidget, name: str, columns: Sequence[str], widths: Sequence[int]) -> None:
    tree.setObjectName(name)
    tree.setHeaderLabels(list(columns))
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    tree.header().setStretchLastSection(True)
    for column, width in enumerate(widths):
        tree.setColumnWidth(column, width)


def key_of(item: Item) -> tuple:
    """What stays the same of an item when the comparison is made again: the person and the entry."""
    listed = item.entry or item.old_entry
    return item.person_id, listed.list_id if listed is not None else None


class PeopleList(QTreeWidget):
    """One category's people: name, the list's name and id, score, where in the database, and why."""

    def __init__(self, category: str, parent: QWidget | None = None):
        super().__init__(parent)
        _set_up(self, f"compare_{category}", PEOPLE_COLUMNS, PEOPLE_WIDTHS)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the comparison's own order until a header is clicked

    def set_items(self, items: Sequence[Item]) -> None:
        """Show these people, keeping those selected before selected."""
        chosen = {key_of(item) for item in self.selected()}
        self.setSortingEnabled(False)
        self.clear()
        rows = []
        for item in items:
            listed = item.entry or item.old_entry
            texts = [item.name, listed.name if listed else "", listed.list_id if listed else "",
                     "" if item.score is None else str(item.score), item.where, item.reason]
            row = QTreeWidgetItem(texts)
            row.setData(0, ITEM_ROLE, item)
            row.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column, text in enumerate(texts):
                row.setToolTip(column, text)
            rows.append(row)
        self.addTopLevelItems(rows)
        self.setSortingEnabled(True)
        for row in rows:
            if key_of(row.data(0, ITEM_ROLE)) in chosen:
                row.setSelected(True)

    def selected(self) -> list[Item]:
        return [row.data(0, ITEM_ROLE) for row in self.selectedItems()]

    def names(self) -> list[str]:
        """The names shown, in order (what a reader sees first)."""
        return [self.topLevelItem(row).text(0) for row in range(self.topLevelItemCount())]

    def select_names(self, names: Sequence[str]) -> None:
        """Select the people of these names (for keyboard-free scripts and tests)."""
        self.clearSelection()
        for row in range(self.topLevelItemCount()):
            item = self.topLevelItem(row)
            if item.text(0) in names:
                self.setCurrentItem(item, 0, QItemSelectionModel.SelectionFlag.NoUpdate)
                item.setSelected(True)


class DifferencesList(QTreeWidget):
    """The differences of the people selected above: each field as the database has it and as the list does."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        _set_up(self, "compare_differences", DIFFERENCE_COLUMNS, DIFFERENCE_WIDTHS)

    def set_sides(self, old: str, new: str) -> None:
        """The headers of the two sides: the database and the list, or the older and the newer list."""
        self.setHeaderLabels([DIFFERENCE_COLUMNS[0], DIFFERENCE_COLUMNS[1], old, new])

    def set_items(self, items: Sequence[Item]) -> None:
        self.clear()
        for item in items:
            for difference in item.differences:
                texts = [item.name, field_label(difference.field), difference.old or "(empty)",
                         difference.new or "(empty)"]
                row = QTreeWidgetItem(self, texts)
                row.setData(0, ITEM_ROLE, (item, difference))
                why = why_not_take_over(difference) if item.person_id is not None else ""
                for column, text in enumerate(texts):
                    row.setToolTip(column, text + (f"\n(Cannot be taken over: {why}.)" if why else ""))
                    if why:
                        row.setForeground(column, QBrush(QColor(NOT_TAKEN)))
        if len(items) == 1:
            self.selectAll()  # one person: taking over means all their fields, unless some are unselected

    def selected(self) -> list[tuple[Item, Difference]]:
        return [row.data(0, ITEM_ROLE) for row in self.selectedItems()]

    def rows(self) -> list[tuple[str, str, str, str]]:
        return [tuple(self.topLevelItem(r).text(c) for c in range(4)) for r in range(self.topLevelItemCount())]
