"""A saved workbook read back: whether it gives the working copy exactly, and who is who in it.

After Save as the app goes on with the saved file as its source, so it reads that file
as any workbook is read and compares it, cell by cell, with the working copy it came
from. Any difference is listed in words (the save is then not taken as the new source);
person ids, made from names and birth dates, may differ for people renamed or added,
so the read-back pairs the working copy's ids with the saved workbook's, row by row,
for notes and colours to follow their people.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import schema
from .changes import same_value
from .person import readable_value
from .progress import CancelCheck, ProgressCallback
from .reading import LoadResult, read_workbook
from .save_plan import SaveSnapshot
from .save_workbook import SaveResult

# Where the two may rightly differ: ids follow names, rows move as people come and go.
NOT_COMPARED = (schema.PERSON_ID, schema.SOURCE_ROW)
DIFFERENCES_LISTED = 12


@dataclass(frozen=True)
class ReadBack:
    loaded: LoadResult
    differences: list[str]
    person_ids: dict[str, str]  # working copy's id -> the saved workbook's


def read_back(result: SaveResult, snapshot: SaveSnapshot, progress: ProgressCallback | None = None,
              cancelled: CancelCheck | None = None) -> ReadBack:
    """Read the saved workbook as the app reads any, and compare it with the working copy saved."""
    loaded = read_workbook(result.path, progress, cancelled, mapping=result.hand_mapping or None)
    expected = saved_frame(snapshot, result)
    differences = frame_differences(expected, loaded.frame)
    ids = dict(zip(expected[schema.PERSON_ID].astype(str), loaded.frame[schema.PERSON_ID].astype(str))) \
        if len(expected) == len(loaded.frame) else {}
    return ReadBack(loaded, differences, ids)


def saved_frame(snapshot: SaveSnapshot, result: SaveResult) -> pd.DataFrame:
    """The working copy's people as the saved workbook should hold them, in its order."""
    return snapshot.frame.iloc[result.order].reset_index(drop=True)


def frame_differences(expected: pd.DataFrame, got: pd.DataFrame) -> list[str]:
    """Each way `got` (a workbook read back) differs from `expected`, in words; [] when none."""
    if len(expected) != len(got):
        return [f"The saved workbook reads back as {len(got):,} people where the working copy has {len(expected):,}."]
    found: list[str] = []
    for column in expected.columns:
        if column in NOT_COMPARED:
            continue
        if column not in got.columns:
            found.append(f"The column ‘{schema.label(column)}’ is missing from the saved workbook.")
            continue
        for row in np.flatnonzero(_mismatch(expected[column], got[column].reset_index(drop=True))):
            if len(found) >= DIFFERENCES_LISTED:
                return found + ["… and more."]
            found.append(f"{expected[schema.Col.NAME].iat[row]} (sheet ‘{expected[schema.Col.SHEET].iat[row]}’): "
                         f"{schema.label(column)} is ‘{_shown(column, expected[column].iat[row])}’ in the working "
                         f"copy but reads back as ‘{_shown(column, got[column].iat[row])}’.")
    return found


def _mismatch(first: pd.Series, second: pd.Series) -> np.ndarray:
    if first.dtype == second.dtype and first.dtype != object:
        equal = (first == second).fillna(False).to_numpy(dtype=bool) | (first.isna() & second.isna()).to_numpy()
        return ~equal
    return np.fromiter((not same_value(a, b) for a, b in zip(first, second)), dtype=bool, count=len(first))


def _shown(column: str, value: object) -> str:
    return readable_value(column, value)
