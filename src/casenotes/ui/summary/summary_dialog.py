"""Choosing what goes into a consultation summary: which sessions, the question for the peer,
whether to include the client's account of safety, of legal risk (each its own choice, both
off by default: minimum necessary disclosure) and the practitioner's own reflection, which
note excerpts, and whether the client consented to the consultation.

Nothing leaves from here: "Review…" builds the de-identified summary on the worker and opens
the review (``ReviewDialog``), where every redaction is checked before any export. Dates
and previews shown here stay in the app."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.domain import ATTENDANCE_LABELS, ONE_PARTNER, Case, Note
from casenotes.core.domain.templates import TEMPLATES
from casenotes.core.privacy import PrivacyMasks
from casenotes.ui.errors import describe
from casenotes.ui.shared.common import ClipboardGuard, alive, format_date, shorten
from casenotes.ui.shared.screen_fit import available_area, fit_dialog, scrolling_body
from casenotes.ui.shared.widgets import FlowWidget, muted_label, title_html
from casenotes.ui.summary._closing import ForgetfulDialog
from casenotes.ui.summary._style import plural
from casenotes.ui.summary.disclosure_fields import (
    CONSENT_DEFAULT,
    DisclosureFields,
    consent_row,
)
from casenotes.ui.summary.review_dialog import ReviewDialog
from casenotes.ui.workspace.text_edits import GuardedPlainTextEdit

log = logging.getLogger(__name__)

QUESTION_PLACEHOLDER = "What would you like to think through with your peer?"
DEFAULT_SPAN = 8  # sessions offered by default: the most recent ones
PREVIEW_CHARS = 90
MIN_WIDTH, MIN_HEIGHT = 520, 420  # small enough for any screen; the body scrolls
WIDTH_CHARS = 100  # the width it opens at, in average characters of its text
EXCERPT_ROWS = 6  # lines of excerpts shown however short the screen
NO_NOTES = "This case has no session notes yet, so there is nothing to summarise."
EXCERPT_ROLE = Qt.ItemDataRole.UserRole + 1  # (note_id, section_key) on excerpt items
SESSIONS_CHANGED = (
    "The sessions of this case changed while this window was open, so the "
    "list is up to date again: please check the range, then choose Review."
)

PRIVACY_REVIEW = (
    "The review shows the original words next to their replacements, so it "
    "opens once privacy mode is off."
)
PRIVACY_QUESTION = (
    "Privacy mode: your question is shown with names replaced, and can be "
    "edited once privacy mode is off."
)
SAFETY_TEXT = "Include &safety, as the client describes it"
SAFETY_NOTE = "The client's own account of work and safety."
LEGAL_TEXT = "Include &legal risk, as the client describes it"
LEGAL_NOTE = "The legal model where they work or live, policing, records."
# Why both start unticked: minimum necessary disclosure.
CHOICES_NOTE = "Both are left out unless you tick them: share only what this consultation needs."
REFLECTION_TEXT = "Include your own &reflection on needs and function"
REFLECTION_NOTE = (
    "Your reflections are private by default: they leave only if you tick this, "
    "with a formulation of the needs and function and each scale's trend. "
    "Include them if they help your peer think with you; they are de-identified "
    "like everything else."
)
EXCERPTS_NOTE = (
    "A free note is trimmed to its opening paragraphs, never shared whole. The "
    "summary also lists what has been tried and the client's response, and the "
    "context from the intake note."
)

CONSENT_QUESTION = "Did the client consent to this consultation?"

Excerpt = tuple[str, str]


def numbering(notes: list[Note]) -> list[tuple[str, Any]]:
    """What makes session numbers mean the same notes: the notes, in order, with dates."""
    return [(note.id, note.session_date) for note in notes]


def section_label(note: Note, key: str) -> str:
    for section in TEMPLATES.get(note.template, ()):
        if section.key == key:
            return section.label
    return key.replace("_", " ").capitalize()


def section_keys_in_order(note: Note) -> list[str]:
    """The note's non-empty sections, in its template's order, then any others."""
    ordered = [s.key for s in TEMPLATES.get(note.template, ())]
    keys = [k for k in ordered if note.sections.get(k, "").strip()]
    keys += [k for k, text in note.sections.items() if k not in ordered and text.strip()]
    return keys


class SummaryDialog(ForgetfulDialog):
    """Pick, then review. ``review`` is the open ReviewDialog, once there is one."""

    review_opened = Signal(object)  # the ReviewDialog
    # A case id whose identifiers the review added to: views showing that case can refresh.
    case_changed = Signal(str)

    def __init__(
        self,
        journal: Any,
        tasks: Any,
        case_id: str,
        parent: QWidget | None = None,
        *,
        guard: ClipboardGuard | None = None,
        privacy: bool = False,
        masks: PrivacyMasks | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self._privacy = privacy
        self._masks = masks if masks is not None else PrivacyMasks()
        self._case: Case | None = None  # for privacy mode's mask
        self.tasks = tasks
        self.guard = guard if guard is not None else ClipboardGuard()
        self.case_id = case_id
        self.case_code = ""
        self.notes: list[Note] = []
        self.review: ReviewDialog | None = None
        self._checked: dict[Excerpt, bool] = {}  # the practitioner's own ticks
        self._filling = False
        self._busy = False
        self.setWindowTitle("Consultation summary")
        self.setAccessibleName("Consultation summary")
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self.resize(760, 720)
        self._build()
        self._show_question()
        self.disclosure.set_mask(self._mask if privacy else None)
        if privacy:
            self._say(PRIVACY_REVIEW)
        self._update()
        self._load()

    # ---- size ----

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        area = available_area(self)
        if area is not None:
            self.fit_to(area)

    def fit_to(self, available: QRect) -> None:
        """As large as what it holds asks, within ``available`` (a screen's free area)."""
        width = max(760, self.fontMetrics().averageCharWidth() * WIDTH_CHARS)
        fit_dialog(self, self.body_scroll, available, width=width, min_height=720)

    # ---- closing ----

    def forget(self) -> None:
        """Drop the notes and the review once the dialog is closed: the Python object can
        outlive its window (a reference kept elsewhere, a deferred delete), the text must
        not. Results of work still under way are ignored from now on."""
        super().forget()
        review, self.review = self.review, None
        if review is not None:
            review.forget()
            if alive(review):
                review.close()
        self.notes = []
        self._case = None
        self._masks.clear()
        self._checked = {}
        if not alive(self):
            return
        self._filling = True
        try:
            self.excerpts.clear()
            self.first_combo.clear()
            self.last_combo.clear()
            self.question.clear()
        finally:
            self._filling = False

    # ---- building ----

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 12)
        outer.setSpacing(8)
        self.title = QLabel(title_html("Consultation summary"))
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Consultation summary")
        outer.addWidget(self.title)
        # Everything between the title and the buttons scrolls when the screen is short
        # (large text), so Review and Close are always in view.
        body = QWidget()
        body.setObjectName("summaryBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.body_scroll = scrolling_body(body)
        outer.addWidget(self.body_scroll, 1)
        intro = QLabel(
            "Choose what to share with a peer. Casenotes replaces names, places, dates and "
            "other details that could identify anyone, and you review every replacement "
            "before anything is saved."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.first_combo = QComboBox()
        self.first_combo.setAccessibleName("From session")
        self.last_combo = QComboBox()
        self.last_combo.setAccessibleName("To session")
        first_label = QLabel("&From session")
        first_label.setBuddy(self.first_combo)
        last_label = QLabel("&To session")
        last_label.setBuddy(self.last_combo)
        grid.addWidget(first_label, 0, 0)
        grid.addWidget(self.first_combo, 0, 1)
        grid.addWidget(last_label, 1, 0)
        grid.addWidget(self.last_combo, 1, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.first_combo.currentIndexChanged.connect(self._first_changed)
        self.last_combo.currentIndexChanged.connect(self._last_changed)

        question_label = QLabel("Your &question for the consultation")
        self.question = GuardedPlainTextEdit(self.guard)
        self.question.setPlaceholderText(QUESTION_PLACEHOLDER)
        self.question.setAccessibleName("Consultation question")
        self.question.setTabChangesFocus(True)
        self.question.setFixedHeight(self.question.fontMetrics().lineSpacing() * 4 + 16)
        question_label.setBuddy(self.question)
        layout.addWidget(question_label)
        layout.addWidget(self.question)
        # Privacy mode: the question (the practitioner's own words, which can name someone)
        # shows masked and read-only; the edit keeps the real words for the summary.
        self.question_masked = QLabel()
        self.question_masked.setObjectName("questionMasked")
        self.question_masked.setTextFormat(Qt.TextFormat.PlainText)
        self.question_masked.setWordWrap(True)
        self.question_masked.setAccessibleName("Consultation question (privacy mode)")
        self.question_masked.hide()
        layout.addWidget(self.question_masked)
        self.question_notice = muted_label(PRIVACY_QUESTION)
        self.question_notice.hide()
        layout.addWidget(self.question_notice)

        self.safety = QCheckBox(SAFETY_TEXT)
        self.safety.setAccessibleName(SAFETY_TEXT.replace("&", ""))
        self.safety.setAccessibleDescription(f"{SAFETY_NOTE} {CHOICES_NOTE}")
        self.safety.setToolTip(SAFETY_NOTE)
        self.safety.setChecked(False)
        self.legal = QCheckBox(LEGAL_TEXT)
        self.legal.setAccessibleName(LEGAL_TEXT.replace("&", ""))
        self.legal.setAccessibleDescription(f"{LEGAL_NOTE} {CHOICES_NOTE}")
        self.legal.setToolTip(LEGAL_NOTE)
        self.legal.setChecked(False)
        # One above the other: side by side, the second ran off the edge at large text.
        layout.addWidget(self.safety)
        layout.addWidget(self.legal)
        self.safety_note = muted_label(CHOICES_NOTE)
        layout.addWidget(self.safety_note)

        # Consent to the consultation: asked every time, recorded in the export log.
        row, self.consent_group, self.consent_buttons = consent_row(CONSENT_QUESTION, self)
        layout.addLayout(row)

        # The accounting of disclosures: to whom (by role, never a name) and why.
        self.disclosure = DisclosureFields()
        layout.addWidget(self.disclosure)

        self.reflection = QCheckBox(REFLECTION_TEXT)
        self.reflection.setAccessibleName(REFLECTION_TEXT.replace("&", ""))
        self.reflection.setChecked(False)
        layout.addWidget(self.reflection)
        self.reflection_note = muted_label(REFLECTION_NOTE)
        self.reflection.setAccessibleDescription(REFLECTION_NOTE)
        layout.addWidget(self.reflection_note)

        excerpts_label = QLabel("Note &excerpts to include")
        self.excerpts = QTreeWidget()
        self.excerpts.setHeaderHidden(True)
        self.excerpts.setAccessibleName("Note excerpts to include")
        self.excerpts.setAccessibleDescription(
            "Space ticks or unticks the selected excerpt. " + EXCERPTS_NOTE
        )
        self.excerpts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.excerpts.setUniformRowHeights(True)
        self.excerpts.itemChanged.connect(self._excerpt_changed)
        excerpts_label.setBuddy(self.excerpts)
        # The label and the count share a line while they fit, and wrap when they do not.
        excerpt_row = FlowWidget()
        excerpt_row.add(excerpts_label)
        self.excerpt_count = muted_label("", wrap=False)
        excerpt_row.add(self.excerpt_count)
        layout.addWidget(excerpt_row)
        self.excerpts_note = muted_label(EXCERPTS_NOTE)
        layout.addWidget(self.excerpts_note)
        # A few excerpts always show, however short the screen: the body scrolls instead.
        self.excerpts.setMinimumHeight(self.excerpts.fontMetrics().lineSpacing() * EXCERPT_ROWS)
        layout.addWidget(self.excerpts, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.message.setAccessibleName("Message")
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.review_button = QPushButton("Re&view…")
        self.review_button.setAccessibleName("Review")
        self.review_button.setDefault(True)
        self.review_button.clicked.connect(self.start_review)
        self.close_button = QPushButton("&Close")
        self.close_button.setAccessibleName("Close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.review_button)
        buttons.addWidget(self.close_button)
        outer.addLayout(buttons)

    # ---- loading ----

    def _load(self) -> None:
        self._busy = True
        self._update()
        journal, case_id = self.journal, self.case_id

        def work() -> tuple[str, list[Note], Case | None]:
            from casenotes.core.export import numbered_sessions

            case = journal.get_case(case_id)
            notes = numbered_sessions(journal.notes_for_case(case_id))
            return (case.code if case is not None else ""), notes, case

        self.tasks.run_task(work, self._loaded, self._failed)

    def _loaded(self, result: tuple[str, list[Note], Case | None]) -> None:
        if self._closing or not alive(self):
            return
        self._busy = False
        self._checked = {}
        code, notes, self._case = result
        self._show_notes(code, notes)

    # ---- privacy mode ----

    def set_privacy_mode(self, on: bool) -> None:
        """Show note previews and the question with the case's known identifiers as labels
        (on), or as written (off). Nothing chosen changes."""
        self._privacy = on
        if self._closing or not alive(self):
            return
        self._show_question()
        self.disclosure.set_mask(self._mask if on else None)
        self._fill_excerpts()
        review = self.review
        if review is not None and alive(review):
            # Hidden, not closed: the redactions checked so far are kept for later.
            review.setVisible(not on)
        if on:
            self._say(PRIVACY_REVIEW)
        elif self.message.text() == PRIVACY_REVIEW:
            self.message.setVisible(False)

    def privacy_mode(self) -> bool:
        return self._privacy

    def _mask(self, text: str) -> str:
        if not self._privacy:
            return text
        if self._case is None:
            return ""  # not known yet: show nothing rather than names
        return self._masks.for_case(self._case).mask(text)

    def _show_question(self) -> None:
        masked = self._privacy
        self.question.setVisible(not masked)
        self.question_masked.setVisible(masked)
        self.question_notice.setVisible(masked)
        text = self.question.toPlainText().strip()
        if not masked:
            self.question_masked.clear()
        else:
            self.question_masked.setText(self._mask(text) if text else "No question yet.")

    def _show_notes(self, code: str, notes: list[Note]) -> None:
        """Number the sessions in the lists; a range already chosen stays on the same
        notes where they are still there."""
        chosen = self._notes_in_range()
        first_id = chosen[0][1].id if chosen else None
        last_id = chosen[-1][1].id if chosen else None
        self.case_code = code
        self.notes = notes
        if code:
            self.title.setText(title_html("Consultation summary", f"Case {code}"))
        ids = [note.id for note in notes]
        self._filling = True
        try:
            self.first_combo.clear()
            self.last_combo.clear()
            for number, note in enumerate(notes, start=1):
                label = f"Session {number} · {format_date(note.session_date)}"
                self.first_combo.addItem(label, number)
                self.last_combo.addItem(label, number)
            if notes:
                last = ids.index(last_id) if last_id in ids else len(notes) - 1
                first = ids.index(first_id) if first_id in ids else max(0, last + 1 - DEFAULT_SPAN)
                first = min(first, last)
                self.last_combo.setCurrentIndex(last)
                self.first_combo.setCurrentIndex(first)
        finally:
            self._filling = False
        if not notes:
            self._say(NO_NOTES)
        self._fill_excerpts()
        self._update()

    def _failed(self, exc: BaseException) -> None:
        log.warning("a summary step failed (%s)", type(exc).__name__)
        if self._closing or not alive(self):
            return
        from casenotes.core.export import SummaryError

        self._busy = False
        if isinstance(exc, SummaryError):  # fixed words and numbers only, never client text
            reason = str(exc).rstrip(".")
            self._say(f"The summary could not be prepared: {reason}.")
        else:
            self._say(describe(exc))
        self._update()

    # ---- the range and the excerpts ----

    def first_session(self) -> int | None:
        value = self.first_combo.currentData()
        return value if isinstance(value, int) else None

    def last_session(self) -> int | None:
        value = self.last_combo.currentData()
        return value if isinstance(value, int) else None

    def set_range(self, first: int, last: int) -> None:
        self.first_combo.setCurrentIndex(first - 1)
        self.last_combo.setCurrentIndex(last - 1)

    def _first_changed(self) -> None:
        if self._filling:
            return
        first, last = self.first_session(), self.last_session()
        if first is not None and last is not None and first > last:
            self._filling = True
            self.last_combo.setCurrentIndex(first - 1)
            self._filling = False
        self._fill_excerpts()

    def _last_changed(self) -> None:
        if self._filling:
            return
        first, last = self.first_session(), self.last_session()
        if first is not None and last is not None and last < first:
            self._filling = True
            self.first_combo.setCurrentIndex(last - 1)
            self._filling = False
        self._fill_excerpts()

    def _notes_in_range(self) -> list[tuple[int, Note]]:
        first, last = self.first_session(), self.last_session()
        if first is None or last is None:
            return []
        return [(n, note) for n, note in enumerate(self.notes, start=1) if first <= n <= last]

    def _fill_excerpts(self) -> None:
        """The checklist for the range: what the practitioner ticked or unticked stays so;
        everything else follows the default for the range (``default_excerpts``)."""
        from casenotes.core.export import default_excerpts

        in_range = self._notes_in_range()
        defaults = {tuple(e) for e in default_excerpts([note for _, note in in_range])}
        self._filling = True
        try:
            self.excerpts.clear()
            for number, note in in_range:
                keys = section_keys_in_order(note)
                session = QTreeWidgetItem([f"Session {number} · {format_date(note.session_date)}"])
                session.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemIsAutoTristate
                )
                bold = session.font(0)
                bold.setBold(True)
                session.setFont(0, bold)
                self.excerpts.addTopLevelItem(session)
                if not keys:
                    empty = QTreeWidgetItem(["(this note has no text)"])
                    empty.setFlags(Qt.ItemFlag.NoItemFlags)
                    session.addChild(empty)
                    session.setFlags(Qt.ItemFlag.ItemIsEnabled)
                for key in keys:
                    label = section_label(note, key)
                    # Masked whole, then cut, so no name is cut in half.
                    section = self._mask(note.sections.get(key, ""))
                    text = f"{label} — {shorten(section, PREVIEW_CHARS)}"
                    item = QTreeWidgetItem([text])
                    item.setData(0, EXCERPT_ROLE, (note.id, key))
                    item.setToolTip(0, shorten(section, 400))
                    item.setFlags(
                        Qt.ItemFlag.ItemIsEnabled
                        | Qt.ItemFlag.ItemIsSelectable
                        | Qt.ItemFlag.ItemIsUserCheckable
                        | Qt.ItemFlag.ItemNeverHasChildren
                    )
                    checked = self._checked.get((note.id, key), (note.id, key) in defaults)
                    item.setCheckState(
                        0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                    )
                    session.addChild(item)
                session.setExpanded(True)
        finally:
            self._filling = False
        first = self.excerpts.topLevelItem(0)
        if first is not None:
            self.excerpts.setCurrentItem(first)
        self._update()

    def _excerpt_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling:
            return
        excerpt = item.data(0, EXCERPT_ROLE)
        if isinstance(excerpt, tuple | list) and len(excerpt) == 2:
            self._checked[(str(excerpt[0]), str(excerpt[1]))] = (
                item.checkState(0) == Qt.CheckState.Checked
            )
        self._update()

    def excerpt_items(self) -> list[QTreeWidgetItem]:
        items: list[QTreeWidgetItem] = []
        for i in range(self.excerpts.topLevelItemCount()):
            session = self.excerpts.topLevelItem(i)
            if session is None:
                continue
            for j in range(session.childCount()):
                child = session.child(j)
                if child is not None and child.data(0, EXCERPT_ROLE) is not None:
                    items.append(child)
        return items

    def chosen_excerpts(self) -> tuple[Excerpt, ...]:
        chosen = []
        for item in self.excerpt_items():
            if item.checkState(0) == Qt.CheckState.Checked:
                note_id, key = item.data(0, EXCERPT_ROLE)
                chosen.append((str(note_id), str(key)))
        return tuple(chosen)

    # ---- review ----

    def consent(self) -> str:
        """ "yes", "no" or "not_asked": the answer to the consent question."""
        for value, button in self.consent_buttons.items():
            if button.isChecked():
                return value
        return CONSENT_DEFAULT

    def request(self) -> Any:
        from casenotes.core.export import SummaryRequest

        return SummaryRequest(
            case_id=self.case_id,
            question=self.question.toPlainText().strip(),
            first_session=self.first_session(),
            last_session=self.last_session(),
            include_reflection=self.reflection.isChecked(),
            include_safety=self.safety.isChecked(),
            include_legal=self.legal.isChecked(),
            consent=self.consent(),
            excerpts=self.chosen_excerpts(),
            recipient_role=self.disclosure.recipient_role(),
            purpose=self.disclosure.purpose(),
        )

    def start_review(self) -> None:
        if self._busy or not self.notes or self._closing or self._privacy:
            return
        if not self._individual_sessions_agreed():
            return
        request = self.request()
        journal, case_id = self.journal, self.case_id
        expected = numbering(self.notes)
        self._busy = True
        self._say("Preparing the summary…")
        self._update()

        def work() -> tuple[str, Any]:
            from casenotes.core.export import numbered_sessions

            # The numbers on screen were given when the window opened: if notes were
            # added, removed or re-dated since, the range would mean other notes.
            notes = numbered_sessions(journal.notes_for_case(case_id))
            if numbering(notes) != expected:
                case = journal.get_case(case_id)
                return "changed", ((case.code if case is not None else ""), notes, case)
            return "built", journal.build_summary(request)

        self.tasks.run_task(work, self._built, self._failed)

    def _individual_sessions_agreed(self) -> bool:
        """An individual session with one partner of a couple is asked about before it goes
        into a summary (the couple's agreement about secrets decides what may be shared)."""
        marked = [
            (number, note)
            for number, note in self._notes_in_range()
            if note.attendance in ONE_PARTNER
        ]
        if not marked:
            return True
        which = ", ".join(
            f"{number} ({ATTENDANCE_LABELS[note.attendance].lower()})"
            for number, note in marked
            if note.attendance is not None
        )
        answer = QMessageBox.question(
            self,
            "Individual sessions in this summary",
            f"This range includes individual sessions with one partner: {which}. The summary "
            "marks them as such. Include them?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _built(self, result: tuple[str, Any]) -> None:
        if self._closing or not alive(self):
            return
        from casenotes.core.export import ReviewDocument

        self._busy = False
        what, value = result
        if what == "changed":
            code, notes, self._case = value
            self._show_notes(code, notes)
            self._say(SESSIONS_CHANGED)
            self._update()
            return
        draft = value
        self.message.setVisible(False)
        self._update()
        if self.review is not None and alive(self.review):
            self.review.close()
            self.review.deleteLater()
        self.review = ReviewDialog(
            ReviewDocument(draft),
            journal=self.journal,
            tasks=self.tasks,
            draft=draft,
            case_code=self.case_code,
            parent=self,
            guard=self.guard,
        )
        self.review.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.review.identifiers_changed.connect(self._case_taught)
        self.review.identifiers_changed.connect(self.case_changed)
        self.review.open()
        self.review_opened.emit(self.review)

    def _case_taught(self, case_id: str) -> None:
        # Privacy mode masks the question and the previews with this copy of the case: it
        # has to know what the review just taught it.
        if case_id != self.case_id or self._closing or not alive(self):
            return
        try:
            case = self.journal.get_case(case_id)
        except Exception as exc:
            log.warning("re-reading the case after teaching failed (%s)", type(exc).__name__)
            return
        if case is not None:
            self._case = case

    # ---- state ----

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setAccessibleDescription(text)
        self.message.setVisible(True)

    def _update(self) -> None:
        items = self.excerpt_items()
        chosen = sum(1 for i in items if i.checkState(0) == Qt.CheckState.Checked)
        sessions = len(self._notes_in_range())
        self.excerpt_count.setText(
            f"{plural(sessions, 'session')} · {chosen} of {len(items)} excerpts chosen"
        )
        self.review_button.setEnabled(not self._busy and bool(self.notes) and not self._privacy)
