"""Former and onetime commanders, derived from the command history and the security status.

Analysts ask "was this person a commander?" two ways, and the bundled dataset answers both
from the same two cells, `commanded_unit` and `security_status`:

* strict, `former_commander`: commanded a unit and was no longer serving when designated;
* broad, `onetime_commander` (WOLA, 2018-09-08: "any onetime commanding officer of an armed
  forces unit"): commanded a unit at some time, serving or not.

`commanded_unit` is read by its opening words:

* blank: not researched, or not resolved by the sources read;
* "none found …": a source read shows the career and no command;
* "informal command …": led troops or vehicles of a unit without holding its command (Cabello's
  tank column of 4 February 1992); it counts for the broad reading, not for the strict one;
* anything else names a command.

Each answer is "yes", "no" or "unclear"; the table in data/README.md spells the rules out.
"""

from __future__ import annotations

YES, NO, UNCLEAR = "yes", "no", "unclear"
NONE_FOUND = "none found"
INFORMAL = "informal command"

COMMAND, INFORMAL_COMMAND, NO_COMMAND, NOT_KNOWN = "command", "informal", "none", "not known"


def command_kind(commanded_unit: str | None) -> str:
    """What a `commanded_unit` cell says: a command, an informal one, none, or not known."""
    text = (commanded_unit or "").strip().casefold()
    if not text:
        return NOT_KNOWN
    if text.startswith(NONE_FOUND):
        return NO_COMMAND
    if text.startswith(INFORMAL):
        return INFORMAL_COMMAND
    return COMMAND


def onetime_commander(commanded_unit: str | None, security_status: str | None) -> str:
    """Broad reading: any command (an informal one too) is yes; a civilian without one is no."""
    kind = command_kind(commanded_unit)
    if kind in (COMMAND, INFORMAL_COMMAND):
        return YES
    if kind == NO_COMMAND or security_status == "none":
        return NO
    return UNCLEAR


def former_commander(commanded_unit: str | None, security_status: str | None) -> str:
    """Strict reading: a formal command and no longer serving (status "former") is yes.

    Serving officers (status "active") are no whatever they commanded; a command with the
    status not known, or an informal command of someone no longer serving, is unclear.
    """
    kind = command_kind(commanded_unit)
    if kind == NO_COMMAND or security_status == "active":
        return NO
    if security_status == "none":  # a command named for a civilian: the row contradicts itself
        return UNCLEAR if kind == COMMAND else NO
    if kind == COMMAND and security_status == "former":
        return YES
    return UNCLEAR
