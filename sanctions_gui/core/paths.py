"""Where the app finds the files it ships with: the bundled workbook, rule presets and icons.

They live at the top of the repository (`data/`, `resources/`), and pyproject.toml maps
them into the package as `sanctions_gui.data` and `sanctions_gui.resources`, so a wheel
carries them and importlib.resources finds them wherever it is installed. In a checkout
(run as it is, or installed in editable mode, whose finder does not map those two
folders, having no __init__.py) they are the checkout's own folders.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
# The folder holding the package: the repository in a checkout, site-packages once installed.
PROJECT_ROOT = PACKAGE_ROOT.parent


def _shipped(package: str, name: str) -> Path:
    """The file or folder `name` that ships in `package` ("data" or "resources"), as a real path."""
    try:
        # A namespace package (no __init__.py): joining a child gives a plain filesystem path.
        return Path(files(f"{PACKAGE_ROOT.name}.{package}") / name)
    except ModuleNotFoundError:
        return PROJECT_ROOT / package / name


BUNDLED_WORKBOOK = _shipped("data", "venezuela_targeted_sanctions.xlsx")
PRESET_RULES = _shipped("resources", "rules")
ICONS = _shipped("resources", "icons")
