"""Exporting a chart: the size dialog, and writing the file so nobody sees half of it.

The chart is laid out afresh for the size chosen, so an export never takes the panel's
shape; the dialog refuses a size at which any label would be left out and says why.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget,
)

from ..core.chart_layout import ChartLayout
from .app_settings import app_settings

DEFAULT_SIZE = (1600, 1000)  # a readable landscape, for a slide or a report page
PRESETS = (("Landscape", 1600, 1000), ("Slide (16:9)", 1920, 1080), ("Square", 1200, 1200), ("Portrait", 1000, 1400))
MIN_SIZE, MAX_SIZE = (400, 300), 8000
SIZE_SETTING = "chart_export/size"
KINDS = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)"}


class ExportSizeDialog(QDialog):
    """Width and height of the exported chart, with a check that every label fits."""

    def __init__(self, kind: str, layout_for: Callable[[int, int], ChartLayout], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Export the chart as {kind.upper()}")
        self._layout_for = layout_for
        saved = app_settings().value(SIZE_SETTING, "", type=str)
        width, height = _parse_size(saved) or DEFAULT_SIZE
        self.preset_combo = QComboBox(self)
        for name, w, h in PRESETS:
            self.preset_combo.addItem(f"{name}, {w} × {h}")
        self.preset_combo.addItem("Your own size")
        self.width_box = _spin_box(MIN_SIZE[0], width, self)
        self.height_box = _spin_box(MIN_SIZE[1], height, self)
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×", self))
        size_row.addWidget(self.height_box)
        size_row.addWidget(QLabel("pixels", self))
        size_row.addStretch()
        self.check_label = QLabel(self)
        self.check_label.setObjectName("exportCheck")
        self.check_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose where to save…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Size", self.preset_combo)
        form.addRow("", size_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.check_label)
        layout.addWidget(self.buttons)
        self.preset_combo.currentIndexChanged.connect(self._preset_chosen)
        self.width_box.valueChanged.connect(self._size_changed)
        self.height_box.valueChanged.connect(self._size_changed)
        self._size_changed()

    def chosen_size(self) -> tuple[int, int]:
        return self.width_box.value(), self.height_box.value()

    def set_size(self, width: int, height: int) -> None:
        self.width_box.setValue(width)
        self.height_box.setValue(height)

    def _preset_chosen(self, index: int) -> None:
        if index < len(PRESETS):
            self.set_size(*PRESETS[index][1:])

    def _size_changed(self, *_args) -> None:
        size = self.chosen_size()
        presets = [(w, h) for _name, w, h in PRESETS]
        self.preset_combo.blockSignals(True)
        self.preset_combo.setCurrentIndex(presets.index(size) if size in presets else len(presets))
        self.preset_combo.blockSignals(False)
        problem = self._layout_for(*size).what_does_not_fit()
        if problem:
            self.check_label.setText(f"At {size[0]} × {size[1]} pixels {problem}: choose a larger size.")
            self.check_label.setStyleSheet("color: #B00020;")
        else:
            self.check_label.setText("Every label fits at this size.")
            self.check_label.setStyleSheet("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def accept(self) -> None:
        app_settings().setValue(SIZE_SETTING, "{}x{}".format(*self.chosen_size()))
        super().accept()


def _spin_box(minimum: int, value: int, parent: QWidget) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(minimum, MAX_SIZE)
    box.setSingleStep(100)
    box.setValue(value)
    box.setAccelerated(True)
    return box


def _parse_size(text: str) -> tuple[int, int] | None:
    try:
        width, height = (int(part) for part in text.split("x"))
    except ValueError:
        return None
    fits = MIN_SIZE[0] <= width <= MAX_SIZE and MIN_SIZE[1] <= height <= MAX_SIZE
    return (width, height) if fits else None


def with_suffix(path: Path, kind: str) -> Path:
    """The path with the kind's extension added when the analyst typed none (or another)."""
    return path if path.suffix.lower() == f".{kind}" else path.with_name(f"{path.name}.{kind}")
