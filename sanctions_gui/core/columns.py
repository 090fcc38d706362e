"""Which columns an analyst sees before choosing any: the table's and the export's default.

The internal keys mean nothing to a reader, and each "<jurisdiction>_date" companion
repeats what its jurisdiction column already shows (the listing date, or "Yes"). The
window hides these until asked, and `main.py export` leaves them out, so both start
from the same columns.
"""

from __future__ import annotations

import pandas as pd

from . import schema

DEFAULT_HIDDEN_COLUMNS = (*schema.INTERNAL_COLUMNS, *schema.jurisdiction_date_columns())


def default_columns(frame: pd.DataFrame) -> list[str]:
    """The frame's columns in display order without the hidden ones; extra source columns stay."""
    return [column for column in frame.columns if column not in DEFAULT_HIDDEN_COLUMNS]
