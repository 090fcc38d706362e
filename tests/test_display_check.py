"""Without a screen, the window says so in one line instead of Qt aborting the process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sanctions_gui import display_check
from sanctions_gui.core import paths

ROOT = Path(__file__).resolve().parents[1]
DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE")
linux_only = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="Windows and macOS always have a screen")


def headless_environment(**extra: str) -> dict[str, str]:
    """This process's environment as an SSH session without X forwarding would have it."""
    environment = {key: value for key, value in os.environ.items() if key not in DISPLAY_VARIABLES}
    return {**environment, **extra}


def run_main(*args: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, capture_output=True, text=True,
                          env=headless_environment(**extra), timeout=120, check=False)


@linux_only
@pytest.mark.parametrize("arguments", [(), (str(paths.BUNDLED_WORKBOOK),)], ids=["bundled", "file"])
def test_without_a_display_the_window_says_so_in_one_line_instead_of_aborting(arguments):
    done = run_main(*arguments)

    assert done.returncode == 2  # not 134, Qt's abort
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("sanctions-workbench: there is no display")
    assert "check, stats and export" in lines[0]


@linux_only
def test_a_display_that_does_not_answer_is_named():
    free = next(n for n in range(91, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    done = run_main(DISPLAY=f":{free}")

    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"sanctions-workbench: cannot connect to the X display :{free} "
        "(the check, stats and export commands work without a display)"]


@linux_only
def test_commands_work_without_a_display():
    done = run_main("stats", "--sheet", "post")

    assert done.returncode == 0, done.stderr
    assert "Obama" in done.stdout


@linux_only
@pytest.mark.parametrize("argv, environ", [
    ([], {"QT_QPA_PLATFORM": "offscreen"}),
    ([], {"QT_QPA_PLATFORM": "wayland;offscreen"}),  # a fallback that needs no display
    (["-platform", "vnc:size=800x600"], {}),
    (["--platform", "minimal"], {"QT_QPA_PLATFORM": "xcb"}),  # the option wins over the variable
], ids=["offscreen", "fallback", "vnc-option", "option-over-variable"])
def test_platforms_that_need_no_display_are_trusted(argv, environ):
    assert display_check.missing_display(argv, environ) is None


def test_qt_tries_wayland_first_only_in_a_wayland_session():
    assert display_check._platforms_qt_would_try([], {}) == ["xcb"]
    assert display_check._platforms_qt_would_try([], {"XDG_SESSION_TYPE": "wayland"}) == ["wayland", "xcb"]
    assert display_check._platforms_qt_would_try([], {"QT_QPA_PLATFORM": "wayland-egl; xcb:x=1"}) == [
        "wayland-egl", "xcb"]


@linux_only
def test_a_platform_plugin_that_cannot_load_is_reported_not_fatal(tmp_path, monkeypatch):
    broken = tmp_path / "libqxcb.so"
    broken.write_bytes(b"not a shared library")
    monkeypatch.setattr(display_check, "_plugin_path", lambda kind: broken)

    problem = display_check.missing_display([], {"DISPLAY": ":0"})

    assert problem is not None and problem.startswith("Qt's xcb display plugin cannot load: ")


@linux_only
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb (Debian package xvfb)")
def test_a_display_that_answers_is_accepted(tmp_path):
    free = next(n for n in range(91, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    server = subprocess.Popen(["Xvfb", f":{free}", "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not Path(f"/tmp/.X11-unix/X{free}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert display_check.missing_display([], {"DISPLAY": f":{free}"}) is None
    finally:
        server.terminate()
        server.wait(timeout=60)
