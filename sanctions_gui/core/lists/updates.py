"""What the comparison view changes in the working copy, and the comparison of the working copy itself.

Each request (add these new people, mark these delisted, take over these fields) is one
`session.batch`: one undo step, all or nothing. The values written are the list's own
canonical values (canonical.py); nothing here knows about Qt. The database compared is
the working copy as it is now, the analyst's edits included and people removed left out,
so the comparison follows what Save as would write.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from .. import schema
from ..cell_edits import EditRefused
from ..changes import is_missing
from ..rule_intents import quoted
from ..workspace import Workspace
from .canonical import canonical_values, delisting_date
from .compare import compare_with_database
from .comparison import Comparison, Difference, Item
from .decisions import load_decisions, save_decision
from .model import ListFile

if TYPE_CHECKING:
    from ..session import Session


def working_frame(session: Session) -> pd.DataFrame:
    """The working copy's people, those removed (shown struck out until saved) left out."""
    frame = session.dataset.frame
    removed = session.working_copy.removed if session.working_copy is not None else None
    if removed is None or not removed.any():
        return frame
    return frame[~removed].reset_index(drop=True)


def decisions_for(session: Session) -> dict[tuple[str, str], str]:
    """The analyst's decisions on uncertain pairs of the open workbook (read where the workspace is: the UI thread)."""
    source = session.dataset.source if session.dataset is not None else None
    return load_decisions(session.workspace, source) if session.workspace is not None and source is not None else {}


def compare_working_copy(list_file: ListFile, frame: pd.DataFrame, source, scope: str,
                         decisions: dict[tuple[str, str], str], changes: int = 0) -> Comparison:
    """The working copy (`frame`, from `working_frame`) against the list, with the analyst's decisions."""
    comparison = compare_with_database(list_file, frame, source, scope, decisions)
    if changes:
        comparison.notes.append(f"Compared with the working copy of {comparison.database.name}, which has "
                                f"{changes:,} change{'s' if changes != 1 else ''} not saved to a workbook yet.")
    return comparison


def decide(workspace: Workspace, source, item: Item, decision: str | None) -> None:
    """Remember that the uncertain pair is (accept) or is not (reject) the same person."""
    save_decision(workspace, source, item.person_id, item.entry.list_id, decision)


def _people(count: int, first: str) -> str:
    return quoted(first) if count == 1 else f"{count:,} people"


def add_new_people(session: Session, items: Sequence[Item], list_file: ListFile, sheet: str | None = None) -> list[str]:
    """Add the list's new people to a sheet of the working copy, filled from the list; their ids."""
    entries = [item.entry for item in items if item.entry is not None and item.person_id is None]
    if not entries:
        return []
    values = [canonical_values(entry, list_file) for entry in entries]
    with session.batch(f"add {_people(len(values), str(values[0][schema.Col.NAME]))} from the list"):
        return [session.add_person(person, sheet) for person in values]


def mark_delisted(session: Session, items: Sequence[Item], list_file: ListFile) -> list[str]:
    """Record the list's date as the delisting date of database people it no longer has; their ids.

    People whose delisting the database already records are left as they are.
    """
    day = delisting_date(list_file)
    if day is None:
        raise EditRefused("The list's date is not known, so there is no date to record. Nothing was changed.")
    people = [item.person_id for item in items if item.person_id is not None and not item.already_recorded]
    if not people:
        return []
    with session.batch(f"mark {_people(len(people), session.person_name(people[0]))} delisted on {day.isoformat()}"):
        for person in people:
            session.set_field(person, schema.Col.DELISTED_DATE, pd.Timestamp(day))
    return people


def why_not_take_over(difference: Difference) -> str:
    """Why a difference cannot be taken over as it stands ("" when it can)."""
    if difference.field == schema.Col.DATE_OF_BIRTH and is_missing(difference.value):
        return (f"the list gives no one exact date of birth ({difference.new}) to write over the database's; "
                "edit it by hand if the list is right")
    if difference.field not in schema.FIELDS:
        return f"{difference.field} is not a field of the database"
    return ""


def take_over(session: Session, chosen: Sequence[tuple[Item, Difference]]) -> int:
    """Write the list's values of these differences into the working copy; how many people changed."""
    by_person: dict[str, dict[str, object]] = {}
    for item, difference in chosen:
        if item.person_id is not None and not why_not_take_over(difference):
            by_person.setdefault(item.person_id, {})[difference.field] = difference.value
    if not by_person:
        return 0
    first = next(iter(by_person))
    fields = {field for values in by_person.values() for field in values}
    what = schema.label(next(iter(fields))) if len(fields) == 1 else f"{len(fields)} fields"
    with session.batch(f"take over {what} from the list for {_people(len(by_person), session.person_name(first))}"):
        for person, values in by_person.items():
            session.set_fields(person, values)
    return len(by_person)
