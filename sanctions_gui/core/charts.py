"""The numbers behind each chart of the chart panel, shaped for drawing and tabulating.

core/stats.py counts; this module arranges those counts as categories (groups of bars)
and series (bars in a group), writes their labels and tooltips in words, and matches
highlighting rules to the series they colour. It has no Qt, so the panel's content can
be checked headless and any other front end could draw the same charts.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import schema, stats, vocabularies
from .rules import Rule
from .sheets import sheet_mask

CHART_TITLES = {
    "administrations": "Active in security forces by administration",
    "reasons": "Reasons by administration",
    "years": "Designations per year",
    "overlap": "Also sanctioned by other governments",
}


@dataclass
class ChartData:
    """One chart's counts: a category per group of bars, a series per bar in a group."""

    chart: str
    categories: list[object]  # what stats.rows_for takes: administration names, or years
    category_labels: list[str]
    series: list[str]
    series_labels: list[str]
    counts: np.ndarray  # (categories, series), people
    totals: np.ndarray | None  # people designated per category; None where shares mean nothing
    stacked: bool  # years: one bar per year, stacked by administration

    @property
    def empty(self) -> bool:
        return not self.categories

    def shares(self) -> np.ndarray:
        return self.counts / np.maximum(self.totals, 1)[:, None]

    def label(self, row: int, column: int, shares: bool = False) -> str:
        """What a bar says: "5 of 7 — 71%" for people active in the security forces, else a
        count, or a share when the bars show shares."""
        count = int(self.counts[row, column])
        if self.chart == "administrations" and self.series[column] == "active_security":
            return stats.bar_label(count, int(self.totals[row]))
        return share_text(count, int(self.totals[row])) if shares else f"{count}"

    def active_by_administration(self) -> dict[str, tuple[int, int]]:
        """Administration -> (active in the security forces, designated): what published
        comparisons such as WOLA's count. Empty for the other charts."""
        if self.chart != "administrations":
            return {}
        active = self.counts[:, self.series.index("active_security")]
        return {name: (int(a), int(t)) for name, a, t in zip(self.categories, active, self.totals)}

    def describe(self, row: int, column: int) -> str:
        """A bar's numbers in words, for its tooltip: "Obama · Active in security forces: 5 of 7 — 71%"."""
        count = int(self.counts[row, column])
        numbers = (stats.bar_label(count, int(self.totals[row])) if self.totals is not None
                   else people_text(count))
        return f"{self.category_labels[row]} · {self.series_labels[column]}: {numbers}"


# Which rows each sheet choice keeps, per frame: reading the sheet names of 200,000 rows takes
# half a second, and the panel asks again on every change of chart or date. Keyed by the
# frame's id and dropped when the frame is: a loaded frame is never changed in place.
_SHEET_MASKS: dict[int, dict[str, np.ndarray]] = {}


def _sheet_rows(frame: pd.DataFrame, sheet: str) -> np.ndarray:
    if id(frame) not in _SHEET_MASKS:
        _SHEET_MASKS[id(frame)] = {}
        weakref.finalize(frame, _SHEET_MASKS.pop, id(frame), None)
    masks = _SHEET_MASKS[id(frame)]
    if sheet not in masks:
        masks[sheet] = sheet_mask(frame, sheet)
        masks[sheet].flags.writeable = False
    return masks[sheet]


def counted_rows(frame: pd.DataFrame, sheet: str, rows=None) -> np.ndarray:
    """The rows a chart counts before its "as of" day: the sheet's, narrowed to `rows` (a
    boolean mask) when given. stats.selection_mask gives the same; this remembers the sheet."""
    keep = _sheet_rows(frame, sheet)
    return keep if rows is None else keep & np.asarray(rows, dtype=bool)


def chart_data(frame: pd.DataFrame, chart: str, *, as_of=None, sheet: str = "post", rows=None) -> ChartData:
    """The counts of one of stats.CHARTS in the shape the panel draws and tabulates."""
    table = stats.CHARTS[chart](frame, as_of=as_of, sheet="all", rows=counted_rows(frame, sheet, rows))
    if chart == "administrations":
        series = list(stats.SECURITY_SERIES)
        return ChartData(chart, list(table["administration"]), list(table["administration"]), series,
                         [stats.SERIES_LABELS[s] for s in series], table[series].to_numpy(dtype=np.int64),
                         table["designated"].to_numpy(dtype=np.int64), stacked=False)
    if chart == "years":
        wide = table.pivot(index="year", columns="administration", values="designated")
        if not wide.empty:
            years = range(int(wide.index.min()), int(wide.index.max()) + 1)  # quiet years show as gaps
            wide = wide.reindex(index=years, columns=[a for a in vocabularies.ADMINISTRATIONS if a in wide.columns])
        wide = wide.fillna(0).astype(np.int64)
        return ChartData(chart, [int(y) for y in wide.index], [str(y) for y in wide.index], list(wide.columns),
                         list(wide.columns), wide.to_numpy(), None, stacked=True)
    series_column = "reason" if chart == "reasons" else "jurisdiction"
    administrations = list(table["administration"].unique())
    series = list(table[series_column].unique())
    wide = table.pivot(index="administration", columns=series_column, values="people") \
        .reindex(index=administrations, columns=series).fillna(0).astype(np.int64)
    totals = table.groupby("administration", sort=False)["designated"].first().reindex(administrations)
    labels = [name[0].upper() + name[1:] for name in series]  # "Human rights", "EU"
    return ChartData(chart, administrations, administrations, series, labels, wide.to_numpy(),
                     totals.to_numpy(dtype=np.int64), stacked=False)


def bar_rows(frame: pd.DataFrame, chart: str, category, series: str, *, as_of=None, sheet: str = "post",
             rows=None) -> np.ndarray:
    """The people behind one bar, counted as chart_data counted them (a boolean mask)."""
    return stats.rows_for(frame, chart, category, series, as_of=as_of, sheet="all",
                          rows=counted_rows(frame, sheet, rows))


def series_phrase(chart: str, series: str) -> str:
    """A bar's series in the words of a table filter title: "active in security forces"."""
    if chart == "administrations":
        text = stats.SERIES_LABELS[series]
        return text[0].lower() + text[1:]
    if chart == "reasons":
        return f"reason: {series}"
    if chart == "years":
        return f"designated under {series}"
    if series == stats.ANY_JURISDICTION:
        return "also sanctioned by another government"
    return f"also sanctioned by {series}"


def series_colours_from_rules(rules: Sequence[Rule]) -> dict[str, str]:
    """Series -> colour of the highlighting rule that selects exactly that series.

    A rule with one condition such as "security status is active", "administration is
    Obama", "reasons is corruption" or "sanctioned by Canada: yes" colours the same
    people as a chart series, so the bar takes its colour. The first such rule wins,
    as it does in the table.
    """
    statuses = {value: series for series, value in stats.SECURITY_SERIES.items()}
    jurisdictions = {j.name: j.label for j in schema.JURISDICTIONS}
    colours: dict[str, str] = {}
    for rule in rules:
        if not rule.enabled or len(rule.conditions) != 1:
            continue
        condition = rule.conditions[0]
        series = None
        if condition.operator == "is" and condition.field == "security_status":
            series = statuses.get(condition.value)
        elif condition.operator == "is" and condition.field in ("administration", "reasons"):
            series = condition.value
        elif condition.operator == "yes" and condition.field in jurisdictions:
            series = jurisdictions[condition.field]
        if series is not None:
            colours.setdefault(series, rule.colour)
    return colours


def share_text(count: int, total: int) -> str:
    """A share as the bar labels write it ("71%", "<1%"), so the table and the bars agree."""
    _, _, share = stats.bar_label(count, total).partition(" — ")
    return share


def people_text(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"
