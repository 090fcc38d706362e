"""Facets: tick values of a few columns to narrow the table, with counts of the people shown.

The tree shows the session's facet choices and, beside each value, how many of the
rows the table shows hold it; a tick is an intent to the session. Only open facets are
counted on each change of the table (counting every facet costs about a second on
200,000 rows); a closed one is counted when it is opened.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QWidget

from ..core import schema
from ..core.filters import BLANK, FACETS, facet_label
from ..core.session import Change, Session, SessionEvent
from .quiet import quietly

FACET_ROLE = Qt.ItemDataRole.UserRole + 3  # on a facet: its name; on a value: (facet, value)
OPEN_FACETS = (schema.Col.ADMINISTRATION, schema.Col.REASONS)  # open at first; the others one click away


class FacetTree(QTreeWidget):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("facetsTree")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._values: dict[str, list[tuple[str, int]]] = {}  # per facet, over the whole dataset
        self.itemChanged.connect(self._on_item_changed)
        self.itemExpanded.connect(self._count_facet)
        session.subscribe(self._on_session)
        self._read_values()
        self._fill()

    def _read_values(self) -> None:
        dataset = self.session.dataset
        self._values = {f: dataset.values(f).counts() for f in FACETS} if dataset is not None else {}

    def _on_session(self, event: SessionEvent) -> None:
        if event.changes & Change.DATASET:
            self._read_values()
            self._fill()
            return
        if event.changes & Change.FILTERS:
            if self._shown_choices() != self.session.state.facets:
                self._fill()
                return
            for top in self.facet_items():
                self._show_facet_state(top)
        if event.changes & Change.VIEW:
            self._count_open_facets()

    def _shown_choices(self) -> dict[str, frozenset[str]]:
        chosen = {}
        for top in self.facet_items():
            values = frozenset(top.child(i).data(0, FACET_ROLE)[1] for i in range(top.childCount())
                               if top.child(i).checkState(0) == Qt.CheckState.Checked)
            if values:
                chosen[top.data(0, FACET_ROLE)] = values
        return chosen

    def facet_items(self) -> list[QTreeWidgetItem]:
        return [self.topLevelItem(i) for i in range(self.topLevelItemCount())]

    def _fill(self) -> None:
        """One branch per facet: the values present in the data (and any chosen value that is not)."""
        tops = self.facet_items()
        expanded = {top.data(0, FACET_ROLE) for top in tops if top.isExpanded()} if tops else set(OPEN_FACETS)
        facets = self.session.state.facets
        with quietly(self):
            self.clear()
            bold = QFont(self.font())
            bold.setBold(True)
            for facet in FACETS:
                top = QTreeWidgetItem(self, [facet_label(facet)])
                top.setData(0, FACET_ROLE, facet)
                top.setFont(0, bold)
                top.setFlags(Qt.ItemFlag.ItemIsEnabled)
                chosen = facets.get(facet, frozenset())
                present = self._values.get(facet, [])
                for value, count in [*present, *((v, 0) for v in sorted(chosen - {v for v, _ in present}))]:
                    child = QTreeWidgetItem(top, [value if value != BLANK else "(blank)"])
                    child.setData(0, FACET_ROLE, (facet, value))
                    child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    child.setCheckState(0, Qt.CheckState.Checked if value in chosen else Qt.CheckState.Unchecked)
                    child.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self._show_count(child, count)
                top.setExpanded(facet in expanded or bool(chosen))
                self._show_facet_state(top)
        self._count_open_facets()

    def _count_open_facets(self) -> None:
        for top in self.facet_items():
            if top.isExpanded():
                self._count_facet(top)

    def _count_facet(self, top: QTreeWidgetItem) -> None:
        view, dataset = self.session.view, self.session.dataset
        if view is None or top.parent() is not None:
            return
        rows = view.rows[self.session.shown_mask()[view.rows]]  # people removed (struck out) are not counted
        counts = dict(dataset.values(top.data(0, FACET_ROLE)).counts(rows))
        with quietly(self):
            for child in (top.child(i) for i in range(top.childCount())):
                self._show_count(child, counts.get(child.data(0, FACET_ROLE)[1], 0))

    def _show_count(self, item: QTreeWidgetItem, count: int) -> None:
        item.setText(1, f"{count:,}")
        role = QPalette.ColorRole.Text if count else QPalette.ColorRole.PlaceholderText
        colour = self.palette().color(role)
        item.setForeground(0, colour)
        item.setForeground(1, colour)

    def _show_facet_state(self, top: QTreeWidgetItem) -> None:
        """The facet's "Clear" link, shown only while some of its values are ticked."""
        facet = top.data(0, FACET_ROLE)
        chosen = self.session.state.facets.get(facet)
        if not chosen:
            self.removeItemWidget(top, 1)
            top.setText(0, facet_label(facet))
            return
        top.setText(0, f"{facet_label(facet)} ({len(chosen)})")
        if self.itemWidget(top, 1) is None:
            link = QLabel('<a href="clear">Clear</a>', self)
            link.setObjectName(f"clear_{facet}")
            link.setContentsMargins(0, 0, 6, 0)
            link.setToolTip(f"Stop filtering by {facet_label(facet).lower()}")
            link.linkActivated.connect(lambda _link, f=facet: self.session.set_facet(f, None))
            self.setItemWidget(top, 1, link)

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column != 0 or item.parent() is None:
            return
        facet, _value = item.data(0, FACET_ROLE)
        self.session.set_facet(facet, self._shown_choices().get(facet))

