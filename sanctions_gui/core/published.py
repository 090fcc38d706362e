"""Figures other people published about these sanctions, with their sources, and where the
project explains how its own counts differ from them.

Analysts quote WOLA's September 2018 comparison of Obama's and Trump's designees; the chart
panel shows it beside what the loaded data gives, so nobody mistakes one for the other. The
facts live here, once, with the source they come from and how sure that source is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .stats import bar_label

RECONCILIATION_HEADING = "Reconciliation with WOLA's published figures"
# Where the reconciliation is written, in the order they are looked in.
RECONCILIATION_FILES = (paths.PROJECT_ROOT / "data" / "README.md", paths.PROJECT_ROOT / "README.md")


@dataclass(frozen=True)
class PublishedShare:
    """"`active` of `designated`" people of one administration, as published."""

    administration: str
    active: int
    designated: int

    def text(self) -> str:
        """"11 of 64 (17%)", rounded as the chart's bar labels are."""
        count_part, _, share = bar_label(self.active, self.designated).partition(" — ")
        return f"{count_part} ({share})"


@dataclass(frozen=True)
class Publication:
    """Published figures with their source, the cut of the data they are compared with, and
    a plain caveat where the source could not be confirmed."""

    publisher: str
    when: str
    describes: str
    figures: tuple[PublishedShare, ...]
    source_url: str
    source_description: str
    confirmed: bool
    caveat: str
    compared_as_of: dt.date  # the data are counted to this day, on this sheet, to compare
    compared_sheet: str

    def figure(self, administration: str) -> PublishedShare | None:
        return next((f for f in self.figures if f.administration == administration), None)


# The figures are quoted in shared/reference/README.md ("Reconciliation with WOLA figures").
# The audit of 2026-12-02 (shared/reference/fifth_pass_audit.md, section 1) read WOLA's posts
# of September 2018 and did not find the sentence itself: the copies read stop early. "64
# under Trump" fits a count made after the round of 2018-09-25, so the post of 2018-09-26,
# which counts that round, is the likeliest source; its title was not read.
WOLA_SEPTEMBER_2018 = Publication(
    publisher="WOLA",
    when="September 2018",
    describes="active in the military, intelligence or police when sanctioned",
    figures=(PublishedShare("Obama", 5, 7), PublishedShare("Trump", 11, 64)),
    source_url="https://www.venezuelablog.org/venezuela-targeted-sanctions-update-u-s-appears-give-inner-circle-split/",
    source_description="WOLA's Venezuela Blog, update after the U.S. designations of 25 September 2018",
    confirmed=False,
    caveat=("The sentence with these figures was not found in the copies of WOLA's posts read for the "
            "audit; the post linked is the likeliest source, not a confirmed one."),
    compared_as_of=dt.date(2018, 9, 8),
    compared_sheet="post",
)


@dataclass(frozen=True)
class Comparison:
    """One administration: what the data gives beside what was published."""

    administration: str
    data: PublishedShare
    published: PublishedShare | None


def compare(publication: Publication, counted: dict[str, tuple[int, int]]) -> list[Comparison]:
    """The data's (active, designated) per administration beside the published figures, for
    every administration either of them has, in the order the data lists them."""
    names = [*counted, *(f.administration for f in publication.figures if f.administration not in counted)]
    return [Comparison(name, PublishedShare(name, *counted.get(name, (0, 0))), publication.figure(name))
            for name in names]


def reconciliation_section(files: tuple[Path, ...] | None = None,
                           heading: str = RECONCILIATION_HEADING) -> tuple[Path, str] | None:
    """The first file (of RECONCILIATION_FILES by default) with a Markdown heading named
    `heading`, and that section's text (the heading down to the next heading of the same or
    a higher level); None if none has it."""
    files = RECONCILIATION_FILES if files is None else files
    pattern = re.compile(rf"^(#+)\s+{re.escape(heading)}\s*#*\s*$", re.MULTILINE)
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        found = pattern.search(text)
        if found is None:
            continue
        level = len(found.group(1))
        following = re.compile(rf"^#{{1,{level}}}\s", re.MULTILINE).search(text, found.end())
        return path, text[found.start():following.start() if following else len(text)].strip() + "\n"
    return None
