"""The person pane: everything known about the selected person, and the analyst's own notes.

The pane reads one row of the loaded frame and lays it out for reading, not for
editing: the source spreadsheet is never written. The only things the analyst edits
here, a note and a flag, go to the workspace store keyed by the dataset and the row's
person id, so they come back the next time the same workbook is opened.
"""

from __future__ import annotations

import datetime as dt
import html
from urllib.parse import urlsplit

import pandas as pd
from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QTextOption
from PySide6.QtWidgets import (
    QCheckBox, QDockWidget, QFrame, QGridLayout, QHBoxLayout, QLabel, QLayout, QPlainTextEdit,
    QScrollArea, QSizePolicy, QStackedWidget, QTextBrowser, QToolTip, QVBoxLayout, QWidget,
    QWidgetItem,
)

from ..core import schema
from ..core.display import readable_text_colour
from ..core.person import TimelineMarker, long_date, readable_value, timeline_markers
from ..core.view import Dataset
from ..core.workspace import Workspace

EMPTY_MESSAGE = "Select a person in the table to see everything about them."
NOT_RECORDED = "not recorded"
STORAGE_NOTICE = ("Your notes and flag are kept in your workspace on this computer, "
                  "never written into the spreadsheet.")
NOTE_SAVE_DELAY_MS = 500
# Chip backgrounds: light tints that read with dark text on light and dark themes alike.
REASON_COLOURS = {
    "corruption": "#FFE0B2",
    "human rights": "#FFCDD2",
    "undermining democracy": "#D1C4E9",
    "narcotics": "#C8E6C9",
    "terrorism": "#CFD8DC",
}
OTHER_CHIP_COLOUR = "#E0E0E0"
AUTHORITY_COLOUR = "#BBDEFB"
DELISTING_COLOUR = "#D32F2F"
# Shown in the "Details" form; name, position, institution, reasons, authority, the
# U.S. designation, delisting, jurisdictions, sources and notes have their own places.
DETAIL_FIELDS = ("aliases", "gender", "date_of_birth", "security_status", "former_commander",
                 "commanded_unit", "administration")
# Field labels wrap beyond this width, so every section's values line up.
LABEL_COLUMN_SAMPLE = "Date sanctioned"
def muted_colour(palette: QPalette) -> QColor:
    """Text colour halfway to the background: secondary, yet readable on any theme."""
    text, base = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
    return QColor((text.red() * 3 + base.red() * 2) // 5, (text.green() * 3 + base.green() * 2) // 5,
                  (text.blue() * 3 + base.blue() * 2) // 5)


# --- the timeline --------------------------------------------------------------------------

class SanctionsTimeline(QWidget):
    """When each jurisdiction sanctioned the person, on one shared year axis.

    A filled dot marks a dated listing, with a faint bar to today (or to the delisting,
    crossed out); a hollow dot and "date unknown" a listing without a date; a muted dash
    a jurisdiction that did not list the person. Hovering a row shows its exact dates.
    """

    ROW_GAP = 8
    DOT_RADIUS = 4.5

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self._markers: tuple[TimelineMarker, ...] = ()
        self._today = today or dt.date.today()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def set_markers(self, markers: tuple[TimelineMarker, ...]) -> None:
        self._markers = tuple(markers)
        self.updateGeometry()
        self.update()

    def markers(self) -> tuple[TimelineMarker, ...]:
        return self._markers

    def axis_years(self) -> tuple[int, int]:
        """First and last year of the axis: the earliest date shown to this year."""
        days = [d for m in self._markers for d in (m.date, m.delisted) if d is not None]
        last = max([self._today.year] + [d.year for d in days])
        return (min(d.year for d in days) if days else last), last

    # --- geometry ---------------------------------------------------------------------------

    def _row_height(self) -> int:
        return self.fontMetrics().height() + self.ROW_GAP

    def _axis_height(self) -> int:
        return self.fontMetrics().height() + 8

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        return max([metrics.horizontalAdvance(m.jurisdiction) for m in self._markers] + [0]) + 12

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(380, self._row_height() * len(self._markers) + self._axis_height() + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(240, self.sizeHint().height())

    def _plot(self) -> QRectF:
        left = self._label_width()
        return QRectF(left, 0, max(self.width() - left - 10, 1), self._row_height() * len(self._markers))

    def _x(self, day: dt.date, plot: QRectF) -> float:
        first, last = self.axis_years()
        start, end = dt.date(first, 1, 1), dt.date(last + 1, 1, 1)
        return plot.left() + plot.width() * (day - start).days / (end - start).days

    def _row_at(self, y: float) -> int | None:
        row = int(y // self._row_height())
        return row if 0 <= row < len(self._markers) else None

    # --- drawing ---------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        if not self._markers:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text, muted = palette.color(QPalette.ColorRole.WindowText), muted_colour(palette)
        accent = palette.color(QPalette.ColorRole.Highlight)
        plot = self._plot()
        self._draw_axis(painter, plot, muted)
        row_height = self._row_height()
        for index, marker in enumerate(self._markers):
            middle = index * row_height + row_height / 2
            label_rect = QRectF(0, index * row_height, plot.left() - 8, row_height)
            painter.setPen(text if marker.listed else muted)
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             marker.jurisdiction)
            if not marker.listed:
                painter.drawText(QRectF(plot.left(), index * row_height, 40, row_height),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "—")
            elif marker.date is None:
                self._draw_undated(painter, plot, middle, marker, accent, muted)
            else:
                self._draw_listing(painter, plot, middle, marker, accent)

    def _draw_axis(self, painter: QPainter, plot: QRectF, muted: QColor) -> None:
        first, last = self.axis_years()
        metrics = self.fontMetrics()
        year_width = metrics.horizontalAdvance("2000") + 14
        span = last - first + 1
        step = next((s for s in (1, 2, 5, 10, 20, 50) if plot.width() * s / span >= year_width), 100)
        grid = QColor(muted)
        grid.setAlpha(70)
        baseline = plot.bottom() + 2
        painter.setPen(QPen(muted, 1))
        painter.drawLine(QPointF(plot.left(), baseline), QPointF(plot.right(), baseline))
        for year in range(first, last + 1):
            x = self._x(dt.date(year, 1, 1), plot)
            labelled = year % step == 0
            painter.setPen(QPen(grid, 1))
            if labelled:
                painter.drawLine(QPointF(x, plot.top()), QPointF(x, baseline))
            painter.setPen(QPen(muted, 1))
            painter.drawLine(QPointF(x, baseline), QPointF(x, baseline + (4 if labelled else 2)))
            if labelled:
                left = min(max(x - year_width / 2, 0), self.width() - year_width)
                painter.drawText(QRectF(left, baseline + 4, year_width, metrics.height()),
                                 Qt.AlignmentFlag.AlignCenter, str(year))

    def _draw_listing(self, painter: QPainter, plot: QRectF, middle: float, marker: TimelineMarker,
                      accent: QColor) -> None:
        start = self._x(marker.date, plot)
        end = self._x(marker.delisted or self._today, plot)
        bar = QColor(accent)
        bar.setAlpha(90)
        painter.setPen(QPen(bar, 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(start, middle), QPointF(max(end, start), middle))
        painter.setPen(QPen(accent.darker(120), 1))
        painter.setBrush(accent)
        painter.drawEllipse(QPointF(start, middle), self.DOT_RADIUS, self.DOT_RADIUS)
        if marker.delisted:
            self._draw_cross(painter, end, middle)

    def _draw_undated(self, painter: QPainter, plot: QRectF, middle: float, marker: TimelineMarker,
                      accent: QColor, muted: QColor) -> None:
        """A hollow dot at the axis start, the delisting cross if known, then "date unknown"."""
        centre = QPointF(plot.left() + self.DOT_RADIUS + 1, middle)
        painter.setPen(QPen(accent, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, self.DOT_RADIUS, self.DOT_RADIUS)
        text_left = centre.x() + self.DOT_RADIUS + 5
        if marker.delisted:
            cross = self._x(marker.delisted, plot)
            self._draw_cross(painter, cross, middle)
            text_left = max(text_left, cross + self.DOT_RADIUS + 5)
        font = QFont(self.font())
        font.setItalic(True)
        painter.setFont(font)
        painter.setPen(muted)
        painter.drawText(QRectF(text_left, middle - self._row_height() / 2,
                                max(self.width() - text_left, 1), self._row_height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "date unknown")
        painter.setFont(self.font())

    def _draw_cross(self, painter: QPainter, x: float, middle: float) -> None:
        size = self.DOT_RADIUS
        painter.setPen(QPen(QColor(DELISTING_COLOUR), 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(x - size, middle - size), QPointF(x + size, middle + size))
        painter.drawLine(QPointF(x - size, middle + size), QPointF(x + size, middle - size))

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            row = self._row_at(event.pos().y())
            if row is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self._markers[row].describe(), self)
            return True
        return super().event(event)


# --- small building blocks -------------------------------------------------------------------


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping to a new line when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items: list = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:  # noqa: N802 - Qt API
        self._items.append(item)

    def addWidget(self, widget: QWidget) -> None:  # noqa: N802 - Qt API
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802 - Qt API
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802 - Qt API
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt API
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt API
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt API
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x > rect.x() and x + hint.width() > rect.right() + 1:
                x, y, line_height = rect.x(), y + line_height + self._spacing, 0
            if move:
                item.setGeometry(QRect(x, y, min(hint.width(), rect.width()), hint.height()))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


def chip(text: str, background: str, parent: QWidget | None = None) -> QLabel:
    """A rounded coloured tag with text that reads on it."""
    label = QLabel(text, parent)
    label.setObjectName("chip")
    foreground = readable_text_colour(background)
    label.setStyleSheet(f"QLabel#chip {{ background: {background}; color: {foreground};"
                        " border-radius: 9px; padding: 2px 9px; }")
    return label


class AutoHeightBrowser(QTextBrowser):
    """A frameless, transparent text browser as tall as its text: the pane scrolls, not it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setOpenExternalLinks(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.viewport().setAutoFillBackground(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(0)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self.highlighted.connect(lambda url: self.setToolTip(url.toString()))

    def _fit_height(self, size) -> None:
        self.setFixedHeight(int(size.height()) + 2 * self.frameWidth() + 2)


def _source_link(source: str) -> str:
    """A source as a link showing its site and path (the whole address wraps), or plain text."""
    parts = urlsplit(source.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return html.escape(source)
    site = parts.netloc.removeprefix("www.")
    rest = (parts.path + (f"?{parts.query}" if parts.query else "")).rstrip("/")
    shown = f"<b>{html.escape(site)}</b>{html.escape(rest)}"
    return f'<a href="{html.escape(source.strip(), quote=True)}">{shown}</a>'


# --- the pane ----------------------------------------------------------------------------------


class DetailPane(QDockWidget):
    """A dock with everything about the selected person and the analyst's note and flag."""

    annotation_changed = Signal(str)  # person_id, after a note or flag was saved

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__("Person", parent)
        self.setObjectName("detailPane")
        self.workspace = workspace
        self._person: tuple[str, str] | None = None  # (dataset key, person id) being edited
        self._saved_note = ""

        self.timeline = SanctionsTimeline()
        self.timeline.setObjectName("sanctionsTimeline")
        self._annotations = self._build_annotations()

        self.empty_label = QLabel(EMPTY_MESSAGE)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setMargin(24)
        self._set_muted(self.empty_label)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(QWidget())
        self.scroll.setMinimumWidth(300)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.scroll)
        self.setWidget(self.stack)

        self._save_timer = QTimer(self, singleShot=True, interval=NOTE_SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.flush_note)
        self.notes_edit.textChanged.connect(self._on_note_typed)
        self.flag_box.toggled.connect(self._on_flag_toggled)

    # --- public ----------------------------------------------------------------------------

    @property
    def person_id(self) -> str | None:
        return self._person[1] if self._person else None

    def show_person(self, dataset: Dataset | None, frame_row: int | None, dataset_key: str,
                    matched_rules: list[tuple[str, str, str]]) -> None:
        """Show one row of the dataset (None: the empty state), saving any pending note first."""
        self.flush_note()
        if dataset is None or frame_row is None:
            self._person = None
            self.stack.setCurrentWidget(self.empty_label)
            return
        record = dataset.frame.iloc[frame_row]
        person_id = str(record[schema.PERSON_ID])
        self._person = (dataset_key, person_id) if dataset_key else None
        self._load_annotations()
        self.timeline.set_markers(timeline_markers(record))
        body = self._build_body(dataset, frame_row, record, matched_rules)
        self.scroll.takeWidget().deleteLater()
        self.scroll.setWidget(body)
        self.scroll.verticalScrollBar().setValue(0)
        self.stack.setCurrentWidget(self.scroll)

    def flush_note(self) -> None:
        """Save the note now if it changed since the last save (called on every way out)."""
        self._save_timer.stop()
        if self._person is None:
            return
        text = self.notes_edit.toPlainText()
        if text != self._saved_note:
            self.workspace.set_note(*self._person, text)
            self._saved_note = text
            self.annotation_changed.emit(self._person[1])

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.flush_note()
        super().hideEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.flush_note()
        super().closeEvent(event)

    # --- notes and flag ----------------------------------------------------------------------

    def _build_annotations(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self._heading("Your notes"))
        self.flag_box = QCheckBox("Flag this person")
        self.flag_box.setObjectName("flagBox")
        layout.addWidget(self.flag_box)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("notesEdit")
        self.notes_edit.setPlaceholderText("Your own notes about this person…")
        self.notes_edit.setMinimumHeight(90)
        self.notes_edit.setTabChangesFocus(True)
        layout.addWidget(self.notes_edit)
        self.storage_label = QLabel(STORAGE_NOTICE)
        self.storage_label.setWordWrap(True)
        self._set_muted(self.storage_label, smaller=True)
        layout.addWidget(self.storage_label)
        return box

    def _load_annotations(self) -> None:
        editable = self._person is not None
        note = self.workspace.note(*self._person) if editable else ""
        flagged = self.workspace.flag(*self._person) if editable else False
        for widget in (self.notes_edit, self.flag_box):
            widget.blockSignals(True)
        self.notes_edit.setPlainText(note)
        self.flag_box.setChecked(flagged)
        for widget in (self.notes_edit, self.flag_box):
            widget.blockSignals(False)
            widget.setEnabled(editable)
        self._saved_note = note
        self.storage_label.setText(STORAGE_NOTICE if editable else
                                   "Notes and flags need a workbook opened from a file.")

    def _on_note_typed(self) -> None:
        if self._person is not None:
            self._save_timer.start()

    def _on_flag_toggled(self, flagged: bool) -> None:
        if self._person is not None:
            self.workspace.set_flag(*self._person, flagged)
            self.annotation_changed.emit(self._person[1])

    # --- the person's page ---------------------------------------------------------------------

    def _build_body(self, dataset: Dataset, frame_row: int, record: pd.Series,
                    matched_rules: list[tuple[str, str, str]]) -> QWidget:
        body = QWidget()
        body.setObjectName("personPage")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(14, 12, 14, 14)
        layout.setSpacing(6)

        self._add_header(layout, record)
        if pd.notna(record.get("delisted_date")):
            banner = QLabel(f"<b>Delisted</b> — removed from the U.S. list on "
                            f"{long_date(record['delisted_date'])}.")
            banner.setObjectName("delistingBanner")
            banner.setWordWrap(True)
            banner.setStyleSheet("QLabel#delistingBanner { background: rgba(211, 47, 47, 0.14);"
                                 f" border-left: 4px solid {DELISTING_COLOUR}; padding: 6px 8px; }}")
            layout.addWidget(banner)

        layout.addWidget(self._heading("U.S. designation"))
        form = self._form(layout)
        designated = readable_value("us_designation_date", record.get("us_designation_date"))
        self._add_row(form, "Date sanctioned", self._value_label(designated))
        self._add_row(form, schema.label("reasons"),
                    self._chips("reasonChips", record.get("reasons"), REASON_COLOURS))
        self._add_row(form, schema.label("authority"),
                    self._chips("authorityChips", record.get("authority"), {}, AUTHORITY_COLOUR))

        layout.addWidget(self._heading("Sanctioned by"))
        layout.addWidget(self.timeline)
        others = [m for m in self.timeline.markers()[1:] if m.listed]
        summary = "; ".join(f"{m.jurisdiction} {long_date(m.date) or '(date unknown)'}" for m in others)
        caption = self._value_label(summary or "No other jurisdiction recorded.", "jurisdictionSummary")
        self._set_muted(caption, smaller=True)
        layout.addWidget(caption)

        layout.addWidget(self._heading("Details"))
        form = self._form(layout)
        for column in DETAIL_FIELDS:
            self._add_row(form, schema.label(column),
                        self._value_label(readable_value(column, record.get(column)), column))

        notes = readable_value("notes", record.get("notes"))
        if notes:
            layout.addWidget(self._heading("Notes in the file"))
            browser = AutoHeightBrowser()
            browser.setObjectName("fileNotes")
            browser.setPlainText(notes)
            layout.addWidget(browser)

        self._add_rules(layout, matched_rules)
        layout.addSpacing(4)
        layout.addWidget(self._annotations)

        layout.addWidget(self._heading(schema.label("sources")))
        sources = record.get("sources")
        if isinstance(sources, tuple) and sources:
            browser = AutoHeightBrowser()
            browser.setObjectName("sourcesBrowser")
            browser.setHtml("".join(f'<p style="margin-bottom:5px">{_source_link(s)}</p>' for s in sources))
            layout.addWidget(browser)
        else:
            layout.addWidget(self._value_label(""))

        extra = [c for c in dataset.frame.columns if c not in schema.all_columns()]
        if extra:
            layout.addWidget(self._heading("Other columns"))
            form = self._form(layout)
            for column in extra:
                self._add_row(form, str(column), self._value_label(dataset.text(column)[frame_row]))

        layout.addWidget(self._footer(record))
        layout.addStretch(1)
        return body

    def _add_header(self, layout: QVBoxLayout, record: pd.Series) -> None:
        name = QLabel(readable_value("name", record.get("name")) or "(no name recorded)")
        name.setObjectName("personName")
        name.setWordWrap(True)
        name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        name.setFont(font)
        layout.addWidget(name)
        position = readable_value("position", record.get("position"))
        layout.addWidget(self._value_label(position, "personPosition"))
        institution = readable_value("institution", record.get("institution"))
        institution_label = self._value_label(institution, "personInstitution")
        if institution:
            self._set_muted(institution_label)
        layout.addWidget(institution_label)
        layout.addSpacing(4)

    def _add_rules(self, layout: QVBoxLayout, matched_rules: list[tuple[str, str, str]]) -> None:
        layout.addWidget(self._heading("Highlight rules matched"))
        if not matched_rules:
            none = QLabel("No highlight rule matches this person.")
            none.setObjectName("noRuleMatches")
            self._set_muted(none)
            layout.addWidget(none)
            return
        for name, colour, description in matched_rules:
            row = QWidget()
            row.setObjectName("ruleMatch")
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 2, 0, 2)
            row_layout.setSpacing(8)
            swatch = QLabel()
            swatch.setFixedSize(14, 14)
            border = muted_colour(self.palette()).name()
            swatch.setStyleSheet(f"background: {colour}; border: 1px solid {border}; border-radius: 3px;")
            row_layout.addWidget(swatch, 0, Qt.AlignmentFlag.AlignTop)
            text = QLabel(f"<b>{html.escape(name)}</b><br>{html.escape(description)}")
            text.setWordWrap(True)
            row_layout.addWidget(text, 1)
            layout.addWidget(row)

    def _footer(self, record: pd.Series) -> QLabel:
        parts = []
        sheet = readable_value("sheet", record.get("sheet"))
        if sheet:
            parts.append(f"Sheet “{sheet}”")
        source_row = record.get(schema.SOURCE_ROW)
        if source_row is not None and pd.notna(source_row):
            parts.append(f"row {int(source_row)}")
        parts.append(f"{schema.label(schema.PERSON_ID)} {record[schema.PERSON_ID]}")
        highlight = record.get(schema.SOURCE_HIGHLIGHT)
        if highlight is not None and pd.notna(highlight):
            parts.append(f"{schema.label(schema.SOURCE_HIGHLIGHT)} {highlight}")
        footer = QLabel(" · ".join(parts))
        footer.setObjectName("sourceFooter")
        footer.setWordWrap(True)
        footer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        footer.setContentsMargins(0, 10, 0, 0)
        self._set_muted(footer, smaller=True)
        return footer

    # --- widgets ---------------------------------------------------------------------------

    def _heading(self, text: str) -> QLabel:
        heading = QLabel(text)
        font = QFont(self.font())
        font.setBold(True)
        font.setCapitalization(QFont.Capitalization.AllUppercase)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        heading.setFont(font)
        heading.setContentsMargins(0, 12, 0, 2)
        self._set_muted(heading)
        return heading

    def _form(self, layout: QVBoxLayout) -> QGridLayout:
        """Label/value rows whose label column has the same width in every section."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        return grid

    def _add_row(self, grid: QGridLayout, label_text: str, value: QWidget) -> None:
        label = QLabel(label_text)
        label.setWordWrap(True)
        label.setFixedWidth(self.fontMetrics().horizontalAdvance(LABEL_COLUMN_SAMPLE) + 8)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._set_muted(label)
        row = grid.rowCount()
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)

    def _value_label(self, text: str, object_name: str = "") -> QLabel:
        """A selectable, wrapping value; empty text shows a muted "not recorded"."""
        label = QLabel(text or NOT_RECORDED)
        label.setObjectName(object_name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if not text:
            self._set_muted(label, italic=True)
        return label

    def _chips(self, object_name: str, values: object, colours: dict[str, str],
               default_colour: str = OTHER_CHIP_COLOUR) -> QWidget:
        if not isinstance(values, tuple) or not values:
            return self._value_label("", object_name)
        holder = QWidget()
        holder.setObjectName(object_name)
        flow = FlowLayout(holder)
        for value in values:
            flow.addWidget(chip(value, colours.get(value, default_colour), holder))
        return holder

    def _set_muted(self, label: QLabel, smaller: bool = False, italic: bool = False) -> None:
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, muted_colour(self.palette()))
        label.setPalette(palette)
        if smaller or italic:
            font = QFont(label.font())
            font.setItalic(italic)
            if smaller:
                font.setPointSizeF(font.pointSizeF() * 0.9)
            label.setFont(font)
