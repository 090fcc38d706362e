"""The published figures shown beside the chart's own, and the reconciliation they point to.

When the chart counts as WOLA compared Obama and Trump in September 2018, the panel says
what the data gives and what WOLA published, side by side, so a difference is never
mistaken for a match; a link opens the part of the README that explains the difference.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from ..core import paths, published
from ..core.published import RECONCILIATION_HEADING, Comparison, Publication

RECONCILIATION_LINK = "reconciliation"


def _where(path) -> str:
    try:
        return str(path.relative_to(paths.PROJECT_ROOT))
    except ValueError:
        return str(path)


def comparison_lines(publication: Publication, comparisons: list[Comparison]) -> list[str]:
    """ "Trump: data 8 of 56 (14%) · WOLA published 11 of 64 (17%)", one line per administration."""
    lines = []
    for line in comparisons:
        figure = line.published.text() if line.published is not None else "nothing"
        lines.append(f"{line.administration}: data {line.data.text()} · {publication.publisher} published {figure}")
    return lines


def footnote(publication: Publication) -> str:
    """The published figures in one sentence, for an exported chart."""
    figures = ", ".join(f"{f.administration} {f.text()}" for f in publication.figures)
    sure = "" if publication.confirmed else " (source not confirmed)"
    return f"{publication.publisher} published ({publication.when}): {figures}, {publication.describes}{sure}."


class PublishedNote(QLabel):
    """The data's figures beside the published ones, with links to the reconciliation and the source."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("publishedNote")
        self.setWordWrap(True)
        self.setTextFormat(self.textFormat().RichText)
        self.setStyleSheet("QLabel#publishedNote { background: #FFF8E1; border: 1px solid #E9C46A; padding: 4px; }")
        self.linkActivated.connect(self._open_link)
        self._dialog: ReconciliationDialog | None = None
        self.hide()

    def show_comparison(self, publication: Publication | None, comparisons: list[Comparison]) -> None:
        if publication is None:
            self.hide()
            return
        lines = [html.escape(line) for line in comparison_lines(publication, comparisons)]
        where = f"{_where(published.RECONCILIATION_FILES[0])} › {RECONCILIATION_HEADING}"
        source = "source" if publication.confirmed else "likeliest source (not confirmed)"
        self.setText("<br>".join(lines) + f"<br>Why they differ: <a href='{RECONCILIATION_LINK}'>"
                     f"{html.escape(where)}</a> · {publication.publisher}'s "
                     f"<a href='{html.escape(publication.source_url)}'>{source}</a>")
        self.setToolTip(f"{publication.source_description}\n{publication.source_url}\n{publication.caveat}")
        self.show()

    def _open_link(self, link: str) -> None:
        if link == RECONCILIATION_LINK:
            self.open_reconciliation()
        else:
            QDesktopServices.openUrl(QUrl(link))

    def open_reconciliation(self) -> ReconciliationDialog:
        if self._dialog is None:
            self._dialog = ReconciliationDialog(self.window())
        self._dialog.show()
        self._dialog.raise_()
        return self._dialog


class ReconciliationDialog(QDialog):
    """The README's reconciliation with WOLA's figures, read from the file when opened."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(RECONCILIATION_HEADING)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("reconciliationText")
        self.browser.setOpenExternalLinks(True)
        found = published.reconciliation_section()
        if found is None:
            looked = " or ".join(_where(path) for path in published.RECONCILIATION_FILES)
            self.browser.setPlainText(f"The section \"{RECONCILIATION_HEADING}\" was not found in {looked}. "
                                      "The published figures and the data's are both shown in the chart panel; "
                                      "this copy of the project does not explain the difference.")
        else:
            path, section = found
            self.browser.setMarkdown(f"*From {_where(path)}*\n\n{section}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(720, 520)
