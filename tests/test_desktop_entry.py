"""`--install-desktop-entry`: the app in the Linux applications menu, with its icon."""

from __future__ import annotations

import configparser
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from sanctions_gui import desktop_entry

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="desktop entries are for Linux")


def run_main(*args: str, data_home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "XDG_DATA_HOME": str(data_home)}, timeout=120, check=False)


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_install_puts_the_app_and_its_icons_in_the_menu(tmp_path):
    done = run_main("--install-desktop-entry", data_home=tmp_path)

    assert done.returncode == 0, done.stderr
    entry_path = tmp_path / "applications" / "sanctions-workbench.desktop"
    assert str(entry_path) in done.stdout
    entry = read_entry(entry_path)
    assert entry["Type"] == "Application" and entry["Name"] == "Sanctions Workbench"
    command = shlex.split(entry["Exec"])
    assert command[-1] == "%f"
    assert Path(command[0]).is_file() and os.access(command[0], os.X_OK)
    assert entry["TryExec"] == command[0]
    assert "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" in entry["MimeType"].split(";")
    icon = entry["Icon"]
    installed = sorted(p.relative_to(tmp_path / "icons" / "hicolor").as_posix()
                       for p in (tmp_path / "icons" / "hicolor").rglob(f"{icon}.*"))
    shipped_sizes = sorted(p.stem.rsplit("-", 1)[1] for p in (ROOT / "resources" / "icons").glob("*.png"))
    assert installed == sorted([f"{size}x{size}/apps/{icon}.png" for size in shipped_sizes]
                               + [f"scalable/apps/{icon}.svg"])
    for size in shipped_sizes:
        copy = tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{icon}.png"
        assert copy.read_bytes() == (ROOT / "resources" / "icons" / f"{icon}-{size}.png").read_bytes()


def test_installing_again_replaces_the_files_and_leaves_no_temporaries(tmp_path):
    entry_path = tmp_path / "applications" / "sanctions-workbench.desktop"
    entry_path.parent.mkdir(parents=True)
    entry_path.write_text("[Desktop Entry]\nExec=/old/venv/bin/sanctions-workbench %f\n")

    desktop_entry.install({"XDG_DATA_HOME": str(tmp_path)})
    desktop_entry.install({"XDG_DATA_HOME": str(tmp_path)})

    assert "/old/venv" not in entry_path.read_text()
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_remove_takes_out_exactly_what_install_wrote(tmp_path):
    desktop_entry.install({"XDG_DATA_HOME": str(tmp_path)})
    other = tmp_path / "applications" / "someone-else.desktop"
    other.write_text("[Desktop Entry]\n")

    done = run_main("--remove-desktop-entry", data_home=tmp_path)

    assert done.returncode == 0, done.stderr
    assert other.exists()
    assert not [p for p in tmp_path.rglob("sanctions-workbench*")]
    again = run_main("--remove-desktop-entry", data_home=tmp_path)
    assert again.returncode == 0 and "no desktop entry" in again.stdout


def test_an_unwritable_menu_folder_is_a_plain_message(tmp_path):
    (tmp_path / "applications").write_text("a file where the folder should be")

    done = run_main("--install-desktop-entry", data_home=tmp_path)

    assert done.returncode == 2
    assert done.stderr.startswith("sanctions-workbench: could not write ")
    assert "Traceback" not in done.stderr


def test_exec_arguments_are_quoted_as_the_specification_asks():
    text = desktop_entry.desktop_file_text(['/home/ana/my apps/$venv/bin/sanctions-workbench'])
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line == r'Exec="/home/ana/my apps/\$venv/bin/sanctions-workbench" %f'
    assert desktop_entry._exec_argument("/opt/100%/x") == "/opt/100%%/x"
