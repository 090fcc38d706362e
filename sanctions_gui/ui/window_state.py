"""The window's size, place and panels as the analyst left them, always on a screen.

Qt restores a saved geometry as it was, even when the screens have changed since (a
laptop off its monitor, a different scaling): the window, or a floating panel, can
come back partly off every screen. After restoring, anything outside the screens is
moved (and if need be shrunk) back onto the nearest one.

Panels (docks) come back with QMainWindow.restoreState, which needs every dock to
exist first: the chart panel, created on first use, is therefore created before the
state is restored when it was open last time, so a Person + Charts tab pair comes back
as tabs.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

DEFAULT_SIZE = (1400, 860)


def pulled_on_screen(frame: QRect, screens: list[QRect]) -> QRect:
    """`frame` moved (and shrunk to fit if larger) onto the screen it overlaps most."""
    if not screens:
        return frame
    best = max(screens, key=lambda s: _overlap(frame, s))
    if _overlap(frame, best) == 0:  # on no screen at all: the one nearest its centre
        centre = frame.center()
        best = min(screens, key=lambda s: (s.center() - centre).manhattanLength())
    width, height = min(frame.width(), best.width()), min(frame.height(), best.height())
    left = min(max(frame.left(), best.left()), best.right() - width + 1)
    top = min(max(frame.top(), best.top()), best.bottom() - height + 1)
    return QRect(left, top, width, height)


def _overlap(a: QRect, b: QRect) -> int:
    inside = a.intersected(b)
    return inside.width() * inside.height() if not inside.isEmpty() else 0


def available_screens() -> list[QRect]:
    return [screen.availableGeometry() for screen in QGuiApplication.screens()]


def keep_on_screen(widget: QWidget) -> None:
    """Move a top-level window (or floating panel) back onto a screen if any part is off."""
    frame = widget.frameGeometry()
    target = pulled_on_screen(frame, available_screens())
    if target != frame:
        border_w, border_h = frame.width() - widget.width(), frame.height() - widget.height()
        widget.resize(target.width() - border_w, target.height() - border_h)
        widget.move(target.topLeft())


def restore_geometry(window: QMainWindow, settings: QSettings) -> None:
    geometry = settings.value("geometry")
    if isinstance(geometry, QByteArray) and window.restoreGeometry(geometry):
        keep_on_screen(window)
    else:  # first run: the default size, or the whole screen if that is smaller
        screens = available_screens()
        room = screens[0] if screens else QRect(0, 0, *DEFAULT_SIZE)
        window.resize(min(DEFAULT_SIZE[0], room.width()), min(DEFAULT_SIZE[1], room.height()))


def restore_docks(window: QMainWindow, settings: QSettings) -> bool:
    """Panels as they were; floating ones kept on a screen. False if nothing was saved."""
    state = settings.value("dock_state")
    if not isinstance(state, QByteArray) or not window.restoreState(state):
        return False
    for dock in window.findChildren(QDockWidget):
        if dock.isFloating():
            keep_on_screen(dock)
    return True


def save(window: QMainWindow, settings: QSettings) -> None:
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("dock_state", window.saveState())


def give_way(window: QMainWindow, docks: list[QDockWidget], table_width: int, wanted: int) -> None:
    """Narrow the docked side panels (not the table) while the table is narrower than `wanted`,
    each in proportion to the room it has above its minimum."""
    docks = [d for d in docks if d.isVisible() and not d.isFloating()]
    short = wanted - table_width
    spare = [d.width() - d.minimumSizeHint().width() for d in docks]
    if short <= 0 or not docks or sum(spare) <= 0:
        return
    taken = min(short, sum(spare))
    window.resizeDocks(docks, [d.width() - round(taken * room / sum(spare)) for d, room in zip(docks, spare)],
                       Qt.Orientation.Horizontal)
