"""The person pane's page for reading: who, what, when, the rules they match, sources, other columns.

Each value comes with what the data says about it: a value that rests on an assumption,
an inference or an unconfirmed day has its caveat written under it (amber, in words, not
only in a tooltip); a government nobody researched reads "not researched", never "not
sanctioned"; caveats the file gives that name no field are listed as written. A value
the analyst changed in the working copy carries a "changed" tag saying what the file has;
a person added or removed says so at the top.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..core import schema
from ..core.caveats import NOT_RESEARCHED, Caveat, RowCaveats
from ..core.person import long_date, readable_value, record_caveats, timeline_markers
from ..core.view import Dataset
from .page_parts import PageParts, muted_colour
from .person_widgets import AutoHeightBrowser, chip_list, source_link
from .timeline import DELISTING_COLOUR, SanctionsTimeline

if TYPE_CHECKING:
    from ..core.working_copy import WorkingCopy

# Chip backgrounds: light tints that read with dark text on light and dark themes alike.
REASON_COLOURS = {
    "corruption": "#FFE0B2",
    "human rights": "#FFCDD2",
    "undermining democracy": "#D1C4E9",
    "narcotics": "#C8E6C9",
    "terrorism": "#CFD8DC",
}
AUTHORITY_COLOUR = "#BBDEFB"
CAVEAT_COLOUR = "#8D5A00"  # dark amber: reads on light themes, and beside the muted grey
CHANGED_COLOUR = "#EF6C00"  # the table's edited-cell mark
# Shown in the "Details" form; name, position, institution, reasons, authority, the
# U.S. designation, delisting, jurisdictions, sources and notes have their own places.
DETAIL_FIELDS = (schema.Col.ALIASES, schema.Col.GENDER, schema.Col.DATE_OF_BIRTH, schema.Col.SECURITY_STATUS,
                 schema.Col.FORMER_COMMANDER, schema.Col.COMMANDED_UNIT, schema.Col.ADMINISTRATION)
BANNER = "QLabel#{name} {{ background: {background}; border-left: 4px solid {border}; padding: 6px 8px; }}"


class PersonMarks:
    """What the working copy says of one person: which cells changed (and what the file has)."""

    def __init__(self, edited: Callable[[str], bool], file_text: Callable[[str], str], added: bool, removed: bool):
        self.edited, self.file_text, self.added, self.removed = edited, file_text, added, removed

    @classmethod
    def of(cls, working: WorkingCopy | None, person_id: str, row: int) -> PersonMarks:
        """The marks of one person (at `row` of the frame), if there is a working copy."""
        if working is None:
            return cls(lambda _column: False, lambda _column: "", False, False)
        return cls(lambda column: working.edited(row, column),
                   lambda column: readable_value(column, working.file_value(person_id, column)),
                   working.is_added(person_id), working.is_removed(person_id))


class PersonPage:
    """Builds the reading page of the person pane (the notes between its halves are the pane's)."""

    def __init__(self, parts: PageParts, restore: Callable[[], None]):
        self.parts = parts
        self.restore = restore
        self.timeline: SanctionsTimeline | None = None  # the last page's: each page has its own, deleted with it

    def _part(self) -> tuple[QWidget, QVBoxLayout]:
        part = QWidget()
        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        return part, layout

    def build(self, dataset: Dataset, frame_row: int, record: pd.Series, matched_rules: list[tuple[str, str, str]],
              marks: PersonMarks) -> tuple[QWidget, QWidget]:
        """The page above the analyst's notes (who, what, when, rules) and below them (sources)."""
        upper, layout = self._part()
        self.timeline = SanctionsTimeline()
        self.timeline.setObjectName("sanctionsTimeline")
        self.timeline.set_markers(timeline_markers(record))
        caveats = record_caveats(record)
        self._add_state(layout, record, marks)
        self._add_header(layout, record, caveats, marks)
        if pd.notna(record.get(schema.Col.DELISTED_DATE)):
            banner = self._banner("delistingBanner", f"<b>Delisted</b> — removed from the U.S. list on "
                                  f"{long_date(record[schema.Col.DELISTED_DATE])}.", "rgba(211, 47, 47, 0.14)",
                                  DELISTING_COLOUR)
            layout.addWidget(banner)
            self._add_caveat(layout, caveats.get(schema.Col.DELISTED_DATE), schema.Col.DELISTED_DATE)

        layout.addWidget(self.parts.heading("U.S. designation"))
        form = self.parts.form(layout)
        date = schema.Col.US_DESIGNATION_DATE
        self.parts.add_row(form, "Date sanctioned", self._value(date, readable_value(date, record.get(date)),
                                                                caveats, marks, name=""))
        reasons = chip_list(self.parts, "reasonChips", record.get(schema.Col.REASONS), REASON_COLOURS)
        authority = chip_list(self.parts, "authorityChips", record.get(schema.Col.AUTHORITY), {}, AUTHORITY_COLOUR)
        for column, chips in ((schema.Col.REASONS, reasons), (schema.Col.AUTHORITY, authority)):
            self.parts.add_row(form, schema.label(column), self._with_marks(chips, column, caveats, marks))

        layout.addWidget(self.parts.heading("Sanctioned by"))
        layout.addWidget(self.timeline)
        self._add_jurisdiction_summary(layout)

        layout.addWidget(self.parts.heading("Details"))
        form = self.parts.form(layout)
        for column in DETAIL_FIELDS:
            self.parts.add_row(form, schema.label(column),
                               self._value(column, readable_value(column, record.get(column)), caveats, marks))

        notes = readable_value(schema.Col.NOTES, record.get(schema.Col.NOTES))
        if notes:
            layout.addWidget(self.parts.heading("Notes in the file"))
            browser = AutoHeightBrowser()
            browser.setObjectName("fileNotes")
            browser.setPlainText(notes)
            layout.addWidget(self._with_marks(browser, schema.Col.NOTES, caveats, marks))
        if caveats.unplaced:
            layout.addWidget(self.parts.heading("Other caveats in the file"))
            for item in caveats.unplaced:
                layout.addWidget(self._caveat_text(item, "unplacedCaveat"))

        self._add_rules(layout, matched_rules)
        layout.addSpacing(4)

        lower, layout = self._part()
        layout.addWidget(self.parts.heading(schema.label(schema.Col.SOURCES)))
        sources = record.get(schema.Col.SOURCES)
        if isinstance(sources, tuple) and sources:
            browser = AutoHeightBrowser()
            browser.setObjectName("sourcesBrowser")
            browser.setHtml("".join(f'<p style="margin-bottom:5px">{source_link(s)}</p>' for s in sources))
            layout.addWidget(self._with_marks(browser, schema.Col.SOURCES, caveats, marks))
        else:
            layout.addWidget(self._with_marks(self.parts.value_label(""), schema.Col.SOURCES, caveats, marks))

        extra = [c for c in dataset.frame.columns if c not in schema.all_columns()]
        if extra:
            layout.addWidget(self.parts.heading("Other columns"))
            form = self.parts.form(layout)
            for column in extra:
                self.parts.add_row(form, str(column), self._value(column, dataset.text(column)[frame_row], caveats,
                                                                  marks, name=""))
        layout.addWidget(self._footer(record, marks))
        return upper, lower

    # --- values with their caveats and marks --------------------------------------------------------

    def _value(self, column: str, text: str, caveats: RowCaveats, marks: PersonMarks, name: str | None = None) -> QWidget:
        """A value (its label named after the column), its caveat under it, and its changed tag."""
        caveat = caveats.get(column)
        if not text and caveat is not None and caveat.qualifier == NOT_RESEARCHED:
            text = NOT_RESEARCHED
        label = self.parts.value_label(text, column if name is None else name)
        return self._with_marks(label, column, caveats, marks)

    def _with_marks(self, widget: QWidget, column: str, caveats: RowCaveats, marks: PersonMarks) -> QWidget:
        caveat, edited = caveats.get(column), marks.edited(column)
        if caveat is None and not edited:
            return widget
        holder, layout = self._part()
        layout.setSpacing(2)
        line = QHBoxLayout()
        line.setSpacing(6)
        line.addWidget(widget, 1)
        if edited:
            line.addWidget(self._changed_tag(column, marks), 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(line)
        self._add_caveat(layout, caveat, column)
        return holder

    def _changed_tag(self, column: str, marks: PersonMarks) -> QLabel:
        tag = QLabel("changed")
        tag.setObjectName(f"{column}Changed")
        before = marks.file_text(column)
        tag.setToolTip(f"Changed in the working copy; the file has ‘{before or 'nothing'}’." if not marks.added
                       else "Given in the working copy (the person is not in the file yet).")
        tag.setStyleSheet(f"QLabel {{ color: {CHANGED_COLOUR}; border: 1px solid {CHANGED_COLOUR};"
                          " border-radius: 7px; padding: 0 5px; }")
        font = QFont(tag.font())
        font.setPointSizeF(font.pointSizeF() * 0.85)
        tag.setFont(font)
        return tag

    def _add_caveat(self, layout: QVBoxLayout, caveat: Caveat | None, column: str) -> None:
        if caveat is not None:
            layout.addWidget(self._caveat_text(f"⚠ {caveat.describe()}", f"{column}Caveat"))

    def _caveat_text(self, text: str, object_name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(object_name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setStyleSheet(f"QLabel {{ color: {CAVEAT_COLOUR}; }}")
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * 0.9)
        label.setFont(font)
        return label

    def _banner(self, name: str, text: str, background: str, border: str) -> QLabel:
        banner = QLabel(text)
        banner.setObjectName(name)
        banner.setWordWrap(True)
        banner.setStyleSheet(BANNER.format(name=name, background=background, border=border))
        return banner

    def _add_state(self, layout: QVBoxLayout, record: pd.Series, marks: PersonMarks) -> None:
        """A person added or removed in the working copy says so first."""
        if marks.removed:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(self._banner("removedBanner", "<b>Removed</b> from the working copy: left out of the "
                                        "workbook when you save it.", "rgba(120, 120, 120, 0.16)", "#757575"), 1)
            restore = QPushButton("Restore")
            restore.setObjectName("restorePerson")
            restore.clicked.connect(self.restore)
            line.addWidget(restore, 0, Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(row)
        if marks.added:
            sheet = readable_value(schema.Col.SHEET, record.get(schema.Col.SHEET))
            layout.addWidget(self._banner("addedBanner", f"<b>Added</b> in the working copy, to the sheet "
                                          f"“{html.escape(sheet)}”: not in the file until you save it.",
                                          "rgba(239, 108, 0, 0.12)", CHANGED_COLOUR))

    def _add_header(self, layout: QVBoxLayout, record: pd.Series, caveats: RowCaveats, marks: PersonMarks) -> None:
        name = QLabel(readable_value(schema.Col.NAME, record.get(schema.Col.NAME)) or "(no name recorded)")
        name.setObjectName("personName")
        name.setWordWrap(True)
        name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.parts.reference.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        name.setFont(font)
        layout.addWidget(self._with_marks(name, schema.Col.NAME, caveats, marks))
        position = readable_value(schema.Col.POSITION, record.get(schema.Col.POSITION))
        layout.addWidget(self._with_marks(self.parts.value_label(position, "personPosition"), schema.Col.POSITION,
                                          caveats, marks))
        institution = readable_value(schema.Col.INSTITUTION, record.get(schema.Col.INSTITUTION))
        institution_label = self.parts.value_label(institution, "personInstitution")
        if institution:
            self.parts.set_muted(institution_label)
        layout.addWidget(self._with_marks(institution_label, schema.Col.INSTITUTION, caveats, marks))
        layout.addSpacing(4)

    def _add_jurisdiction_summary(self, layout: QVBoxLayout) -> None:
        """Under the timeline, in words: who listed the person and when, with each caveat; who was not researched."""
        markers = self.timeline.markers()[1:]
        listed = [m.jurisdiction + (f" {long_date(m.date)}" if m.date else ", date unknown")
                  + (f" ({m.caveat.describe()})" if m.caveat is not None else "") for m in markers if m.listed]
        caption = self.parts.value_label("; ".join(listed) or "No other jurisdiction recorded.", "jurisdictionSummary")
        self.parts.set_muted(caption, smaller=True)
        layout.addWidget(caption)
        unresearched = [m for m in markers if not m.listed and not m.researched]
        if unresearched:
            reasons = {m.caveat.reason for m in unresearched if m.caveat.reason}
            why = f" ({'; '.join(sorted(reasons))})" if reasons else ""
            layout.addWidget(self._caveat_text(f"Not researched: {', '.join(m.jurisdiction for m in unresearched)}"
                                               f"{why}. An empty row there means nothing is known, not that the "
                                               "person is not listed.", "notResearched"))

    def _add_rules(self, layout: QVBoxLayout, matched_rules: list[tuple[str, str, str]]) -> None:
        layout.addWidget(self.parts.heading("Highlight rules matched"))
        if not matched_rules:
            none = QLabel("No highlight rule matches this person.")
            none.setObjectName("noRuleMatches")
            self.parts.set_muted(none)
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
            border = muted_colour(self.parts.reference.palette()).name()
            swatch.setStyleSheet(f"background: {colour}; border: 1px solid {border}; border-radius: 3px;")
            row_layout.addWidget(swatch, 0, Qt.AlignmentFlag.AlignTop)
            text = QLabel(f"<b>{html.escape(name)}</b><br>{html.escape(description)}")
            text.setWordWrap(True)
            row_layout.addWidget(text, 1)
            layout.addWidget(row)

    def _footer(self, record: pd.Series, marks: PersonMarks) -> QLabel:
        parts = []
        sheet = readable_value(schema.Col.SHEET, record.get(schema.Col.SHEET))
        if sheet:
            parts.append(f"Sheet “{sheet}”")
        source_row = record.get(schema.SOURCE_ROW)
        if source_row is not None and pd.notna(source_row):
            parts.append(f"row {int(source_row)}")
        elif marks.added:
            parts.append("not in the file yet")
        parts.append(f"{schema.label(schema.PERSON_ID)} {record[schema.PERSON_ID]}")
        highlight = record.get(schema.SOURCE_HIGHLIGHT)
        if highlight is not None and pd.notna(highlight):
            parts.append(f"{schema.label(schema.SOURCE_HIGHLIGHT)} {highlight}")
        footer = QLabel(" · ".join(parts))
        footer.setObjectName("sourceFooter")
        footer.setWordWrap(True)
        footer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        footer.setContentsMargins(0, 10, 0, 0)
        self.parts.set_muted(footer, smaller=True)
        return footer
