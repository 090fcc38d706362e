"""Where the app finds the files it ships with: the bundled workbook and rule presets."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_WORKBOOK = PROJECT_ROOT / "data" / "venezuela_targeted_sanctions.xlsx"
RESOURCES = PROJECT_ROOT / "resources"
PRESET_RULES = RESOURCES / "rules"
