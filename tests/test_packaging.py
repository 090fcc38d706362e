"""What a wheel carries: every package, the bundled dataset, the presets, the icons, one version.

CI (.ci/run) builds the real wheel and installs it in a fresh environment; these tests
check the configuration that wheel is built from, and that an installed copy of the
package finds its files inside itself, run from another folder.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import sanctions_gui
from sanctions_gui.core import paths

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def test_every_package_is_listed_for_the_wheel():
    on_disk = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "sanctions_gui").rglob("__init__.py")
               if "__pycache__" not in init.parts}
    listed = set(SETUPTOOLS["packages"])
    assert on_disk <= listed, f"packages missing from pyproject.toml: {sorted(on_disk - listed)}"


def test_the_data_and_resource_folders_are_mapped_into_the_package():
    assert SETUPTOOLS["package-dir"] == {"sanctions_gui.data": "data", "sanctions_gui.resources": "resources"}
    assert set(SETUPTOOLS["package-data"]) == set(SETUPTOOLS["package-dir"])
    assert {"sanctions_gui.data", "sanctions_gui.resources"} <= set(SETUPTOOLS["packages"])


def shipped_files(package: str) -> set[str]:
    folder = ROOT / SETUPTOOLS["package-dir"][package]
    patterns = SETUPTOOLS["package-data"][package]
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()
            and any(fnmatch.fnmatch(path.relative_to(folder).as_posix(), pattern) for pattern in patterns)}


def test_the_wheel_carries_the_workbook_every_preset_and_every_icon():
    data = shipped_files("sanctions_gui.data")
    resources = shipped_files("sanctions_gui.resources")
    assert paths.BUNDLED_WORKBOOK.name in data
    presets = {f"rules/{path.name}" for path in (ROOT / "resources" / "rules").glob("*.json")}
    icons = {f"icons/{path.name}" for path in (ROOT / "resources" / "icons").iterdir() if path.suffix in (".svg", ".png")}
    assert presets and icons
    assert presets | icons <= resources
    assert not any(name.endswith(".py") for name in resources)  # the icon render script stays out


def test_the_version_is_read_from_the_package():
    assert "version" in PYPROJECT["project"]["dynamic"] and "version" not in PYPROJECT["project"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "sanctions_gui.__version__"}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--version"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0
    assert done.stdout.strip() == f"sanctions-workbench {sanctions_gui.__version__}"


def test_an_installed_copy_finds_its_files_inside_the_package(tmp_path):
    # The layout pyproject.toml gives a wheel: data/ and resources/ inside sanctions_gui/.
    site = tmp_path / "site-packages"
    shutil.copytree(ROOT / "sanctions_gui", site / "sanctions_gui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", site / "sanctions_gui" / "data")
    shutil.copytree(ROOT / "resources", site / "sanctions_gui" / "resources")
    elsewhere = tmp_path / "somewhere else"
    elsewhere.mkdir()
    environment = {**os.environ, "PYTHONPATH": str(site)}
    probe = ("from sanctions_gui.core import paths; "
             "print(paths.BUNDLED_WORKBOOK); print(paths.PRESET_RULES); print(paths.ICONS)")
    found = subprocess.run([sys.executable, "-c", probe], cwd=elsewhere, env=environment, capture_output=True,
                           text=True, timeout=120, check=True).stdout.split("\n")[:3]
    assert [Path(line) for line in found] == [site / "sanctions_gui" / "data" / paths.BUNDLED_WORKBOOK.name,
                                             site / "sanctions_gui" / "resources" / "rules",
                                             site / "sanctions_gui" / "resources" / "icons"]
    stats = subprocess.run([sys.executable, "-m", "sanctions_gui", "stats", "--sheet", "post"], cwd=elsewhere,
                           env=environment, capture_output=True, text=True, timeout=120, check=False)
    assert stats.returncode == 0, stats.stderr
    assert "Obama" in stats.stdout
