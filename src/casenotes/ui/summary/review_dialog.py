"""Reviewing a consultation summary before it leaves: every redaction is on screen, in place
and in a table, and nothing can be exported until the practitioner says they have looked.

The dialog shows a ``casenotes.core.export.ReviewDocument``: the whole summary as it will be
sent, each redaction highlighted by kind, restored words with a dotted underline, and the
scan's unsure findings marked "for a look". The practitioner can restore a redaction, redact
it again, redact any words the scan missed, or edit the text freely (it is scanned again).
Any change unticks "I have reviewed…", and Export waits for it.

Exporting asks where to save, says plainly that the file leaves the vault's protection, then
writes it on the worker and notes it in the encrypted export log. Nothing here logs the text,
the identifiers or the path."""

from __future__ import annotations

import logging
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QRect,
    QStandardPaths,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QShortcut,
    QShowEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.export.markdown import unescape, unescape_with_offsets
from casenotes.ui.errors import describe
from casenotes.ui.file_dialogs import get_save_file_name
from casenotes.ui.shared.common import ClipboardGuard, alive, model_data
from casenotes.ui.shared.screen_fit import available_area, fit_dialog, scrolling_body
from casenotes.ui.shared.text_columns import TextColumns
from casenotes.ui.shared.widgets import (
    FlowWidget,
    labelled,
    muted_color,
    side_by_side,
    title_html,
)
from casenotes.ui.summary._closing import ForgetfulDialog
from casenotes.ui.summary._style import (
    DEFAULT_FILE_NAMES,
    FORMAT_FILTERS,
    FORMAT_LABELS,
    KIND_LABELS,
    kind_background,
    kind_label,
    plural,
    restored_colour,
    unsure_colour,
)
from casenotes.ui.summary.findings_model import (
    COL_CERTAINTY,
    COL_KIND,
    COL_ORIGINAL,
    COL_REASON,
    COL_REPLACEMENT,
    COL_STATE,
    UNSURE_TIP,
    FindingRole,
    FindingsModel,
    FindingsProxy,
    explain,
)
from casenotes.ui.workspace.text_edits import GuardedPlainTextEdit, GuardedTextEdit

if TYPE_CHECKING:
    from casenotes.core.deid import Span
    from casenotes.core.export import SummaryDraft
    from casenotes.core.export.review import Finding, ReviewDocument
    from casenotes.core.journal import Journal
    from casenotes.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

EXPORT_FORMATS = ("md", "txt", "pdf")
REVIEWED_TEXT = "I have &reviewed every redaction and the text"
DEFAULT_KIND = "other"  # "[Redacted]"
MIN_WIDTH, MIN_HEIGHT = 640, 480  # small enough for any screen; the body scrolls
WIDTH_CHARS = 150  # the width it opens at, in average characters of its text
UNSURE_TAG = "\u2009◆\u2009for a look"
SELECT_FIRST = "Select the words to redact in the summary first."
OVERLAPS = (
    "Those words overlap a redaction already made. Select words outside the "
    "highlighted ones, or restore that redaction first."
)
EDIT_HINT = (
    "You are editing the summary as plain text. When you choose Done editing, the "
    "edited text is scanned again for identifying details, and every redaction in "
    "it is shown for review."
)
LEAVES_VAULT = (
    "The summary will be saved unencrypted here:\n\n{path}\n\n"
    "Once saved, it is outside the vault’s protection: anyone who can open that place — a "
    "synced folder, a shared computer, an email attachment — can read it. Casenotes notes the "
    "export, with a fingerprint of the file, in its encrypted export log."
)


def restored_dropped(count: int) -> str:
    """One calm sentence for when an edit leaves fewer restored passages than before."""
    if count == 1:
        return (
            "After your edit, one passage you had restored is no longer restored: please "
            "look through the list again."
        )
    return (
        f"After your edit, {count} passages you had restored are no longer restored: "
        "please look through the list again."
    )


TEACH_TEXT = "Add to this case’s &identifiers as"
TEACH_TIP = (
    "Save these words with the case's identifiers: they are redacted in the rest of "
    "this summary, and caught in later summaries and privacy mode."
)
TEACH_KINDS: dict[str, str] = {
    "names": "a name",
    "aliases": "another name they use",
    "handles": "a handle",
    "phones": "a phone number",
    "emails": "an email address",
    "places": "a place",
    "employers": "a workplace",
    "other": "something else",
}
TEACH_ONLY_MANUAL = "Select a redaction you made by hand to add it to the case."


def taught(value: str, kind: str, added: int) -> str:
    """After teaching the case: what was saved, and what it changed here."""
    what = TEACH_KINDS.get(kind, "an identifier")
    more = (
        ""
        if added == 0
        else " It is redacted once more in this summary."
        if added == 1
        else f" It is redacted {added} more times in this summary."
    )
    return (
        f"“{value}” is now one of this case's identifiers, as {what}.{more} Later "
        "summaries and privacy mode catch it too."
    )


def new_findings(count: int) -> str:
    """After an edit: what the scan of the edited words found (earlier findings stay)."""
    if count == 1:
        return "The scan found one new detail in the text you edited: please look at it."
    return f"The scan found {count} new details in the text you edited: please look at them."


class _Ranges:
    """Where each piece of the summary sits in the view's document.

    The view shows the text of ``ReviewDocument.segments()`` in order, with a small "for a
    look" tag after unsure redactions; positions in a QTextDocument count UTF-16 units, the
    review's offsets count characters, so the mapping is kept here."""

    def __init__(self) -> None:
        self.findings: dict[int, tuple[int, int]] = {}
        # (document start, document end, text start, shown text, where each shown character
        # starts in the review text) for each plain run: the view shows Markdown escapes
        # undone ("*" rather than "\*"), so shown and review offsets differ.
        self.plain: list[tuple[int, int, int, str, list[int]]] = []

    def finding_at(self, position: int) -> int | None:
        for index, (start, end) in self.findings.items():
            if start <= position < end:
                return index
        return None

    def text_offset(self, position: int) -> int | None:
        """The review text's offset at a document position inside (or at the edge of) a
        plain run; None inside a redaction or a tag."""
        for doc_start, doc_end, text_start, shown, starts in self.plain:
            if doc_start <= position <= doc_end:
                return text_start + starts[_chars_in(shown, position - doc_start)]
        return None


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _chars_in(text: str, units: int) -> int:
    """How many characters of ``text`` fill its first ``units`` UTF-16 units."""
    if _utf16_len(text) == len(text):
        return units
    count = 0
    for i, char in enumerate(text):
        if count >= units:
            return i
        count += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def _style_headings(document: QTextDocument) -> None:
    """Markdown headings ("## Goals") in bold, the top ones a little larger, so the summary
    reads as a document; the characters themselves are left as they will be written."""
    base = document.defaultFont().pointSizeF()
    block = document.begin()
    while block.isValid():
        text = block.text()
        level = len(text) - len(text.lstrip("#"))
        if 1 <= level <= 6 and text[level : level + 1] == " ":
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.DemiBold)
            if base > 0 and level <= 2:
                fmt.setFontPointSize(base * (1.25 if level == 1 else 1.1))
            cursor = QTextCursor(block)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            cursor.mergeCharFormat(fmt)
        block = block.next()


class ReviewDialog(ForgetfulDialog):
    """The review of one summary. ``exported`` carries the saved file's path."""

    exported = Signal(str)
    changed = Signal()
    identifiers_changed = Signal(str)  # a case id: the review taught that case an identifier

    def __init__(
        self,
        document: ReviewDocument,
        *,
        journal: Journal,
        tasks: TaskRunner,
        draft: SummaryDraft | None = None,
        case_code: str = "",
        parent: QWidget | None = None,
        guard: ClipboardGuard | None = None,
    ) -> None:
        super().__init__(parent)
        # Both dropped (None) once the dialog is closed: see forget().
        self.document: ReviewDocument | None = document
        self.draft: SummaryDraft | None = draft if draft is not None else document.draft
        self.journal = journal
        self.tasks = tasks
        self.guard = guard if guard is not None else ClipboardGuard()
        self._ranges = _Ranges()
        self._shown: QTextDocument | None = None
        self._editing = False
        self._busy = False
        self._syncing = False
        self.last_path: Path | None = None
        self.setWindowTitle("Review the consultation summary")
        self.setAccessibleName("Review the consultation summary")
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self.resize(1180, 760)
        self._build(case_code)
        self.model.set_document(document)
        self.table.sortByColumn(COL_CERTAINTY, Qt.SortOrder.AscendingOrder)
        self._render()
        self._update()
        if self.proxy.rowCount() > 0:
            self.table.setCurrentIndex(self.proxy.index(0, COL_KIND))
        self.table.setFocus()

    # ---- size ----

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        area = available_area(self)
        if area is not None:
            self.fit_to(area)

    def fit_to(self, available: QRect) -> None:
        """As large as what it holds asks, within ``available`` (a screen's free area)."""
        width = max(1180, self.fontMetrics().averageCharWidth() * WIDTH_CHARS)
        fit_dialog(self, self.body_scroll, available, width=width, min_height=760)

    # ---- closing ----

    def forget(self) -> None:
        """Drop the summary once the dialog is closed: the Python object can outlive its
        window (a reference kept elsewhere, a deferred delete), the text must not."""
        super().forget()
        self.document = None
        self.draft = None
        self._ranges = _Ranges()
        if not alive(self):
            return
        self.model.set_document(None)
        self.view.clear()
        self.editor.clear()
        self.message.clear()
        shown, self._shown = self._shown, None
        if shown is not None and alive(shown):
            shown.clear()

    # ---- building ----

    def _build(self, case_code: str) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 12)
        outer.setSpacing(8)
        # Everything but the title and the export row scrolls when the screen is too short
        # for it (large text): Export and Close are always in view.
        body = QWidget()
        body.setObjectName("reviewBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self._build_header(outer, layout, case_code)
        layout.addWidget(
            side_by_side(
                self._build_text_pane(),
                self._build_findings_pane(),
                stretch=(3, 2),
                sizes=(640, 480),
            ),
            1,
        )
        self.body_scroll = scrolling_body(body)
        outer.addWidget(self.body_scroll, 1)
        self._build_export(layout, outer)
        self._connect()
        self._set_tab_order()

    def _build_header(self, outer: QVBoxLayout, layout: QVBoxLayout, case_code: str) -> None:
        sessions = self.draft.sessions if self.draft is not None else ""
        sub = []
        if case_code:
            sub.append(f"Case {case_code}")
        if sessions:
            sub.append(f"sessions {sessions.replace('-', '–')}")
        title = QLabel(title_html("Review before anything leaves", " · ".join(sub)))
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setAccessibleName("Review before anything leaves")
        title.setWordWrap(True)
        outer.addWidget(title)
        intro = QLabel(
            "This is the whole summary exactly as your peer will read it. Each highlighted "
            "passage replaces something that could identify someone. Look at each one, restore "
            "what is safe to share, and redact anything the scan missed."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("How redactions are shown")
        layout.addWidget(self.legend)

    def _build_text_pane(self) -> QWidget:
        # The text, read-only with its highlights, or as plain text while editing.
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        self.view = GuardedTextEdit(self.guard)
        self.view.setReadOnly(True)
        self.view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.view.setAccessibleName("Summary text with redactions")
        self.view.setAccessibleDescription(
            "Select words here, then choose Redact selection to redact them."
        )
        self.view.setTabChangesFocus(True)
        self.editor = GuardedPlainTextEdit(self.guard)
        self.editor.setAccessibleName("Summary text (editing)")
        self.editor.setTabChangesFocus(True)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.editor)
        left_layout.addWidget(self.stack, 1)
        self.edit_hint = QLabel(EDIT_HINT)
        self.edit_hint.setWordWrap(True)
        self.edit_hint.setVisible(False)
        left_layout.addWidget(self.edit_hint)
        # The buttons under the text wrap onto a second line rather than squeeze (large text).
        edit_row = FlowWidget()
        edit_row.setObjectName("editRow")
        self.edit_button = QPushButton("&Edit text…")
        self.edit_button.setAccessibleName("Edit text")
        self.edit_button.setToolTip(
            "Edit the summary as plain text; it is scanned again when you are done."
        )
        edit_row.add(self.edit_button)
        self.cancel_edit_button = QPushButton("Discard edi&ts")
        self.cancel_edit_button.setAccessibleName("Discard edits")
        edit_row.add(self.cancel_edit_button)
        self.cancel_edit_button.setVisible(False)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Kind of detail to redact")
        for kind, label in KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        # Words the scan missed are most often not a name (a venue, a detail of a story):
        # "[Redacted]" says least, so it is where a quick Ctrl+R lands.
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(DEFAULT_KIND)))
        edit_row.add(labelled("Redact selected &words as", self.kind_combo))
        self.redact_button = QPushButton("Redact se&lection")
        self.redact_button.setAccessibleName("Redact selection")
        self.redact_button.setToolTip("Redact the words selected in the summary (Ctrl+R)")
        edit_row.add(self.redact_button)
        left_layout.addWidget(edit_row)
        return left

    def _build_findings_pane(self) -> QWidget:
        # The findings.
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.counter = QLabel()
        self.counter.setAccessibleName("Redaction count")
        right_layout.addWidget(self.counter)
        self.model = FindingsModel(self)
        self.proxy = FindingsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Redactions")
        self.table.setAccessibleDescription(
            "Space restores the selected redaction, or redacts it again."
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().lineSpacing() + 10
        )
        header = self.table.horizontalHeader()
        # Narrow columns scroll sideways rather than shrink to an ellipsis.
        header.setMinimumSectionSize(self.table.fontMetrics().averageCharWidth() * 9)
        header.setSectionResizeMode(COL_KIND, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_CERTAINTY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_STATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.ResizeToContents)
        # The words and their replacement share what the other columns leave, each never
        # narrower than its heading (at large text a stretched column cut it to "placeme").
        self.text_columns = TextColumns(self.table, (COL_ORIGINAL, COL_REPLACEMENT))
        right_layout.addWidget(self.table, 1)
        # Why the selected finding is "for a look" (its reason), in words under the list.
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setAccessibleName("Why this finding is for a look")
        self.explanation.setVisible(False)
        right_layout.addWidget(self.explanation)
        buttons = QHBoxLayout()
        self.restore_button = QPushButton("Re&store")
        self.restore_button.setAccessibleName("Restore")
        self.restore_button.setToolTip("Put the original words back in the summary (Space)")
        self.reapply_button = QPushButton("Redact a&gain")
        self.reapply_button.setAccessibleName("Redact again")
        self.reapply_button.setToolTip("Replace the original words again (Space)")
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.reapply_button)
        buttons.addStretch(1)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self._build_teach_row())
        return right

    def _build_teach_row(self) -> FlowWidget:
        # A detail redacted by hand can be taught to the case in one step: saved with its
        # identifiers, it is caught in the rest of this summary and everywhere after.
        teach = FlowWidget()
        self.teach_combo = QComboBox()
        self.teach_combo.setAccessibleName(TEACH_TEXT.replace("&", ""))
        for kind, label in TEACH_KINDS.items():
            self.teach_combo.addItem(label, kind)
        self.teach_button = QPushButton("Add to t&he case")
        self.teach_button.setAccessibleName("Add to the case's identifiers")
        self.teach_button.setToolTip(TEACH_TIP)
        teach.add(labelled(TEACH_TEXT, self.teach_combo))
        teach.add(self.teach_button)
        return teach

    def _build_export(self, layout: QVBoxLayout, outer: QVBoxLayout) -> None:
        # Confirmation and export.
        self.reviewed = QCheckBox(REVIEWED_TEXT)
        self.reviewed.setAccessibleName("I have reviewed every redaction and the text")
        layout.addWidget(self.reviewed)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("Export status")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        bottom = QHBoxLayout()
        format_label = QLabel("Save &as")
        self.format_combo = QComboBox()
        self.format_combo.setAccessibleName("File format")
        for fmt in EXPORT_FORMATS:
            self.format_combo.addItem(FORMAT_LABELS[fmt], fmt)
        format_label.setBuddy(self.format_combo)
        bottom.addWidget(format_label)
        bottom.addWidget(self.format_combo)
        bottom.addStretch(1)
        self.export_button = QPushButton("E&xport…")
        self.export_button.setAccessibleName("Export")
        self.close_button = QPushButton("&Close")
        self.close_button.setAccessibleName("Close")
        self.close_button.setAutoDefault(False)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.close_button)
        outer.addLayout(bottom)

    def _connect(self) -> None:
        """What the controls do (the layout above only places them)."""
        self.view.cursorPositionChanged.connect(self._text_cursor_moved)
        self.view.selectionChanged.connect(self._update)
        self.edit_button.clicked.connect(self.toggle_editing)
        self.cancel_edit_button.clicked.connect(self.discard_editing)
        self.redact_button.clicked.connect(self.redact_selection)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.installEventFilter(self)
        self.restore_button.clicked.connect(self.restore_selected)
        self.reapply_button.clicked.connect(self.reapply_selected)
        self.teach_button.clicked.connect(self.teach_selected)
        self.reviewed.toggled.connect(self._update)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.reject)
        shortcut = QShortcut(QKeySequence("Ctrl+R"), self)
        shortcut.activated.connect(self.redact_selection)

    def _set_tab_order(self) -> None:
        # The text first (it is on the left and is what is read), then its own controls,
        # then the findings and theirs, then the confirmation and export.
        chain: list[QWidget] = [
            self.view,
            self.editor,
            self.edit_button,
            self.cancel_edit_button,
            self.kind_combo,
            self.redact_button,
            self.table,
            self.restore_button,
            self.reapply_button,
            self.teach_combo,
            self.teach_button,
            self.reviewed,
            self.format_combo,
            self.export_button,
            self.close_button,
        ]
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    # ---- drawing the text ----

    def _render(self) -> None:
        if self.document is None:
            return
        palette = self.view.palette()
        document = QTextDocument(self.view)
        font = QFont(self.view.font())
        document.setDefaultFont(font)
        document.setDocumentMargin(12)
        cursor = QTextCursor(document)
        block = QTextBlockFormat()  # a little air between lines, for reading
        block.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor.setBlockFormat(block)
        plain = QTextCharFormat()
        plain.setForeground(palette.color(QPalette.ColorRole.Text))
        ranges = _Ranges()
        text_pos = 0
        findings = self.document.findings
        for segment in self.document.segments():
            start = cursor.position()
            if segment.finding is None:
                shown, starts = unescape_with_offsets(segment.text)
                cursor.insertText(shown, plain)
                ranges.plain.append((start, cursor.position(), text_pos, shown, starts))
            else:
                finding = findings[segment.finding]
                cursor.insertText(unescape(segment.text), self._finding_format(finding, palette))
                ranges.findings[segment.finding] = (start, cursor.position())
                if not finding.span.certain and finding.active:
                    cursor.insertText(UNSURE_TAG, self._tag_format(palette, finding.span))
            text_pos += len(segment.text)
        _style_headings(document)
        self._ranges = ranges
        previous = self._shown
        self._shown = document
        scroll = self.view.verticalScrollBar().value()
        self._syncing = True
        try:
            self.view.setDocument(document)
        finally:
            self._syncing = False
        self.view.verticalScrollBar().setValue(scroll)  # keep the reader's place
        if previous is not None and alive(previous):
            previous.deleteLater()  # the earlier rendering
        self.legend.setText(self._legend_html(palette))

    def _finding_format(self, finding: Finding, palette: QPalette) -> QTextCharFormat:
        span = finding.span
        fmt = QTextCharFormat()
        fmt.setForeground(palette.color(QPalette.ColorRole.Text))
        certainty = "sure" if span.certain else "for a look"
        if not span.certain and span.reason:
            certainty = f"for a look: {span.reason}"
        if finding.active:
            fmt.setBackground(QBrush(kind_background(palette, span.kind)))
            fmt.setToolTip(
                f"{kind_label(span.kind)} · redacted ({certainty}) · original: "
                f"{' '.join(span.text.split())}"
            )
            if not span.certain:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(unsure_colour(palette))
        else:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(restored_colour(palette))
            fmt.setToolTip(
                f"{kind_label(span.kind)} · restored: these words will be sent as they are"
            )
        return fmt

    @staticmethod
    def _tag_format(palette: QPalette, span: Span | None = None) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setForeground(unsure_colour(palette))
        fmt.setFontItalic(True)
        fmt.setFontWeight(QFont.Weight.DemiBold)
        fmt.setToolTip(explain(span) if span is not None else UNSURE_TIP)
        return fmt

    def _legend_html(self, palette: QPalette) -> str:
        sample = kind_background(palette, "name").name()
        restored = restored_colour(palette).name()
        unsure = unsure_colour(palette).name()
        muted = muted_color(palette).name()
        return (
            f"<span style='color:{muted}'>Shown as:</span>&nbsp; "
            f"<span style='background:{sample}'>&nbsp;[Client]&nbsp;</span> redacted"
            f" (colour by kind) &nbsp;·&nbsp; "
            f"<span style='text-decoration:underline; color:{restored}'>restored words</span>"
            f" will be sent as they are &nbsp;·&nbsp; "
            f"<b><i style='color:{unsure}'>◆ for a look</i></b> the scan was not sure"
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "model"):
            self._render()

    # ---- selection between table and text ----

    def selected_finding(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(
            index.row(), QModelIndex()
        ):
            return None
        value = model_data(index, FindingRole.INDEX)
        return value if isinstance(value, int) else None

    def select_finding(self, finding: int) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, COL_KIND)
            if model_data(index, FindingRole.INDEX) == finding:
                self.table.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.scrollTo(index)
                return

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        finding = model_data(current, FindingRole.INDEX)
        if isinstance(finding, int) and not self._syncing:
            self._show_in_text(finding)
        if isinstance(finding, int) and self.document is not None:
            from casenotes.core.export.review import IDENTIFIER_KIND_OF

            kind = IDENTIFIER_KIND_OF.get(self.document.findings[finding].span.kind, "other")
            self.teach_combo.setCurrentIndex(max(0, self.teach_combo.findData(kind)))
        self._update()

    def _show_in_text(self, finding: int) -> None:
        where = self._ranges.findings.get(finding)
        if where is None:
            return
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(where[0])
        cursor.setPosition(where[1], QTextCursor.MoveMode.KeepAnchor)
        self._syncing = True
        try:
            self.view.setTextCursor(cursor)
            self.view.ensureCursorVisible()
        finally:
            self._syncing = False

    def _text_cursor_moved(self) -> None:
        if self._syncing:
            return
        cursor = self.view.textCursor()
        if cursor.hasSelection():
            return
        finding = self._ranges.finding_at(cursor.position())
        if finding is None:
            return
        self._syncing = True
        try:
            self.select_finding(finding)
        finally:
            self._syncing = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Space
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self.toggle_selected()
            return True
        return super().eventFilter(watched, event)

    # ---- changes ----

    def toggle_selected(self) -> None:
        finding, document = self.selected_finding(), self.document
        if finding is None or document is None or self._editing:
            return
        if document.findings[finding].active:
            self.restore_selected()
        else:
            self.reapply_selected()

    def restore_selected(self) -> None:
        finding, document = self.selected_finding(), self.document
        if (
            finding is None
            or document is None
            or self._editing
            or not document.findings[finding].active
        ):
            return
        document.restore(finding)
        self._changed(finding)

    def reapply_selected(self) -> None:
        finding, document = self.selected_finding(), self.document
        if (
            finding is None
            or document is None
            or self._editing
            or document.findings[finding].active
        ):
            return
        document.reapply(finding)
        self._changed(finding)

    def redact_selection(self) -> None:
        if self._editing or self.document is None:
            return
        cursor = self.view.textCursor()
        if not cursor.hasSelection():
            self._say(SELECT_FIRST)
            return
        start = self._ranges.text_offset(cursor.selectionStart())
        end = self._ranges.text_offset(cursor.selectionEnd())
        if start is None or end is None or end <= start:
            self._say(OVERLAPS)
            return
        kind = self.kind_combo.currentData() or "other"
        try:
            finding = self.document.redact(start, end, kind)
        except ValueError:
            self._say(OVERLAPS)
            return
        self._changed(finding)
        self.table.setFocus()

    def teach_selected(self) -> None:
        """Save the selected redaction made by hand as a known identifier of the case (on
        the worker), then redact it wherever else it stands in this summary."""
        finding = self.selected_finding()
        if (
            finding is None
            or self._editing
            or self._busy
            or self.document is None
            or self.draft is None
        ):
            return
        if self.document.findings[finding].span.source != "manual":
            self._say(TEACH_ONLY_MANUAL)
            return
        value = self.document.identifier_value(finding)
        kind = str(self.teach_combo.currentData())
        label = self.document.findings[finding].span.replacement
        journal, case_id = self.journal, self.draft.case_id
        self._busy = True
        self._update()

        def work() -> bool:
            return bool(journal.add_case_identifier(case_id, kind, value))

        def done(_added: bool) -> None:
            if self._closing or not alive(self) or self.document is None:
                return
            self._busy = False
            count = self.document.learn(value, kind, label)
            self._changed(finding)
            self._say(taught(value, kind, count))
            self.identifiers_changed.emit(case_id)

        self.tasks.run_task(work, done, self._teach_failed)

    def _teach_failed(self, exc: BaseException) -> None:
        log.warning("adding an identifier to a case failed (%s)", type(exc).__name__)
        if self._closing or not alive(self):
            return
        self._busy = False
        self._say(f"The identifier was not added to the case. {describe(exc)}", error=True)
        self._update()

    def toggle_editing(self) -> None:
        if self._editing:
            self.finish_editing()
        else:
            self.start_editing()

    def start_editing(self) -> None:
        if self._busy or self.document is None:
            return
        self._editing = True
        self.editor.setPlainText(self.document.text)
        self.stack.setCurrentWidget(self.editor)
        self.edit_button.setText("&Done editing")
        self.edit_button.setAccessibleName("Done editing")
        self.edit_hint.setVisible(True)
        self.cancel_edit_button.setVisible(True)
        self.reviewed.setChecked(False)
        self._update()
        self.editor.setFocus()

    def finish_editing(self) -> None:
        if not self._editing or self.document is None:
            return
        text = self.editor.toPlainText()
        self._leave_editing()
        if text != self.document.text:
            selected = self.selected_finding()
            # Earlier findings keep their decisions and their order (core: map_ranges).
            report = self.document.replace_text(text)
            self._changed(None, reset=True)
            if selected is not None and selected < len(self.document.findings):
                self.select_finding(selected)
            if report.dropped_restored:
                self._say(restored_dropped(report.dropped_restored))
            elif report.added:
                self._say(new_findings(report.added))
        self.view.setFocus()

    def discard_editing(self) -> None:
        if self._editing:
            self._leave_editing()
            self._update()

    def _leave_editing(self) -> None:
        self._editing = False
        self.stack.setCurrentWidget(self.view)
        self.edit_button.setText("&Edit text…")
        self.edit_button.setAccessibleName("Edit text")
        self.edit_hint.setVisible(False)
        self.cancel_edit_button.setVisible(False)

    def _changed(self, select: int | None, *, reset: bool = False) -> None:
        """After any change: redraw, refresh the table, and ask for a fresh review."""
        if reset:
            self.model.set_document(self.document)
        else:
            self.model.refresh()
        self._render()
        self.reviewed.setChecked(False)
        self.message.setVisible(False)
        if select is not None:
            self.select_finding(select)
            self._show_in_text(select)
        self._update()
        self.changed.emit()

    # ---- state ----

    def _update(self) -> None:
        if not hasattr(self, "export_button") or self.document is None:
            return
        findings = self.document.findings
        active = sum(1 for f in findings if f.active)
        restored = len(findings) - active
        unsure = len(self.document.unsure())
        parts = [plural(active, "redaction"), f"{unsure} for a look"]
        if restored:
            parts.append(f"{restored} restored")
        self.counter.setText(" · ".join(parts))
        selected = self.selected_finding()
        reviewing = not self._editing and not self._busy
        is_active = selected is not None and findings[selected].active
        why = explain(findings[selected].span) if selected is not None else ""
        self.explanation.setText(why)
        self.explanation.setAccessibleDescription(why)
        self.explanation.setVisible(bool(why))
        self.restore_button.setEnabled(reviewing and selected is not None and is_active)
        teachable = (
            selected is not None
            and findings[selected].span.source == "manual"
            and not self.document.is_known(self.document.identifier_value(selected))
        )
        self.teach_button.setEnabled(reviewing and teachable)
        self.teach_combo.setEnabled(reviewing and teachable)
        self.reapply_button.setEnabled(reviewing and selected is not None and not is_active)
        self.redact_button.setEnabled(reviewing)
        self.kind_combo.setEnabled(reviewing)
        self.table.setEnabled(not self._editing)
        self.edit_button.setEnabled(not self._busy)
        self.reviewed.setEnabled(reviewing)
        self.format_combo.setEnabled(reviewing)
        self.export_button.setEnabled(reviewing and self.reviewed.isChecked())

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        palette = self.message.palette()
        colour = (
            QColor.fromHslF(0.02, 0.55, 0.45)
            if error
            else self.palette().color(QPalette.ColorRole.WindowText)
        )
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.message.setPalette(palette)
        self.message.setVisible(True)
        self.message.setAccessibleDescription(text)

    # ---- export ----

    def export(self) -> None:
        if self.document is None or not self.reviewed.isChecked() or self._editing or self._busy:
            return
        still = list(self.document.unreviewed_identifiers())
        if still:
            listed = ", ".join(f"“{s}”" for s in still[:12])
            more = f" and {len(still) - 12} more" if len(still) > 12 else ""
            answer = QMessageBox.warning(
                self,
                "Known identifiers still appear",
                f"{plural(len(still), 'identifier')} recorded for this case still "
                f"{'appears' if len(still) == 1 else 'appear'} in the summary: "
                f"{listed}{more}.\n\nExport anyway? Choose Yes only if you are sure each one "
                "is safe to share with your peer.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        fmt = str(self.format_combo.currentData())
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        chosen, _filter = get_save_file_name(
            self,
            "Save the consultation summary",
            str(Path(folder) / DEFAULT_FILE_NAMES[fmt]),
            FORMAT_FILTERS[fmt],
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        answer = QMessageBox.warning(
            self,
            "This file leaves the vault’s protection",
            LEAVES_VAULT.format(path=path),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Save:
            return
        self._busy = True
        self._update()
        self._say("Saving…")
        self.tasks.run_task(
            self._writer(path, fmt, self.document.text),
            lambda sha: self._exported(path),
            self._export_failed,
        )

    def _writer(self, path: Path, fmt: str, text: str) -> Callable[[], str]:
        journal, draft = self.journal, self.draft
        if draft is None:
            raise ValueError("a review needs its draft to log the export")

        def work() -> str:
            from casenotes.core.export import summary_log_entry, write_summary
            from casenotes.ui.pdf_export import markdown_to_pdf

            # Logged once complete and only then put in place: a failure at any step leaves
            # whatever was at the target as it was, and no file the export log does not know.
            return write_summary(
                path,
                text,
                fmt,
                reviewed=True,
                pdf=markdown_to_pdf,
                log=lambda sha256: journal.log_export(summary_log_entry(draft, fmt, sha256)),
            )

        return work

    def _exported(self, path: Path) -> None:
        if self._closing or not alive(self):
            return
        self._busy = False
        self.last_path = path
        self._say(f"Saved to {path}. The export is noted in the encrypted export log.")
        self._update()
        self.exported.emit(str(path))

    def _export_failed(self, exc: BaseException) -> None:
        log.warning("exporting a summary failed (%s)", type(exc).__name__)
        if self._closing or not alive(self):
            return
        self._busy = False
        self._say(f"The summary was not saved. {describe(exc)}", error=True)
        self._update()
