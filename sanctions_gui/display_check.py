"""Is there a screen to open the window on? Asked before Qt is loaded.

Without one (an SSH session, a server), Qt does not fail gracefully: it prints "could
not connect to display" and aborts the process (exit 134, a core dump). So on Linux
and the BSDs, before any Qt import, this module works out which platform plugins Qt
would try (`-platform`, QT_QPA_PLATFORM, else xcb, with wayland first in a Wayland
session) and tries each the way Qt would, but safely:

* the plugin library is loaded with ctypes, which fails with an error, not an abort,
  when a system library it links to (libxcb-cursor0 and the like) is missing;
* the display is connected to with libxcb or libwayland-client and closed at once.

Any other platform (offscreen, vnc, eglfs, ...) is taken at its word. Windows and macOS
always have a screen for a desktop app, so nothing is checked there.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

# Plugins that need a display server; every other platform is trusted to start.
DISPLAY_PLATFORMS = ("xcb", "wayland")
PLUGIN_FILES = {"xcb": "libqxcb.so", "wayland": "libqwayland.so"}
# libqwayland.so from Qt 6.7 on; earlier wheels ship the generic plugin under this name.
OLDER_PLUGIN_FILES = {"wayland": "libqwayland-generic.so"}
CLIENT_LIBRARIES = {"xcb": "libxcb.so.1", "wayland": "libwayland-client.so.0"}


def missing_display(argv: Sequence[str] = (), environ: Mapping[str, str] | None = None) -> str | None:
    """Why the window cannot open here, as one plain sentence, or None when it can."""
    if sys.platform in ("win32", "darwin"):
        return None
    environ = os.environ if environ is None else environ
    platforms = _platforms_qt_would_try(argv, environ)
    if any(not name.startswith(DISPLAY_PLATFORMS) for name in platforms):
        return None
    problems = [_try_platform(name, environ) for name in platforms]
    if any(problem is None for problem in problems):
        return None
    if not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        return ("there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set, "
                "as in an SSH session or on a server); the check, stats and export commands work "
                "without one (sanctions-workbench --help)")
    return "; ".join(dict.fromkeys(problems)) + " (the check, stats and export commands work without a display)"


def _platforms_qt_would_try(argv: Sequence[str], environ: Mapping[str, str]) -> list[str]:
    """Plugin names in Qt's order: `-platform` wins over QT_QPA_PLATFORM, both may list
    several separated by ";", each may carry ":options"."""
    argv = list(argv)
    chosen = next((argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg in ("-platform", "--platform")), None)
    chosen = chosen or environ.get("QT_QPA_PLATFORM", "")
    names = [part.split(":", 1)[0].strip().lower() for part in chosen.split(";")]
    names = [name for name in names if name]
    if names:
        return names
    return ["wayland", "xcb"] if environ.get("XDG_SESSION_TYPE", "").lower() == "wayland" else ["xcb"]


def _try_platform(name: str, environ: Mapping[str, str]) -> str | None:
    """None if Qt's `name` plugin would start here, else what stops it."""
    kind = "xcb" if name.startswith("xcb") else "wayland"
    plugin = _plugin_path(kind)
    if plugin is not None:
        try:
            ctypes.CDLL(str(plugin))
        except OSError as error:
            return f"Qt's {kind} display plugin cannot load: {_first_line(error)}"
    try:
        client = ctypes.CDLL(CLIENT_LIBRARIES[kind])
    except OSError as error:
        return f"the {kind} display library is missing: {_first_line(error)}"
    if kind == "xcb":
        return None if _x11_answers(client, environ.get("DISPLAY")) else (
            f"cannot connect to the X display {environ.get('DISPLAY') or '(DISPLAY is not set)'}")
    return None if _wayland_answers(client, environ.get("WAYLAND_DISPLAY")) else (
        f"cannot connect to the Wayland display {environ.get('WAYLAND_DISPLAY') or '(WAYLAND_DISPLAY is not set)'}")


def _plugin_path(kind: str) -> Path | None:
    """The platform plugin inside the installed PySide6 wheel, if it is laid out as one."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "Qt" / "plugins" / "platforms"
    for candidate in (PLUGIN_FILES[kind], OLDER_PLUGIN_FILES.get(kind)):
        if candidate and (folder / candidate).is_file():
            return folder / candidate
    return None


def _x11_answers(libxcb: ctypes.CDLL, display: str | None) -> bool:
    """Connect as Qt's xcb plugin does (the display, then XAUTHORITY) and hang up at once."""
    libxcb.xcb_connect.restype = ctypes.c_void_p
    libxcb.xcb_connect.argtypes = (ctypes.c_char_p, ctypes.c_void_p)
    libxcb.xcb_connection_has_error.argtypes = (ctypes.c_void_p,)
    libxcb.xcb_disconnect.argtypes = (ctypes.c_void_p,)
    connection = libxcb.xcb_connect(display.encode() if display else None, None)  # never NULL: a failed connection reports its error
    try:
        return connection is not None and libxcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection is not None:
            libxcb.xcb_disconnect(connection)


def _wayland_answers(libwayland: ctypes.CDLL, display: str | None) -> bool:
    libwayland.wl_display_connect.restype = ctypes.c_void_p
    libwayland.wl_display_connect.argtypes = (ctypes.c_char_p,)
    libwayland.wl_display_disconnect.argtypes = (ctypes.c_void_p,)
    connection = libwayland.wl_display_connect(display.encode() if display else None)  # None: "wayland-0"
    if not connection:
        return False
    libwayland.wl_display_disconnect(connection)
    return True


def _first_line(error: OSError) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__
