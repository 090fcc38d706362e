"""What a rule set narrows the table to when it is opened: a sheet, and designations up to a day.

A rule file may carry, besides its rules, a "view" (docs/rules.md) so that a shared set
reproduces a published count: "WOLA, September 2018" is the onetime-commander rule on
the post-E.O. 13692 sheet, counting designations made on or before 2018-09-08. Opening
the set sets that sheet and a date filter on the designation date (RuleIntents), plain
view state the status bar and the filter marks show and the analyst can clear.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import schema
from ..filters import ColumnFilter
from ..sheets import SHEET_CHOICES, describe_sheet_choice
from .conditions import RuleError, as_date

VIEW_KEYS = ("sheet", "designated_on_or_before")
DATE_COLUMN = schema.Col.US_DESIGNATION_DATE


@dataclass(frozen=True)
class RuleView:
    """The sheet a rule set is read on and the last designation day it counts (None: any)."""

    sheet: str | None = None
    designated_on_or_before: dt.date | None = None

    def date_filter(self) -> ColumnFilter | None:
        """The column filter the view sets on the designation date, if it sets one."""
        if self.designated_on_or_before is None:
            return None
        return ColumnFilter(DATE_COLUMN, date_to=self.designated_on_or_before)

    def describe(self) -> str:
        """"post-E.O. 13692 sheet, designated on or before 2018-09-08"."""
        parts = []
        if self.sheet is not None:
            parts.append(describe_sheet_choice(self.sheet))
        if self.designated_on_or_before is not None:
            parts.append(f"designated on or before {self.designated_on_or_before.isoformat()}")
        return ", ".join(parts)

    def to_json(self) -> dict:
        entry: dict = {}
        if self.sheet is not None:
            entry["sheet"] = self.sheet
        if self.designated_on_or_before is not None:
            entry["designated_on_or_before"] = self.designated_on_or_before.isoformat()
        return entry


def view_from_json(entry: object) -> RuleView:
    """A rule file's "view" object, or RuleError saying plainly what is wrong with it."""
    try:
        if not isinstance(entry, dict):
            raise RuleError('it must be a JSON object, for example {"sheet": "post", '
                            '"designated_on_or_before": "2018-09-08"}')
        unknown = [key for key in entry if key not in VIEW_KEYS]
        if unknown:
            raise RuleError(f"unknown key '{unknown[0]}' (allowed: {', '.join(VIEW_KEYS)})")
        if not entry:
            raise RuleError(f"it sets nothing; give at least one of {', '.join(VIEW_KEYS)}")
        sheet = entry.get("sheet")
        if sheet is not None and sheet not in SHEET_CHOICES:
            raise RuleError(f"'sheet' is {sheet!r}; use one of {', '.join(SHEET_CHOICES)}")
        day = entry.get("designated_on_or_before")
        try:
            day = as_date(day) if day is not None else None
        except RuleError as error:
            raise RuleError(f"'designated_on_or_before': {error}") from None
        return RuleView(sheet, day)
    except RuleError as error:
        raise RuleError(f"the view: {error}") from None
