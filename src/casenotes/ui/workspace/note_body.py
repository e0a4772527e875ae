"""The note itself, in one scrolling column: the goals worked on, the template's labelled
sections, the masked copy privacy mode shows instead, and a signed note's addenda. It scrolls
up and down only: everything in it wraps to the column's width. A view only: the note editor
fills it and reads it."""

from __future__ import annotations

from collections import OrderedDict
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from casenotes.core.domain import TEMPLATES, Note, NoteTemplate
from casenotes.ui.shared.common import ClipboardGuard, alive, format_datetime, set_read_only
from casenotes.ui.shared.widgets import esc, heading, muted_label
from casenotes.ui.workspace.goal_links import GoalLinks
from casenotes.ui.workspace.text_edits import SectionEdit

SECTION_SETS_KEPT = 3  # kinds of sections kept (most notes of a case share one or two)

PRIVACY_NOTICE = (
    "Privacy mode: the note is shown with names and other known details "
    "replaced. It can be edited again once privacy mode is off."
)
ADDENDUM_HINT = (
    "Anything to add after signing: it is kept with the note, with today's date and time."
)


def section_label(key: str) -> str:
    return key.replace("_", " ").strip().capitalize() or "Section"


def read_as_page(edit: SectionEdit) -> None:
    """Locked text reads as a page, not as a box waiting for input."""
    palette = edit.palette()
    palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
    edit.setPalette(palette)


class NoteBody(QScrollArea):
    section_edited = Signal()  # a section's text changed (by typing or by a new note)

    def __init__(self, guard: ClipboardGuard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._guard = guard
        self.sections: dict[str, SectionEdit] = {}
        # The section edits of the last few kinds of sections (definitions and minimum
        # height), each in a box of its own, the one shown last; the shape shown.
        self._sets: OrderedDict[tuple[object, ...], tuple[QWidget, dict[str, SectionEdit]]]
        self._sets = OrderedDict()
        self._shape: tuple[object, ...] = ()
        self._addenda_shown: tuple[str, ...] | None = None  # the ids of the addenda shown
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget()
        body.setObjectName("noteBody")
        self.body_layout = QVBoxLayout(body)
        self.goal_links = GoalLinks()
        self.body_layout.addWidget(self.goal_links)
        self.sections_box = QWidget()
        self.sections_layout = QVBoxLayout(self.sections_box)
        self.sections_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.addWidget(self.sections_box)
        # Privacy mode shows a masked, read-only copy here and hides the sections, tags and
        # addenda, which keep the real text: what is saved is always what was written.
        self.privacy_notice = muted_label(PRIVACY_NOTICE)
        self.privacy_notice.setObjectName("notePrivacyNotice")
        self.privacy_notice.hide()
        self.body_layout.addWidget(self.privacy_notice)
        self.privacy_view = SectionEdit(guard, min_lines=10)
        self.privacy_view.setObjectName("notePrivacyView")
        self.privacy_view.setReadOnly(True)
        self.privacy_view.setAccessibleName("Note, with names replaced (privacy mode)")
        self.privacy_view.hide()
        self.body_layout.addWidget(self.privacy_view)
        self._build_addenda()
        self.body_layout.addStretch(1)
        self.setWidget(body)

    def _build_addenda(self) -> None:
        self.addenda_box = QWidget()
        layout = QVBoxLayout(self.addenda_box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Addenda"))
        self.addenda_list = QWidget()
        self.addenda_layout = QVBoxLayout(self.addenda_list)
        self.addenda_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.addenda_list)
        self.addendum_edit = SectionEdit(self._guard, min_lines=3)
        self.addendum_edit.setPlaceholderText(ADDENDUM_HINT)
        self.addendum_edit.setAccessibleName("New addendum")
        layout.addWidget(self.addendum_edit)
        row = QHBoxLayout()
        row.addStretch(1)
        self.add_addendum_button = QPushButton("Add addendum")
        self.add_addendum_button.setAccessibleName("Add addendum")
        self.add_addendum_button.setEnabled(False)
        row.addWidget(self.add_addendum_button)
        layout.addLayout(row)
        self.body_layout.addWidget(self.addenda_box)

    # ---- sections ----

    def build_sections(
        self, template: NoteTemplate, texts: dict[str, str]
    ) -> dict[str, SectionEdit]:
        """The template's sections, filled with ``texts``; sections this template does not
        know (an imported note) are shown too, never dropped. The section edits of the last
        few kinds of sections are kept (out of sight, and empty, when not shown) and given
        the next note's text: making and laying out new widgets was most of a switch."""
        definitions = [(s.key, s.label, s.hint) for s in TEMPLATES[template]]
        known = {key for key, _, _ in definitions}
        definitions += [
            (key, section_label(key), "")
            for key, text in texts.items()
            if key not in known and text
        ]
        min_lines = 10 if len(definitions) == 1 else 4
        shape = (tuple(definitions), min_lines)
        kept = self._sets.get(shape)
        if kept is not None and alive(kept[0]):
            self._sets.move_to_end(shape)
            for key, _label, hint in definitions:
                _refill(kept[1][key], hint, texts.get(key, ""))
        else:
            kept = self._make_set(definitions, min_lines, texts)
            self._sets[shape] = kept
            while len(self._sets) > SECTION_SETS_KEPT:
                _shape, (box, _edits) = self._sets.popitem(last=False)
                _drop(box)
        shown = self._sets.get(self._shape)
        if self._shape != shape and shown is not None and alive(shown[0]):
            shown[0].hide()
            for edit in shown[1].values():
                edit.clear()  # no note's text stays out of sight
        self._shape = shape
        kept[0].show()
        self.sections = dict(kept[1])
        return dict(self.sections)

    def _make_set(
        self, definitions: list[tuple[str, str, str]], min_lines: int, texts: dict[str, str]
    ) -> tuple[QWidget, dict[str, SectionEdit]]:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        edits: dict[str, SectionEdit] = {}
        for key, label_text, hint in definitions:
            label = QLabel(f"<b>{esc(label_text)}</b>")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setToolTip(hint)
            edit = SectionEdit(self._guard, min_lines=min_lines)
            edit.setObjectName(f"section_{key}")
            edit.setPlaceholderText(hint)
            edit.setToolTip(hint)
            edit.setWhatsThis(hint)
            edit.setAccessibleName(label_text)
            edit.setAccessibleDescription(hint)
            edit.setPlainText(texts.get(key, ""))
            # By key, never a callable holding the sender: PySide6 6.12 crashes freeing one
            # while Qt destroys the sender.
            edit.cursorPositionChanged.connect(partial(self._keep_cursor_visible, key))
            edit.textChanged.connect(self.section_edited)
            label.setBuddy(edit)
            layout.addWidget(label)
            layout.addWidget(edit)
            edits[key] = edit
        box.hide()  # shown by build_sections, once the set shown before is out of sight
        self.sections_layout.addWidget(box)
        return box, edits

    def _keep_cursor_visible(self, key: str, *_args: object) -> None:
        edit = self.sections.get(key)
        body = self.widget()
        if body is None or edit is None or not alive(edit) or not edit.hasFocus():
            return
        point = edit.viewport().mapTo(body, edit.cursorRect().center())
        self.ensureVisible(point.x(), point.y(), 0, edit.fontMetrics().lineSpacing() * 2)

    # ---- addenda ----

    def show_addenda(self, note: Note | None) -> None:
        # Addenda are never changed once added: the same ids show the same widgets, which
        # are left as they are (most notes have none, and most switches show "No addenda").
        shown = None if note is None else tuple(addendum.id for addendum in note.addenda)
        if shown == self._addenda_shown and self.addenda_layout.count():
            return
        self._addenda_shown = shown
        _empty(self.addenda_layout)
        if note is None:
            return
        if not note.addenda:
            self.addenda_layout.addWidget(muted_label("No addenda yet."))
        for addendum in note.addenda:
            stamp = muted_label(f"Added {format_datetime(addendum.created_at)}")
            text = SectionEdit(self._guard, min_lines=1)
            text.setPlainText(addendum.text)
            text.setReadOnly(True)
            read_as_page(text)
            text.setAccessibleName(f"Addendum added {format_datetime(addendum.created_at)}")
            self.addenda_layout.addWidget(stamp)
            self.addenda_layout.addWidget(text)


def _refill(edit: SectionEdit, hint: str, text: str) -> None:
    """A kept section edit as a new one would be: editable, its hint, the page's palette
    gone (a signed note's), the text, and nothing to undo."""
    set_read_only(edit, False)
    if edit.testAttribute(Qt.WidgetAttribute.WA_SetPalette):
        edit.setPalette(QPalette())  # inherits again, as a new edit does
    if edit.placeholderText() != hint:
        edit.setPlaceholderText(hint)
    edit.show_text(text)


def _drop(widget: QWidget) -> None:
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()


def _empty(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()
