"""Reflection prompts: the practitioner's own version of the prompt library.

Every prompt is listed in the order the note editor shows them, hidden ones greyed. The
selected prompt's wording, help line, group, options, client types and scale labels can be
edited (``casenotes.ui.prompt_form``); prompts can be moved, hidden, added, reset to the
shipped wording or (one's own) deleted, and a set can be exported to share with a colleague
or imported from one. The state being edited is a ``casenotes.core.prompts.draft.PromptsDraft``:
this dialog lays it out and forwards what the practitioner does.

Nothing is written until Save: then every change goes to the vault in one transaction
(``journal.save_prompt_customisations``). Edits never touch answers already written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.domain.client_types import CLIENT_TYPE_LABELS, ClientType
from casenotes.core.fileio import atomic_write
from casenotes.core.journal import Journal
from casenotes.core.prompts.draft import (
    CHOICE_KINDS,
    ImportComparison,
    PromptsDraft,
    is_edited,
    is_hidden,
)
from casenotes.core.prompts.library import PromptLibraryError, load_default_library
from casenotes.core.prompts.model import Prompt, PromptCustomisation, PromptKind, PromptOption
from casenotes.core.prompts.prompt_set import export_prompt_set, import_prompt_set
from casenotes.ui.errors import describe
from casenotes.ui.file_dialogs import get_open_file_name, get_save_file_name
from casenotes.ui.prompt_form import KIND_LABELS, PromptForm
from casenotes.ui.shared.common import shorten
from casenotes.ui.shared.widgets import Banner, TwoLineDelegate, side_by_side
from casenotes.ui.widgets import paragraph

ANSWERS_NOTE = (
    "Edits never change answers already written. A hidden prompt keeps its "
    "answers, and they come back when you show it again."
)
EXPORT_NOTE = (
    "An exported set holds only your prompts, unencrypted: check that your own "
    "wording names no client before you share it."
)
LISTED_CHARS = 60  # of each changed prompt's text, in the import confirmation
LISTED_MAX = 12
SET_FILTER = "Casenotes prompt set (*.toml);;All files (*)"
ROLE_ID = Qt.ItemDataRole.UserRole
ROLE_TITLE = Qt.ItemDataRole.UserRole + 1
ROLE_SUBTITLE = Qt.ItemDataRole.UserRole + 2
ROLE_BADGE = Qt.ItemDataRole.UserRole + 3
ROLE_HIDDEN = Qt.ItemDataRole.UserRole + 4
ALL_TYPES = "__all__"
EVERY_CASE = "__every__"


def types_text(types: frozenset[ClientType]) -> str:
    if not types:
        return "Every case"
    return ", ".join(CLIENT_TYPE_LABELS.get(t, str(t)) for t in ClientType if t in types)


def marks(prompt: Prompt, custom: PromptCustomisation | None) -> list[str]:
    """What the list says of a prompt beside its text: hidden, one's own, edited."""
    found = []
    if is_hidden(custom):
        found.append("(hidden)")
    if prompt.custom or (custom is not None and custom.added is not None):
        found.append("(your own)")
    elif is_edited(custom):
        found.append("(edited)")
    return found


def import_summary(comparison: ImportComparison) -> str:
    """What importing a set would change, in sentences and a list."""
    if comparison.nothing:
        return "This set matches your prompts: nothing would change."
    counts = [
        (comparison.added, "new prompt", "new prompts"),
        (comparison.changed, "prompt reworded or changed", "prompts reworded or changed"),
        (comparison.hidden, "hidden", "hidden"),
        (comparison.shown, "shown again", "shown again"),
    ]
    parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    if comparison.reordered:
        parts.append("a new order")
    text = "It brings " + ", ".join(parts) + "."
    listed = [
        f"• {shorten(words, LISTED_CHARS)} ({', '.join(how)})" for words, how in comparison.listed
    ]
    if listed:
        more = len(listed) - LISTED_MAX
        text += "\n\n" + "\n".join(
            listed[:LISTED_MAX] + ([f"… and {more} more"] if more > 0 else [])
        )
    return text


class PromptsDialog(QDialog):
    """Edit, order, hide, add and share reflection prompts; Save writes them to the vault."""

    saved = Signal()

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self.draft = PromptsDraft(load_default_library(), journal.prompt_customisations())
        self._current_id: str | None = None
        self.setWindowTitle("Reflection prompts")
        self.setMinimumSize(860, 600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 12)
        layout.setSpacing(10)
        layout.addWidget(
            paragraph(
                "The prompts you see beside a note, in this order. Choose one to change its "
                "words, options or the cases it appears for. " + ANSWERS_NOTE
            )
        )
        layout.addWidget(
            side_by_side(
                self._build_list(), self._build_editor(), stretch=(1, 1), sizes=(440, 500)
            ),
            1,
        )
        layout.addLayout(self._build_set_actions())
        self._build_footer(layout)
        self._connect()
        self._rebuild()
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.setFocus()
        self.resize(980, 680)

    # ---- layout ----

    def _build_list(self) -> QWidget:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        filter_row = QHBoxLayout()
        filter_label = QLabel("Show prompts &for")
        self.filter_combo = QComboBox()
        self.filter_combo.setAccessibleName("Show prompts for")
        self.filter_combo.addItem("All client types", ALL_TYPES)
        for client_type in ClientType:
            self.filter_combo.addItem(
                CLIENT_TYPE_LABELS.get(client_type, str(client_type)), client_type.value
            )
        self.filter_combo.addItem("Prompts for every case", EVERY_CASE)
        filter_label.setBuddy(self.filter_combo)
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.filter_combo, 1)
        column.addLayout(filter_row)
        self.list = QListWidget()
        self.list.setAccessibleName("Reflection prompts")
        self.list.setAccessibleDescription(
            "In the order the note editor shows them. Alt+Up and Alt+Down move the selected prompt."
        )
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setItemDelegate(
            TwoLineDelegate(ROLE_TITLE, ROLE_SUBTITLE, ROLE_BADGE, ROLE_HIDDEN, self.list)
        )
        self.list.setUniformItemSizes(True)
        self.list.setAlternatingRowColors(True)
        column.addWidget(self.list, 1)
        moves = QHBoxLayout()
        self.up_button = QPushButton("Move &up")
        self.up_button.setToolTip("Move the prompt up (Alt+Up)")
        self.down_button = QPushButton("Move &down")
        self.down_button.setToolTip("Move the prompt down (Alt+Down)")
        self.hide_button = QPushButton("&Hide")
        self.hide_button.setToolTip(
            "A hidden prompt is not offered in new notes; answers already written keep it."
        )
        for button in (self.up_button, self.down_button, self.hide_button):
            button.setAutoDefault(False)
            moves.addWidget(button)
        moves.addStretch(1)
        column.addLayout(moves)
        return left

    def _build_editor(self) -> QWidget:
        self.form = PromptForm()
        scroll = QScrollArea()
        # The area itself takes no focus: Tab goes from the list straight to the fields.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.form)
        column.addStretch(1)
        scroll.setWidget(holder)
        return scroll

    def _build_set_actions(self) -> QHBoxLayout:
        actions = QHBoxLayout()
        self.add_button = QPushButton("&Add prompt…")
        self.add_menu = QMenu(self.add_button)
        for kind in (PromptKind.TEXT, PromptKind.SINGLE, PromptKind.MULTIPLE, PromptKind.SCALE):
            action = self.add_menu.addAction(KIND_LABELS[kind])
            action.setData(kind.value)
        self.add_button.setMenu(self.add_menu)
        self.reset_button = QPushButton("&Reset to default")
        self.reset_button.setToolTip("Back to the wording and settings Casenotes ships with")
        self.delete_button = QPushButton("De&lete")
        self.delete_button.setToolTip(
            "Delete a prompt you added; answers already written stay in the notes"
        )
        self.export_button = QPushButton("&Export set…")
        self.export_button.setToolTip("Save these prompts to a file to share. " + EXPORT_NOTE)
        self.import_button = QPushButton("&Import set…")
        self.import_button.setToolTip("Use a prompt set a colleague shared with you")
        for button in (self.add_button, self.reset_button, self.delete_button):
            button.setAutoDefault(False)
            actions.addWidget(button)
        actions.addStretch(1)
        for button in (self.export_button, self.import_button):
            button.setAutoDefault(False)
            actions.addWidget(button)
        return actions

    def _build_footer(self, layout: QVBoxLayout) -> None:
        self.notice = Banner("info", dismissable=True)
        self.notice.setAccessibleName("Message")
        layout.addWidget(self.notice)
        self.problem = Banner("warning", dismissable=True)
        self.problem.setAccessibleName("Problem")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save")
        self.save_button.setToolTip("Save your prompts (Ctrl+S)")
        for banner in (self.notice, self.problem):  # Enter saves, wherever the focus is
            for banner_button in banner.findChildren(QPushButton):
                banner_button.setAutoDefault(False)
                banner_button.setDefault(False)
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Cancel")
        cancel.setAutoDefault(False)
        layout.addWidget(self.buttons)

    # ---- behaviour ----

    def _connect(self) -> None:
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.add_menu.triggered.connect(lambda action: self.add_prompt(PromptKind(action.data())))
        self.filter_combo.currentIndexChanged.connect(self._refill)
        self.list.currentItemChanged.connect(self._selection_changed)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.hide_button.clicked.connect(self.toggle_hidden)
        self.reset_button.clicked.connect(self.reset_to_default)
        self.delete_button.clicked.connect(self.delete_prompt)
        self.export_button.clicked.connect(self.export_set)
        self.import_button.clicked.connect(self.import_set)
        self.form.edited_by_user.connect(self._edited)
        self.form.new_option_wanted.connect(self._new_option)
        for keys in (
            QKeySequence.StandardKey.Save,
            QKeySequence("Ctrl+Return"),
            QKeySequence("Ctrl+Enter"),
        ):
            save_shortcut = QShortcut(QKeySequence(keys), self)
            save_shortcut.activated.connect(self.save)
        for sequence, slot in (("Alt+Up", self.move_up), ("Alt+Down", self.move_down)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.save_button.setDefault(True)

    # ---- the working state ----

    def customisations(self) -> list[PromptCustomisation]:
        """The customisations as edited (what Save would store)."""
        return self.draft.customisations()

    def entries(self) -> list[tuple[Prompt, PromptCustomisation | None]]:
        return self.draft.entries()

    def selected_id(self) -> str | None:
        return self._current_id

    def changes(self) -> tuple[list[PromptCustomisation], list[str]]:
        """(rows to write, row ids to delete) against what the vault holds."""
        return self.draft.changes()

    # ---- the list ----

    def _visible(self, prompt: Prompt) -> bool:
        key = self.filter_combo.currentData()
        if key in (None, ALL_TYPES):
            return True
        if key == EVERY_CASE:
            return not prompt.client_types
        return prompt.applies_to({ClientType(str(key))})

    def _style_item(
        self, item: QListWidgetItem, prompt: Prompt, custom: PromptCustomisation | None
    ) -> None:
        found = marks(prompt, custom)
        text = f"{prompt.text}  {' '.join(found)}" if found else prompt.text
        about = " · ".join(
            x
            for x in (prompt.group, KIND_LABELS[prompt.kind], types_text(prompt.client_types))
            if x
        )
        item.setText(text)
        item.setData(ROLE_TITLE, prompt.text)
        item.setData(ROLE_SUBTITLE, about)
        item.setData(ROLE_BADGE, " ".join(m.strip("()") for m in found))
        item.setData(ROLE_HIDDEN, is_hidden(custom))
        item.setToolTip(f"{prompt.text}\n{about}")
        item.setData(
            Qt.ItemDataRole.AccessibleTextRole, text + (", hidden" if is_hidden(custom) else "")
        )

    def _rebuild(self) -> None:
        """Refill the list from the draft's order, keeping the selection."""
        self._refill()

    def _refill(self, *_args: object) -> None:
        keep = self._current_id
        self.list.blockSignals(True)
        self.list.clear()
        select = -1
        for prompt, custom in self.draft.entries():
            if not self._visible(prompt):
                continue
            item = QListWidgetItem()
            item.setData(ROLE_ID, prompt.id)
            self._style_item(item, prompt, custom)
            self.list.addItem(item)
            if prompt.id == keep:
                select = self.list.count() - 1
        self.list.blockSignals(False)
        if select < 0 and self.list.count():
            select = 0
        self.list.setCurrentRow(select)
        self._selection_changed()

    def visible_ids(self) -> list[str]:
        return [str(self.list.item(row).data(ROLE_ID)) for row in range(self.list.count())]

    def select(self, prompt_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ROLE_ID) == prompt_id:
                self.list.setCurrentRow(row)
                return

    def _selection_changed(self, *_args: object) -> None:
        item = self.list.currentItem()
        self._current_id = str(item.data(ROLE_ID)) if item else None
        entry = self.draft.entry(self._current_id)
        self.form.show_prompt(entry[0] if entry else None, self.draft.groups(), self._state_text())
        self._update_buttons()

    def _update_buttons(self) -> None:
        entry = self.draft.entry(self._current_id)
        ids = self.visible_ids()
        row = ids.index(self._current_id) if self._current_id in ids else -1
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < len(ids) - 1)
        custom = entry[1] if entry else None
        hidden = is_hidden(custom)
        self.hide_button.setEnabled(entry is not None)
        self.hide_button.setText("S&how" if hidden else "&Hide")
        self.hide_button.setAccessibleName(
            "Show this prompt again" if hidden else "Hide this prompt"
        )
        own = entry is not None and self.draft.is_own(entry[0].id)
        self.reset_button.setEnabled(entry is not None and not own and custom is not None)
        self.delete_button.setEnabled(own)
        self.form.setEnabled(entry is not None)

    # ---- the editor ----

    def _state_text(self) -> str:
        entry = self.draft.entry(self._current_id)
        if entry is None:
            return ""
        prompt, custom = entry
        if self.draft.is_own(prompt.id):
            text = "A prompt you added."
        elif not is_edited(custom):
            text = "As Casenotes ships it."
        else:
            text = "Changed by you. Reset to default brings back the shipped version."
        if is_hidden(custom):
            text += " Hidden: not offered in new notes."
        return text

    def _edited(self) -> None:
        """Record what the form shows against the selected prompt."""
        edited = self.form.edited()
        if edited is None or not self.draft.edit(edited):
            return
        entry = self.draft.entry(edited.id)
        item = self.list.currentItem()
        if entry is not None:
            self.form.remember(entry[0])
            if item is not None:
                self._style_item(item, *entry)
        self.form.state_label.setText(self._state_text())
        self._update_buttons()

    def _new_option(self, label: str) -> None:
        if self._current_id is None:
            return
        taken = {option.id for option in self.form.options()}
        option_id = self.draft.new_option_id(self._current_id, label, taken)
        self.form.option_added(PromptOption(option_id, label))

    # ---- order, hiding, adding, resetting, deleting ----

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        """Swap the prompt with its visible neighbour (the filter is respected)."""
        prompt_id = self._current_id
        if prompt_id is None or not self.draft.move(prompt_id, step, self.visible_ids()):
            return
        self._rebuild()
        self.select(prompt_id)
        self.notice.hide()

    def toggle_hidden(self) -> None:
        entry = self.draft.entry(self._current_id)
        if entry is not None:
            self.draft.set_hidden(entry[0].id, not is_hidden(entry[1]))
            self._rebuild()

    def add_prompt(self, kind: PromptKind) -> str:
        """Add one's own prompt of ``kind`` after the others, select it and return its id."""
        entry = self.draft.entry(self._current_id)
        prompt_id = self.draft.add(kind, entry[0].group if entry else "")
        if self.filter_combo.currentData() not in (ALL_TYPES, EVERY_CASE):
            self.filter_combo.setCurrentIndex(0)  # a new prompt is for every case at first
        self._current_id = prompt_id
        self._rebuild()
        self.select(prompt_id)
        self.form.text_edit.setFocus()
        self.form.text_edit.selectAll()
        if kind in CHOICE_KINDS:
            self._tell("Add at least two options for the new prompt.")
        return prompt_id

    def reset_to_default(self) -> None:
        if self._current_id is not None and self.draft.reset(self._current_id):
            self._rebuild()
            self._tell("Back to the version Casenotes ships with, in its place.")

    def delete_prompt(self) -> None:
        entry = self.draft.entry(self._current_id)
        if entry is None or not self.draft.is_own(entry[0].id):
            return
        answer = QMessageBox.question(
            self,
            "Delete this prompt?",
            f"Delete “{entry[0].text}”?\n\nAnswers already written with it stay in the "
            "notes. To keep it out of new notes but bring it back later, hide it instead.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.draft.delete(entry[0].id)
        self._current_id = None
        self._rebuild()

    # ---- sharing ----

    def export_set(self) -> None:
        path_text, _ = get_save_file_name(
            self, "Export prompt set", str(Path.home() / "prompt-set.toml"), SET_FILTER
        )
        if not path_text:
            return
        path = Path(path_text)
        if not path.suffix:
            path = path.with_suffix(".toml")
        try:
            text = export_prompt_set(self.draft.base, self.draft.customisations())
            atomic_write(path, text.encode("utf-8"), 0o600)  # like every export
        except OSError as exc:
            self._problem(f"The prompt set could not be saved. {describe(exc)}")
            return
        self._tell(f"Saved {len(self.draft.entries())} prompts to {path.name}. {EXPORT_NOTE}")

    def import_set(self) -> None:
        path_text, _ = get_open_file_name(self, "Import prompt set", str(Path.home()), SET_FILTER)
        if not path_text:
            return
        path = Path(path_text)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = describe(exc) if isinstance(exc, OSError) else "It is not a text file."
            self._problem(f"{path.name} could not be read. {reason}")
            return
        try:
            imported = import_prompt_set(
                text, path.name, self.draft.base, self.draft.customisations()
            )
        except PromptLibraryError as exc:
            self._problem(f"Nothing was imported. {exc}")
            return
        summary = import_summary(self.draft.compare(imported))
        answer = QMessageBox.question(
            self,
            "Import this prompt set?",
            f"{path.name}:\n\n{summary}\n\nNothing is saved until you choose Save. " + ANSWERS_NOTE,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.draft.replace_all(imported)
        self._rebuild()
        self._tell(f"Imported {path.name}. Choose Save to keep it.")

    # ---- messages ----

    def _problem(self, text: str) -> None:
        self.notice.hide()
        self.problem.show_message(text)

    def _tell(self, text: str) -> None:
        self.problem.hide()
        self.notice.show_message(text)

    # ---- saving ----

    def save(self) -> None:
        lacking = self.draft.missing_options()
        if lacking is not None:
            self.filter_combo.setCurrentIndex(0)
            self.select(lacking.id)
            self._problem(f"“{lacking.text}” needs at least two options before it can be saved.")
            return
        changed, removed = self.changes()
        if changed or removed:
            try:
                self._journal.save_prompt_customisations(changed, removed=removed)
            except Exception as exc:
                self._problem(f"Your prompts could not be saved. {describe(exc)}")
                return
        self.saved.emit()
        self.accept()
