"""Which rows belong to the pre- or post-E.O. 13692 part of a workbook.

The WOLA-style database keeps designations made before E.O. 13692 on a separate sheet,
and analysts compare administrations on the post sheet only. Other workbooks name their
sheets differently, or keep everything on one sheet. The table's sheet selector, the
charts, the export and the command line all ask this module which rows are "pre" and
which are "post", so they always agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import folding, vocabularies

# The one place sheet choices are named: (label in a selector, words in a sentence).
_NAMES = {
    "post": ("Post-E.O. 13692", "post-E.O. 13692 sheet"),
    "pre": ("Pre-E.O. 13692", "pre-E.O. 13692 sheet"),
    "all": ("Both sheets", "all sheets"),
}
SHEET_CHOICES = tuple(_NAMES)

# Words in a folded sheet name that mark the earlier sheet: "Pre-E.O. 13692", "pre2015",
# "Before E.O. 13692", "Antes de la orden", "Sanciones anteriores", "Prior designations".
_PRE_SHEET_PATTERN = r"(?<![a-z])(?:pre|before|antes|anteriore?s?|prior|earlier)(?![a-z])"

def _check_choice(choice: str) -> None:
    if choice not in SHEET_CHOICES:
        raise ValueError(f"'{choice}' is not a sheet choice (use {', '.join(SHEET_CHOICES)})")


def _is_pre_sheet_name(names: pd.Series) -> pd.Series:
    """True where a sheet name says it holds the designations from before E.O. 13692."""
    folded = names.fillna("").astype(str).map(folding.fold)
    return folded.str.contains(_PRE_SHEET_PATTERN, regex=True)


def sheet_era(frame: pd.DataFrame) -> pd.Series:
    """"pre" or "post" for every row, by its sheet name or else by its designation date.

    When some sheet name reads as the earlier sheet, the sheet decides, as the analyst
    laid the workbook out. When none does (a single sheet, or sheets split some other
    way), a row designated before E.O. 13692 took effect is "pre"; an undated row goes
    by its administration, "pre" if that administration began before the order, as the
    bundled workbook's build does.
    """
    pre_by_name = _is_pre_sheet_name(frame["sheet"]).to_numpy(dtype=bool)
    if pre_by_name.any():
        pre = pre_by_name
    else:
        eo_date = np.datetime64(vocabularies.EO_13692_DATE, "ns")
        dates = frame["us_designation_date"].to_numpy(dtype="datetime64[ns]")
        earlier_administrations = [name for name, start in vocabularies.ADMINISTRATION_STARTS
                                   if start < vocabularies.EO_13692_DATE]
        undated_pre = frame["administration"].isin(earlier_administrations).to_numpy(dtype=bool)
        pre = np.where(np.isnat(dates), undated_pre, dates < eo_date)
    return pd.Series(np.where(pre, "pre", "post"), index=frame.index, dtype="string")


def sheet_mask(frame: pd.DataFrame, choice: str) -> np.ndarray:
    """Boolean mask of the rows a sheet choice ("post", "pre" or "all") keeps."""
    _check_choice(choice)
    if choice == "all":
        return np.ones(len(frame), dtype=bool)
    return (sheet_era(frame) == choice).to_numpy(dtype=bool)


def describe_sheet_choice(choice: str) -> str:
    """The sheet choice in plain words, for titles and messages: "post-E.O. 13692 sheet"."""
    _check_choice(choice)
    return _NAMES[choice][1]


def sheet_choice_label(choice: str) -> str:
    """The sheet choice as a selector lists it: "Post-E.O. 13692", "Both sheets"."""
    _check_choice(choice)
    return _NAMES[choice][0]
