"""Counts that compare administrations, as tidy DataFrames for charts, tables and the CLI.

Every chart is the same computation: the rows counted (an "as of" date, a sheet choice
and the rows the table shows), a category per row (an administration or a year) and a
set of named boolean series (active in the security forces, has a reason, listed by a
jurisdiction ...). Counting is a group-by over those series; `rows_for` reuses the very
same masks, so clicking a bar selects exactly the people it counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from . import schema, vocabularies
from .sheets import sheet_mask

AsOf = dt.date | pd.Timestamp | str | None
Rows = np.ndarray | pd.Series | Sequence[int] | Sequence[bool] | None

# The counts of administration_stats after "designated": column -> security_status value.
SECURITY_SERIES = {
    "active_security": "active",
    "former_security": "former",
    "civilians": "none",
    "unknown_security": "unknown",
}
# Plain headers for those columns, shared by the chart panel and the command line.
SERIES_LABELS = {
    "designated": "Designated",
    "active_security": "Active in security forces",
    "former_security": "Former security forces",
    "civilians": "Civilians",
    "unknown_security": "Status unknown",
}
# The overlap chart's last series: people listed by at least one of the other jurisdictions.
ANY_JURISDICTION = "Any of these"


def selection_mask(frame: pd.DataFrame, *, as_of: AsOf = None, sheet: str = "all",
                   rows: Rows = None) -> np.ndarray:
    """The rows a statistic counts, as a boolean mask over the frame's rows.

    `as_of` keeps designations on or before that day; undated rows are left out then,
    since nobody can say whether they came before it. `rows` is a boolean mask with one
    value per row, or the positions of the rows to keep (the table's visible rows).
    """
    keep = sheet_mask(frame, sheet)
    if as_of is not None:
        keep &= (frame["us_designation_date"] <= _day(as_of)).to_numpy(dtype=bool)
    if rows is not None:
        keep &= _rows_mask(rows, len(frame))
    return keep


def administration_stats(frame: pd.DataFrame, *, as_of: AsOf = None, sheet: str = "all",
                         rows: Rows = None) -> pd.DataFrame:
    """Per administration: designated, active_security, share_active, former_security,
    civilians and unknown_security (a blank status counts as unknown), in schema order."""
    counts = _counts(frame, "administrations", as_of, sheet, rows)
    table = counts.pivot(index="category", columns="series", values="count")
    table = table.reindex(index=counts["category"].unique(), columns=list(_administration_series(frame)))
    table.insert(2, "share_active", _shares(table["active_security"], table["designated"]))
    table.index = table.index.astype("string")
    return table.rename_axis(index="administration", columns=None).reset_index()


def reasons_by_administration(frame: pd.DataFrame, *, as_of: AsOf = None, sheet: str = "all",
                              rows: Rows = None) -> pd.DataFrame:
    """People per reason per administration: administration, reason, people, designated, share.

    A person with several reasons counts once under each, so the people of an
    administration can add up to more than its designated.
    """
    return _by_administration(frame, "reasons", "reason", as_of, sheet, rows)


def designations_by_year(frame: pd.DataFrame, *, as_of: AsOf = None, sheet: str = "all",
                         rows: Rows = None) -> pd.DataFrame:
    """Designations per year and administration (year, administration, designated).

    Only the pairs that occur are listed: 2017 has Obama and Trump rows, 2010 none.
    Undated rows have no year and are not counted here.
    """
    counts = _counts(frame, "years", as_of, sheet, rows)
    counts = counts[counts["count"] > 0].reset_index(drop=True)
    return pd.DataFrame({
        "year": counts["category"].astype("int64"),
        "administration": counts["series"].astype("string"),
        "designated": counts["count"],
    })


def jurisdiction_overlap(frame: pd.DataFrame, *, as_of: AsOf = None, sheet: str = "all",
                         rows: Rows = None) -> pd.DataFrame:
    """People also sanctioned elsewhere: administration, jurisdiction, people, designated, share.

    One row per administration and jurisdiction of schema.JURISDICTIONS (by label, e.g.
    "EU"), then ANY_JURISDICTION for people listed by at least one of them. With `as_of`,
    only listings dated on or before that day count: an undated listing (the UK's,
    assumed from the EU's) cannot be placed before it, as with undated designations.
    """
    return _by_administration(frame, "overlap", "jurisdiction", as_of, sheet, rows)


CHARTS: dict[str, Callable[..., pd.DataFrame]] = {
    "administrations": administration_stats,
    "reasons": reasons_by_administration,
    "years": designations_by_year,
    "overlap": jurisdiction_overlap,
}


def rows_for(frame: pd.DataFrame, chart: str, category: object, series: str | None = None, *,
             as_of: AsOf = None, sheet: str = "all", rows: Rows = None) -> np.ndarray:
    """Boolean mask of the people behind one bar, to filter the table when it is clicked.

    `category` is the bar's group (an administration, or a year for "years"); `series`
    is the bar within it: a column of administration_stats ("active_security" ...), a
    reason, an administration for "years", a jurisdiction label or ANY_JURISDICTION.
    Without `series`, every counted person of the category. Pass the filters the chart
    was drawn with.
    """
    key, masks = _chart_parts(frame, chart, as_of)
    if series == "share_active":
        series = "active_security"
    if series is not None and series not in masks:
        raise ValueError(f"'{series}' is not a series of the {chart} chart "
                         f"(use one of: {', '.join(masks)})")
    keep = selection_mask(frame, as_of=as_of, sheet=sheet, rows=rows)
    keep &= key.eq(category).fillna(False).to_numpy(dtype=bool)
    return keep & masks[series] if series is not None else keep


def bar_label(count: int, total: int) -> str:
    """A bar's value label: "5 of 7 — 71%" (halves round up; never a 0% or 100% that isn't)."""
    if total <= 0:
        return f"{count} of {total}"
    percent = (200 * count + total) // (2 * total)
    if percent == 0 and count > 0:
        share = "<1%"
    elif percent == 100 and count < total:
        share = ">99%"
    else:
        share = f"{percent}%"
    return f"{count} of {total} — {share}"


# --- one computation behind every chart ---------------------------------------------------


def _day(as_of: AsOf) -> pd.Timestamp:
    try:
        return pd.Timestamp(as_of).normalize()
    except (TypeError, ValueError):
        raise ValueError(f"'{as_of}' is not a date (use YYYY-MM-DD)") from None


def _rows_mask(rows: Rows, length: int) -> np.ndarray:
    if isinstance(rows, pd.Series) and pd.api.types.is_bool_dtype(rows.dtype):
        rows = rows.fillna(False).to_numpy(dtype=bool)  # a comparison on a column with blanks
    values = np.asarray(rows)
    if values.dtype == bool:
        if values.shape != (length,):
            raise ValueError(f"the row mask has {values.size} values for {length} rows")
        return values
    mask = np.zeros(length, dtype=bool)
    mask[values.astype(np.int64)] = True
    return mask


def _administration_series(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    status = frame["security_status"].fillna("unknown")
    masks = {"designated": np.ones(len(frame), dtype=bool)}
    masks |= {name: (status == value).to_numpy(dtype=bool) for name, value in SECURITY_SERIES.items()}
    return masks


def _reason_series(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """One mask per reason: the schema's reasons first, then any others the file uses."""
    reasons = frame["reasons"].reset_index(drop=True).explode()
    present = reasons.dropna().unique()
    names = [*vocabularies.REASONS, *sorted(set(present) - set(vocabularies.REASONS))]
    return {name: (reasons == name).groupby(level=0).any().reindex(range(len(frame)), fill_value=False)
            .to_numpy(dtype=bool) for name in names}


def _jurisdiction_series(frame: pd.DataFrame, as_of: AsOf) -> dict[str, np.ndarray]:
    masks = {}
    for spec in schema.JURISDICTIONS:
        listed = frame[spec.name].fillna(False).to_numpy(dtype=bool)
        if as_of is not None:
            # Not `&=`: to_numpy may hand back the frame's own memory, and the table would lose listings.
            listed = listed & (frame[spec.date_column] <= _day(as_of)).to_numpy(dtype=bool)
        masks[spec.label] = listed
    masks[ANY_JURISDICTION] = np.logical_or.reduce(list(masks.values()))
    return masks


def _chart_parts(frame: pd.DataFrame, chart: str, as_of: AsOf) -> tuple[pd.Series, dict[str, np.ndarray]]:
    """The category of every row and the named masks a chart counts."""
    administrations = frame["administration"].reset_index(drop=True)
    if chart == "administrations":
        return administrations, _administration_series(frame)
    if chart == "reasons":
        return administrations, _reason_series(frame)
    if chart == "overlap":
        return administrations, _jurisdiction_series(frame, as_of)
    if chart == "years":
        years = frame["us_designation_date"].dt.year.astype("Int64").reset_index(drop=True)
        return years, {name: (administrations == name).fillna(False).to_numpy(dtype=bool)
                       for name in vocabularies.ADMINISTRATIONS}
    raise ValueError(f"'{chart}' is not a chart (use one of: {', '.join(CHARTS)})")


def _counts(frame: pd.DataFrame, chart: str, as_of: AsOf, sheet: str, rows: Rows) -> pd.DataFrame:
    """Long counts (category, series, count) over the selected rows, categories in order."""
    keep = selection_mask(frame, as_of=as_of, sheet=sheet, rows=rows)
    key, masks = _chart_parts(frame, chart, as_of)
    flags = pd.DataFrame(masks, dtype="int64")[keep]
    wide = flags.groupby(key[keep].rename("category")).sum()
    if chart == "years":
        wide = wide.sort_index()
    else:
        wide = wide.reindex([name for name in vocabularies.ADMINISTRATIONS if name in wide.index])
    long = wide.rename_axis(columns="series").stack().rename("count").reset_index()
    return long.astype({"count": "int64"})


def _by_administration(frame: pd.DataFrame, chart: str, series_column: str, as_of: AsOf,
                       sheet: str, rows: Rows) -> pd.DataFrame:
    """Counts per administration and series, with the administration's designated and the share."""
    counts = _counts(frame, chart, as_of, sheet, rows)
    designated = administration_stats(frame, as_of=as_of, sheet=sheet, rows=rows) \
        .set_index("administration")["designated"]
    totals = counts["category"].map(designated).astype("int64")
    return pd.DataFrame({
        "administration": counts["category"].astype("string"),
        series_column: counts["series"].astype("string"),
        "people": counts["count"],
        "designated": totals,
        "share": _shares(counts["count"], totals),
    })


def _shares(counts: pd.Series, totals: pd.Series) -> pd.Series:
    return (counts / totals.where(totals > 0)).fillna(0.0).astype("float64")
