"""The Linux desktop entry: Sanctions Workbench in the applications menu, with its icon.

`sanctions-workbench --install-desktop-entry` writes, for the current user only and
following the XDG base directory layout (XDG_DATA_HOME, else ~/.local/share):

* applications/sanctions-workbench.desktop, which starts the command that installed it
  (the `sanctions-workbench` script of that virtual environment) and offers itself for
  the spreadsheet types the app reads;
* icons/hicolor/<size>/apps/sanctions-workbench.png and scalable/apps/….svg.

Each file is written atomically; running it again refreshes them (after moving the
virtual environment, say). `--remove-desktop-entry` deletes exactly those files.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from .core.atomic import write_atomically
from .core.paths import ICONS

APP_ID = "sanctions-workbench"  # the .desktop file's name, the icon's name, Qt's desktopFileName
SCALABLE_ICON = f"{APP_ID}.svg"
PNG_ICON = re.compile(rf"^{APP_ID}-(\d+)\.png$")
MIME_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",  # .xlsx
    "application/vnd.ms-excel.sheet.macroEnabled.12",  # .xlsm
    "application/vnd.oasis.opendocument.spreadsheet",  # .ods
    "application/vnd.ms-excel",  # .xls
    "text/csv",
)


class DesktopEntryError(Exception):
    """The entry could not be installed; the message says why in a plain sentence."""


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    configured = environ.get("XDG_DATA_HOME", "")
    return Path(configured) if os.path.isabs(configured) else Path.home() / ".local" / "share"


def icon_files() -> dict[str, Path]:
    """The shipped icons by hicolor folder: "scalable" for the SVG, "48x48" and so on."""
    icons = {"scalable": ICONS / SCALABLE_ICON}
    for path in ICONS.glob(f"{APP_ID}-*.png"):
        size = PNG_ICON.match(path.name)
        if size:
            icons[f"{size[1]}x{size[1]}"] = path
    return icons


def launch_command() -> list[str]:
    """How the entry starts the app: this environment's script, else its interpreter."""
    script = Path(sys.executable).with_name(APP_ID)
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "sanctions_gui"]


def desktop_file_text(command: list[str]) -> str:
    exec_line = " ".join(_exec_argument(argument) for argument in command)
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.5",
        "Name=Sanctions Workbench",
        "GenericName=Sanctions data workbench",
        "Comment=Study U.S. sanctions on Venezuelan individuals: highlight, review and export",
        f"Exec={exec_line} %f",
        f"TryExec={command[0]}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "StartupNotify=true",
        "Categories=Office;Spreadsheet;",
        "MimeType=" + "".join(f"{mime};" for mime in MIME_TYPES),
        "",
    ])


def _exec_argument(argument: str) -> str:
    """One Exec argument, quoted as the Desktop Entry Specification asks."""
    argument = argument.replace("%", "%%")
    if re.fullmatch(r"[A-Za-z0-9_@%+=:,./-]+", argument):
        return argument
    return '"' + re.sub(r'(["`$\\])', r"\\\1", argument) + '"'


def installed_paths(home: Path) -> dict[Path, Path | None]:
    """Each file the entry consists of, with the shipped file it is a copy of (None: the
    .desktop file, which is written, not copied)."""
    paths: dict[Path, Path | None] = {home / "applications" / f"{APP_ID}.desktop": None}
    for folder, source in icon_files().items():
        paths[home / "icons" / "hicolor" / folder / "apps" / f"{APP_ID}{source.suffix}"] = source
    return paths


def install(environ: Mapping[str, str] | None = None) -> list[Path]:
    """Write the desktop entry and its icons; returns the files written."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        raise DesktopEntryError("a desktop entry is for Linux desktops; on Windows and macOS, "
                                "start the app with the sanctions-workbench command")
    if not (ICONS / SCALABLE_ICON).is_file():
        raise DesktopEntryError(f"the icon {SCALABLE_ICON} is missing from {ICONS}; reinstall the app")
    home = data_home(environ)
    written = []
    for target, source in installed_paths(home).items():
        content = desktop_file_text(launch_command()).encode("utf-8") if source is None else source.read_bytes()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, content)
        except OSError as error:
            raise DesktopEntryError(f"could not write {target}: {error.strerror or error}") from None
        written.append(target)
    _touch(home / "icons" / "hicolor")  # desktops re-read an icon theme whose folder changed
    return written


def remove(environ: Mapping[str, str] | None = None) -> list[Path]:
    """Delete the entry's files; returns those that were there."""
    removed = []
    for target in installed_paths(data_home(environ)):
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise DesktopEntryError(f"could not remove {target}: {error.strerror or error}") from None
        removed.append(target)
    return removed


def _touch(folder: Path) -> None:
    try:
        os.utime(folder)
    except OSError:
        pass  # only a hint to the desktop; the icons are in place either way
