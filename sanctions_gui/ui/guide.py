"""Help: a short guide to the window, and the About box with the version."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from .. import __version__
from ..core import paths
from .app_settings import APP_NAME


def guide_html(workspace_path: Path | None) -> str:
    """The guide's text; `workspace_path` is where this copy of the app keeps notes."""
    where = html.escape(str(workspace_path)) if workspace_path is not None else "your workspace file"
    return f"""
<h2>{APP_NAME}: a short guide</h2>
<p><b>Your spreadsheet is never changed.</b> The app only reads it. Everything you add (notes, flags,
colours given by hand, rules) is kept in your own workspace on this computer:<br><code>{where}</code></p>

<h3>The panels</h3>
<ul>
<li><b>Table</b> (centre): one row per person. Click a header to sort, its ▾ mark to filter; right-click
a header to show or hide columns, right-click rows to colour them by hand. Ctrl+C copies the selected rows,
every value whole, ready to paste into Excel.</li>
<li><b>Search</b> (toolbar, Ctrl+F): names, aliases, positions and institutions, ignoring accents and case.
<i>Fuzzy names</i> also finds misspelt names and adds a Score column beside the name.</li>
<li><b>Criteria</b> (left, Ctrl+Shift+R): highlighting rules colour the rows they match, the first ticked
rule winning. Each rule says how many people it matches and, for a yes / no question such as
<i>Former commander</i>, how many are <i>unclear</i> because the value is not recorded; click
<i>list them</i> to see who. Below, facets narrow the table by administration, reason, sheet and more.</li>
<li><b>Person</b> (right, Ctrl+Shift+P): everything about the selected person, the rules they match,
their sources as links, and your own note and flag.</li>
<li><b>Charts</b> (View › Panels › Charts, Ctrl+Shift+C): administrations compared. Click a bar to list
its people in the table.</li>
</ul>
<p>Edit › Undo (Ctrl+Z) takes back your last change to the rules, a colour given by hand, a note or a flag;
Edit › Redo (Ctrl+Shift+Z) makes it again.</p>

<h3>Reproducing the published figures</h3>
<p>WOLA published in September 2018 that 5 of 7 people designated under Obama were active in the
military, intelligence or police when sanctioned, against 11 of 64 under Trump. To count the same way:
open Charts, choose <i>Active in security forces by administration</i> and press
<i>Sept 2018 (WOLA count)</i>: it counts the post-E.O. 13692 sheet, designations up to 2018-09-08. The
command line gives the same numbers: <code>main.py stats --as-of 2018-09-08 --sheet post</code>.
The bundled data's README (<code>data/README.md</code>) explains where its counts differ from WOLA's.
WOLA also highlighted "at least 23" onetime commanders on 2018-09-08: Rules › Open preset rule set ›
<i>WOLA, September 2018</i> shows that cut (post sheet, designated on or before 2018-09-08) with the
onetime-commander rule; Edit › Undo gives your rules back.</p>

<h3>Your own workbook</h3>
<p>When a column was not understood (a bar above the table says what then has nothing to count),
File › Columns… (Ctrl+Shift+M) lets you say what each column is. The choice is applied at once, can be
undone, and is remembered for that workbook and its copies. Notes, flags and colours follow the people
to a moved, renamed or re-saved copy of the workbook.</p>

<h3>Comparing with an official list</h3>
<p>File › Compare with official list… (Ctrl+Shift+O) compares the working copy with a list file you
downloaded from the Treasury (sdn.csv, sdn.xml, SDN_ADVANCED.XML) or OpenSanctions, or two downloads of
the list with each other. Each tab is a category with its count: new, no longer listed, changed,
uncertain, matched and newer than the list, each person with the reason in words. From there you can add
new people to the working copy, mark people delisted on the list's date, take over a field the list gives
otherwise, and accept or reject an uncertain match (remembered). Each of these is one Edit › Undo step.
Export to Excel writes a sheet per category.</p>

<h3>Exporting</h3>
<p>File › Export view (Ctrl+E) writes exactly the rows, order, columns and colours on screen to a new
.xlsx or .csv file, with an "About this export" sheet naming the source file, the filters and the rules.</p>
"""


def about_html() -> str:
    return (f"<b>{APP_NAME}</b> {__version__}<br>For analysts of targeted U.S. sanctions on Venezuelan "
            "individuals. Your own spreadsheets are only read, never changed.<br><br>"
            f"Bundled dataset: {paths.BUNDLED_WORKBOOK.name} (sources in each row and in data/README.md).")


class GuideDialog(QDialog):
    def __init__(self, workspace_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(f"{APP_NAME} guide")
        layout = QVBoxLayout(self)
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(guide_html(workspace_path))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 620)
