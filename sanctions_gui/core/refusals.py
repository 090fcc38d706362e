"""Why a file cannot be opened, each in one short sentence a user can act on.

Every refusal the reader gives is worded here, so they name the file the same way, say
what is wrong in the user's terms (never a reader's internals such as "Cfb error" or
"Relationships") and say what to do. Per-sheet detail goes to the import report.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

FRESH_COPY = "Ask for a fresh copy"
RESAVE = "open it in Excel or LibreOffice and save it as .xlsx"


def password(path: Path) -> str:
    return (f"{path.name} is protected with a password. Open it in Excel, remove the password "
            "(File > Info > Protect Workbook), save a copy and open that copy.")


def damaged(path: Path, how: str = "") -> str:
    detail = f": {how}" if how else ""
    return f"{path.name} could not be read; it looks damaged{detail}. {FRESH_COPY}, or {RESAVE}."


def damaged_archive(path: Path) -> str:
    return f"{path.name} is damaged: the workbook archive is truncated or corrupt. {FRESH_COPY}."


def entities(path: Path) -> str:
    return (f"{path.name} was refused: its XML declares entities (a trick used to exhaust memory), "
            "which this app does not expand.")


def too_much_memory(path: Path, limit_mb: int) -> str:
    return (f"{path.name} was stopped: reading it needed more than {limit_mb:,} MB of memory, so it is "
            f"damaged or made to exhaust memory. {FRESH_COPY}.")


def too_slow(path: Path, seconds: int) -> str:
    return (f"{path.name} was stopped: reading it took more than {seconds} s, so it is damaged or made "
            f"to hang readers. {FRESH_COPY}, or {RESAVE}.")


def binary_excel(path: Path) -> str:
    return (f"{path.name} is in Excel's binary format (.xlsb), which this app does not read. "
            "Open it in Excel and save it as .xlsx (Excel Workbook).")


def zip_without_workbook(path: Path) -> str:
    return f"{path.name} is a zip archive but not a spreadsheet (no workbook inside)."


def not_a_spreadsheet(path: Path, suffixes: tuple[str, ...]) -> str:
    if path.suffix.lower() in suffixes:
        return (f"{path.name} is not a spreadsheet: its contents are not a {path.suffix} workbook "
                "(the file may be damaged or misnamed).")
    return f"{path.name} is not a spreadsheet this app opens ({', '.join(suffixes)})."


def bomb(path: Path, what: str) -> str:
    return f"{path.name} is refused as unsafe: {what} (a zip bomb or a damaged file)."


def no_table(path: Path, skipped: list[tuple[str, str]], no_header_reason: str, rows_searched: int) -> str:
    """No sheet could be read: one line that counts the sheets by reason (the report lists each)."""
    if not skipped:
        return f"{path.name} is empty: it has no sheet with data."
    if len(skipped) == 1:
        name, why = skipped[0]
        if why == no_header_reason:
            return (f"{path.name} has no recognisable header row: sheet '{name}' has no row naming a Name "
                    f"column and another known column (Position, Date sanctioned…) in its first "
                    f"{rows_searched} rows.")
        return f"{path.name} has no sheet this app can open: sheet '{name}': {why}."
    counts = Counter(_reason_kind(why, no_header_reason) for _, why in skipped)
    listed = ", ".join(f"{count} {kind if count > 1 else _singular(kind)}" for kind, count in counts.most_common())
    if no_header_reason in (why for _, why in skipped):
        return (f"{path.name} has no recognisable header row: none of its {len(skipped)} sheets names a Name "
                f"column and another known column in its first {rows_searched} rows ({listed}). "
                "The import report lists each sheet.")
    return f"{path.name} has no sheet this app can open ({listed}). The import report lists each sheet."


_KINDS = (("empty", "are empty"), ("error values", "hold only error values"), ("hidden", "are hidden"),
          ("chart", "are charts"), ("macro", "are macro sheets"), ("dialog", "are dialogs"),
          ("spread over", "are too large to open"))


def _reason_kind(why: str, no_header_reason: str) -> str:
    if why == no_header_reason:
        return "have no header row"
    return next((kind for word, kind in _KINDS if word in why), "cannot be read")


def _singular(kind: str) -> str:
    return (kind.replace("are charts", "is a chart").replace("are macro sheets", "is a macro sheet")
            .replace("are dialogs", "is a dialog").replace("are ", "is ").replace("have ", "has ")
            .replace("hold ", "holds "))
