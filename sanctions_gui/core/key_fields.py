"""Which key fields a workbook lacks, and which charts and presets that leaves with nothing to count.

Not a hand-kept list: a preset depends on the fields its conditions test, and a chart on
the columns its definition in core/stats.py reads, found by running that definition once
on an empty frame that notes every column asked for. A chart or preset added later is
covered without touching this module.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import schema, stats
from .canonical_frame import empty_frame
from .charts import CHART_TITLES
from .import_report import ImportReport, MissingField
from .rules import RuleFileError, load_presets


class _ColumnsRead(pd.DataFrame):
    """A DataFrame that notes which columns are taken from it by name."""

    _metadata = ["columns_read"]

    @property
    def _constructor(self):
        return pd.DataFrame  # frames derived from it are plain: only direct reads count

    def __getitem__(self, key):
        if isinstance(key, str):
            self.columns_read.add(key)
        return super().__getitem__(key)


@lru_cache(maxsize=None)
def chart_columns(chart: str) -> frozenset[str]:
    """The columns a chart's definition reads to place and count people (all sheets, no date limit)."""
    probe = _ColumnsRead(empty_frame())
    probe.columns_read = set()
    stats.rows_for(probe, chart, None)
    return frozenset(probe.columns_read)


def _presets() -> list:
    try:
        return load_presets()
    except RuleFileError:  # a damaged preset folder is the window's to report, not the reader's
        return []


def missing_key_fields(report: ImportReport) -> list[MissingField]:
    """The key fields no sheet gave, each with the charts and presets that need it.

    The administration counts as given when it could be derived from designation dates.
    """
    given = set(report.mapped())
    if "us_designation_date" in given:
        given.add("administration")
    presets = _presets()
    missing = []
    for column in schema.KEY_FIELDS:
        if column in given:
            continue
        charts = tuple(CHART_TITLES[chart] for chart in stats.CHARTS if column in chart_columns(chart))
        needing = tuple(rule.name for rule in presets if any(c.field == column for c in rule.conditions))
        missing.append(MissingField(column, charts, needing))
    return missing
