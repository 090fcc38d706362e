"""The loaded frame's shape: every canonical column, typed, in display order, and a person id.

Whatever a workbook held, the frame the rest of the app sees has the schema's columns
(empty and properly typed where the file lacked them), then the file's extra columns,
and a stable id per person that notes and highlights are kept under.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from . import schema
from .schema import FIELDS, Kind
from .values import fold_column


def ensure_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Add any canonical column a source lacked, empty and with its proper type."""
    for column in schema.all_columns():
        if column in frame:
            continue
        spec = FIELDS.get(column)
        kind = spec.kind if spec else None
        if kind is Kind.LIST:
            frame[column] = pd.Series([()] * len(frame), index=frame.index, dtype=object)
        elif kind is Kind.DATE or column in schema.jurisdiction_date_columns():
            frame[column] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
        elif kind is Kind.JURISDICTION:
            frame[column] = pd.array([False] * len(frame), dtype="boolean")
        elif kind is Kind.FLAG:
            frame[column] = pd.array([pd.NA] * len(frame), dtype="boolean")
        elif column == schema.SOURCE_ROW:
            frame[column] = pd.array([pd.NA] * len(frame), dtype="Int64")
        elif kind is Kind.CHOICE and "unknown" in spec.vocabulary:
            frame[column] = pd.array(["unknown"] * len(frame), dtype="string")
        else:
            frame[column] = pd.array([pd.NA] * len(frame), dtype="string")
    canonical = list(schema.all_columns())
    extras = [c for c in frame.columns if c not in canonical]
    return frame[canonical + extras]


def empty_frame() -> pd.DataFrame:
    """A frame with every canonical column and no rows, typed as a loaded one would be."""
    return ensure_columns(pd.DataFrame(index=pd.RangeIndex(0)))


def person_ids(frame: pd.DataFrame) -> pd.Series:
    """A stable key per person: folded name and birth date, numbered when they repeat.

    Notes and manual highlights are keyed by it, so they find the same person when the
    workbook is opened again, whatever the row order.
    """
    names = fold_column(frame["name"].fillna(""))
    births = frame["date_of_birth"].dt.strftime("%Y-%m-%d").fillna("").astype(object)
    keys = names + "|" + births
    digests = pd.Series([hashlib.sha1(key.encode("utf-8")).hexdigest()[:12] for key in keys],
                        index=frame.index, dtype=object)
    repeat = digests.groupby(digests, sort=False).cumcount().to_numpy()
    suffix = np.where(repeat > 0, "-" + (repeat + 1).astype(str).astype(object), "")
    return (digests + suffix).astype("string")


def combine(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The sheets' frames as one, typed alike, with person ids."""
    if len(frames) > 1:  # typed alike first, so concat keeps every column's dtype
        frame = pd.concat([ensure_columns(frame) for frame in frames], ignore_index=True)
    else:
        frame = frames[0]
    frame = ensure_columns(frame)
    frame[schema.PERSON_ID] = person_ids(frame)
    frame.attrs.clear()
    return frame
