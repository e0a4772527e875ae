"""Reflection prompts: the practitioner's own version of the prompt library.

Every prompt is listed in the order the note editor shows them, hidden ones greyed. The
selected prompt's wording, help line, group, options, client types and scale labels can be
edited; prompts can be moved, hidden, added, reset to the shipped wording or (one's own)
deleted, and a set can be exported to share with a colleague or imported from one.

Nothing is written until Save: then every change goes to the vault in one transaction
(``journal.save_prompt_customisations``). Edits never touch answers already written."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.domain.client_types import CLIENT_TYPE_LABELS, ClientType
from casenotes.core.fileio import atomic_write
from casenotes.core.journal import Journal
from casenotes.core.prompts.customise import (
    OVERRIDE_FIELDS,
    all_prompts_with_state,
    customise,
    reorder,
    set_hidden,
)
from casenotes.core.prompts.library import PromptLibraryError, load_default_library
from casenotes.core.prompts.model import (
    Prompt,
    PromptCustomisation,
    PromptKind,
    PromptLibrary,
    PromptOption,
)
from casenotes.core.prompts.prompt_set import export_prompt_set, import_prompt_set
from casenotes.ui.errors import describe
from casenotes.ui.file_dialogs import get_open_file_name, get_save_file_name
from casenotes.ui.shared.widgets import Banner, TwoLineDelegate, muted_color
from casenotes.ui.widgets import paragraph

KIND_LABELS: dict[PromptKind, str] = {
    PromptKind.SINGLE: "Choose one",
    PromptKind.MULTIPLE: "Choose any",
    PromptKind.SCALE: "Scale",
    PromptKind.TEXT: "Free text",
}
CHOICE_KINDS = (PromptKind.SINGLE, PromptKind.MULTIPLE)
ANSWERS_NOTE = ("Edits never change answers already written. A hidden prompt keeps its "
                "answers, and they come back when you show it again.")
EXPORT_NOTE = ("An exported set holds only your prompts, unencrypted: check that your own "
               "wording names no client before you share it.")
EVERY_CASE_HINT = "None ticked: every case sees this prompt."
LISTED_CHARS = 60  # of each changed prompt's text, in the import confirmation
LISTED_MAX = 12
NEW_PROMPT_TEXT = "A new prompt"
SET_FILTER = "Casenotes prompt set (*.toml);;All files (*)"
ROLE_ID = Qt.ItemDataRole.UserRole
ROLE_TITLE = Qt.ItemDataRole.UserRole + 1
ROLE_SUBTITLE = Qt.ItemDataRole.UserRole + 2
ROLE_BADGE = Qt.ItemDataRole.UserRole + 3
ROLE_HIDDEN = Qt.ItemDataRole.UserRole + 4
ALL_TYPES = "__all__"
EVERY_CASE = "__every__"


def option_id_from(label: str, taken: set[str]) -> str:
    """A stable option id made from a new option's label: lower case, letters, digits and
    underscores, starting with a letter, unique among ``taken``."""
    base = re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_")
    if not base or not base[0].isalpha():
        base = f"option_{base}" if base else "option"
    base = base[:56]
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}_{number}"
        number += 1
    return candidate


def new_prompt_id(taken: set[str]) -> str:
    while True:
        candidate = f"own_{uuid.uuid4().hex[:10]}"
        if candidate not in taken:
            return candidate


def _is_edited(custom: PromptCustomisation | None) -> bool:
    return custom is not None and any(getattr(custom, name) is not None
                                      for name in OVERRIDE_FIELDS)


def short_text(text: str, limit: int = LISTED_CHARS) -> str:
    """A prompt's text on one line, cut to ``limit`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def types_text(types: frozenset[ClientType]) -> str:
    if not types:
        return "Every case"
    return ", ".join(CLIENT_TYPE_LABELS.get(t, str(t)) for t in ClientType if t in types)


class PromptsDialog(QDialog):
    """Edit, order, hide, add and share reflection prompts; Save writes them to the vault."""

    saved = Signal()

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self.setWindowTitle("Reflection prompts")
        self.setMinimumSize(860, 600)
        self._base: PromptLibrary = load_default_library()
        self._original: list[PromptCustomisation] = journal.prompt_customisations()
        self._customs: list[PromptCustomisation] = [replace(c) for c in self._original]
        self._entries: list[tuple[Prompt, PromptCustomisation | None]] = []
        self._loading = False
        self._current_id: str | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 12)
        layout.setSpacing(10)
        layout.addWidget(paragraph(
            "The prompts you see beside a note, in this order. Choose one to change its "
            "words, options or the cases it appears for. " + ANSWERS_NOTE))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        # -- the list --
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        filter_row = QHBoxLayout()
        filter_label = QLabel("Show prompts &for")
        self.filter_combo = QComboBox()
        self.filter_combo.setAccessibleName("Show prompts for")
        self.filter_combo.addItem("All client types", ALL_TYPES)
        for client_type in ClientType:
            self.filter_combo.addItem(CLIENT_TYPE_LABELS.get(client_type, str(client_type)),
                                      client_type.value)
        self.filter_combo.addItem("Prompts for every case", EVERY_CASE)
        filter_label.setBuddy(self.filter_combo)
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.filter_combo, 1)
        ll.addLayout(filter_row)
        self.list = QListWidget()
        self.list.setAccessibleName("Reflection prompts")
        self.list.setAccessibleDescription(
            "In the order the note editor shows them. Alt+Up and Alt+Down move the selected "
            "prompt.")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setItemDelegate(TwoLineDelegate(ROLE_TITLE, ROLE_SUBTITLE, ROLE_BADGE,
                                                  ROLE_HIDDEN, self.list))
        self.list.setUniformItemSizes(True)
        self.list.setAlternatingRowColors(True)
        ll.addWidget(self.list, 1)
        moves = QHBoxLayout()
        self.up_button = QPushButton("Move &up")
        self.up_button.setToolTip("Move the prompt up (Alt+Up)")
        self.down_button = QPushButton("Move &down")
        self.down_button.setToolTip("Move the prompt down (Alt+Down)")
        self.hide_button = QPushButton("&Hide")
        self.hide_button.setToolTip("A hidden prompt is not offered in new notes; answers "
                                    "already written keep it.")
        for button in (self.up_button, self.down_button, self.hide_button):
            button.setAutoDefault(False)
            moves.addWidget(button)
        moves.addStretch(1)
        ll.addLayout(moves)
        splitter.addWidget(left)

        # -- the editor --
        editor = QWidget()
        form = QFormLayout(editor)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.kind_label = QLabel()
        self.kind_label.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("Kind", self.kind_label)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setAccessibleName("Prompt wording")
        fm = self.text_edit.fontMetrics()
        self.text_edit.setFixedHeight(fm.lineSpacing() * 3 + 12)
        form.addRow(self._label("&Wording", self.text_edit), self.text_edit)
        self.help_edit = QLineEdit()
        self.help_edit.setAccessibleName("Help line")
        self.help_edit.setPlaceholderText("A short hint shown under the prompt")
        form.addRow(self._label("Hel&p line", self.help_edit), self.help_edit)
        self.group_combo = QComboBox()
        self.group_combo.setEditable(True)
        self.group_combo.setAccessibleName("Group")
        self.group_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        form.addRow(self._label("&Group", self.group_combo), self.group_combo)

        self.options_box = QWidget()
        ob = QGridLayout(self.options_box)
        ob.setContentsMargins(0, 0, 0, 0)
        self.options_list = QListWidget()
        self.options_list.setAccessibleName("Options")
        self.options_list.setAccessibleDescription(
            "Double-click or press F2 to rename an option. Renaming keeps answers already "
            "written.")
        self.options_list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked)
        self.options_list.setFixedHeight(fm.lineSpacing() * 6 + 12)
        ob.addWidget(self.options_list, 0, 0, 4, 1)
        self.option_up = QPushButton("Up")
        self.option_up.setAccessibleName("Move option up")
        self.option_down = QPushButton("Down")
        self.option_down.setAccessibleName("Move option down")
        self.option_remove = QPushButton("Remove")
        self.option_remove.setAccessibleName("Remove option")
        for row, button in enumerate((self.option_up, self.option_down, self.option_remove)):
            button.setAutoDefault(False)
            ob.addWidget(button, row, 1)
        self.new_option = QLineEdit()
        self.new_option.setPlaceholderText("A new option")
        self.new_option.setAccessibleName("New option label")
        self.add_option_button = QPushButton("Add option")
        self.add_option_button.setAutoDefault(False)
        ob.addWidget(self.new_option, 4, 0)
        ob.addWidget(self.add_option_button, 4, 1)
        self.options_label = self._label("&Options", self.options_list)
        form.addRow(self.options_label, self.options_box)

        self.types_box = QWidget()
        tb = QGridLayout(self.types_box)
        tb.setContentsMargins(0, 0, 0, 0)
        self.type_checks: dict[ClientType, QCheckBox] = {}
        for number, client_type in enumerate(ClientType):
            check = QCheckBox(CLIENT_TYPE_LABELS.get(client_type, str(client_type)))
            self.type_checks[client_type] = check
            tb.addWidget(check, number // 2, number % 2)
        types_hint = QLabel(EVERY_CASE_HINT)
        self.types_hint = types_hint
        types_hint.setWordWrap(True)
        palette = types_hint.palette()
        palette.setColor(types_hint.foregroundRole(), muted_color(palette))
        types_hint.setPalette(palette)
        tb.addWidget(types_hint, 3, 0, 1, 2)
        form.addRow("Client types", self.types_box)

        self.scale_low = QLineEdit()
        self.scale_low.setAccessibleName("What the lowest point means")
        self.scale_high = QLineEdit()
        self.scale_high.setAccessibleName("What the highest point means")
        self.scale_low_label = self._label("Lowes&t point", self.scale_low)
        self.scale_high_label = self._label("Highest poi&nt", self.scale_high)
        form.addRow(self.scale_low_label, self.scale_low)
        form.addRow(self.scale_high_label, self.scale_high)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("", self.state_label)
        self._form = form

        scroll = QScrollArea()
        # The area itself takes no focus: Tab goes from the list straight to the fields.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        holder = QWidget()
        hl = QVBoxLayout(holder)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.addWidget(editor)
        hl.addStretch(1)
        scroll.setWidget(holder)
        self.editor = editor
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([440, 500])

        # -- actions on the whole set --
        actions = QHBoxLayout()
        self.add_button = QPushButton("&Add prompt…")
        self.add_button.setAutoDefault(False)
        self.add_menu = QMenu(self.add_button)
        for kind in (PromptKind.TEXT, PromptKind.SINGLE, PromptKind.MULTIPLE, PromptKind.SCALE):
            action = self.add_menu.addAction(KIND_LABELS[kind])
            action.setData(kind.value)
        self.add_menu.triggered.connect(lambda action: self.add_prompt(PromptKind(action.data())))
        self.add_button.setMenu(self.add_menu)
        self.reset_button = QPushButton("&Reset to default")
        self.reset_button.setToolTip("Back to the wording and settings Casenotes ships with")
        self.delete_button = QPushButton("De&lete")
        self.delete_button.setToolTip("Delete a prompt you added; answers already written stay "
                                      "in the notes")
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
        layout.addLayout(actions)

        self.notice = Banner("info", dismissable=True)
        self.notice.setAccessibleName("Message")
        layout.addWidget(self.notice)
        self.problem = Banner("warning", dismissable=True)
        self.problem.setAccessibleName("Problem")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
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
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        # -- wiring --
        self.filter_combo.currentIndexChanged.connect(self._refill)
        self.list.currentItemChanged.connect(self._selection_changed)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.hide_button.clicked.connect(self.toggle_hidden)
        self.reset_button.clicked.connect(self.reset_to_default)
        self.delete_button.clicked.connect(self.delete_prompt)
        self.export_button.clicked.connect(self.export_set)
        self.import_button.clicked.connect(self.import_set)
        self.text_edit.textChanged.connect(self._edited)
        self.help_edit.textEdited.connect(self._edited)
        self.group_combo.currentTextChanged.connect(self._edited)
        self.scale_low.textEdited.connect(self._edited)
        self.scale_high.textEdited.connect(self._edited)
        for check in self.type_checks.values():
            check.toggled.connect(self._edited)
            check.toggled.connect(self._update_types_hint)
        self.options_list.itemChanged.connect(self._option_renamed)
        self.options_list.currentRowChanged.connect(self._update_option_buttons)
        self.option_up.clicked.connect(lambda: self._move_option(-1))
        self.option_down.clicked.connect(lambda: self._move_option(1))
        self.option_remove.clicked.connect(self._remove_option)
        self.add_option_button.clicked.connect(self.add_option)
        self.new_option.returnPressed.connect(self.add_option)
        self.new_option.textChanged.connect(self._update_option_buttons)
        for keys in (QKeySequence.StandardKey.Save, QKeySequence("Ctrl+Return"),
                     QKeySequence("Ctrl+Enter")):
            save_shortcut = QShortcut(QKeySequence(keys), self)
            save_shortcut.activated.connect(self.save)
        for sequence, slot in (("Alt+Up", self.move_up), ("Alt+Down", self.move_down)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        self._rebuild()
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.setFocus()
        self.resize(980, 680)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.save_button.setDefault(True)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    # ---- the working state ----

    def customisations(self) -> list[PromptCustomisation]:
        """The customisations as edited (what Save would store)."""
        return list(self._customs)

    def entries(self) -> list[tuple[Prompt, PromptCustomisation | None]]:
        return list(self._entries)

    def _custom_for(self, prompt_id: str) -> PromptCustomisation | None:
        for custom in self._customs:
            if custom.prompt_id == prompt_id:
                return custom
        return None

    def _set_custom(self, prompt_id: str, custom: PromptCustomisation | None) -> None:
        for position, existing in enumerate(self._customs):
            if existing.prompt_id == prompt_id:
                if custom is None:
                    del self._customs[position]
                else:
                    self._customs[position] = custom
                return
        if custom is not None:
            self._customs.append(custom)

    def _entry(self, prompt_id: str | None) -> tuple[Prompt, PromptCustomisation | None] | None:
        for entry in self._entries:
            if entry[0].id == prompt_id:
                return entry
        return None

    def _base_of(self, prompt_id: str) -> Prompt | None:
        """What an edit is measured against: the shipped prompt, or one's own definition."""
        base = self._base.get(prompt_id)
        if base is not None:
            return base
        custom = self._custom_for(prompt_id)
        return custom.added if custom is not None else None

    def selected_id(self) -> str | None:
        return self._current_id

    def changes(self) -> tuple[list[PromptCustomisation], list[str]]:
        """(rows to write, row ids to delete) against what the vault holds."""
        before = {c.id: c for c in self._original}
        now_ids = {c.id for c in self._customs}
        changed = [c for c in self._customs if before.get(c.id) != c]
        removed = [row_id for row_id in before if row_id not in now_ids]
        return changed, removed

    # ---- the list ----

    def _visible(self, prompt: Prompt) -> bool:
        key = self.filter_combo.currentData()
        if key in (None, ALL_TYPES):
            return True
        if key == EVERY_CASE:
            return not prompt.client_types
        return prompt.applies_to({ClientType(str(key))})

    @staticmethod
    def _marks(prompt: Prompt, custom: PromptCustomisation | None) -> list[str]:
        marks = []
        if custom is not None and custom.hidden:
            marks.append("(hidden)")
        if prompt.custom or (custom is not None and custom.added is not None):
            marks.append("(your own)")
        elif _is_edited(custom):
            marks.append("(edited)")
        return marks

    def _item_text(self, prompt: Prompt, custom: PromptCustomisation | None) -> str:
        marks = self._marks(prompt, custom)
        suffix = f"  {' '.join(marks)}" if marks else ""
        return f"{prompt.text}{suffix}"

    def _style_item(self, item: QListWidgetItem, prompt: Prompt,
                    custom: PromptCustomisation | None) -> None:
        text = self._item_text(prompt, custom)
        hidden = custom is not None and custom.hidden
        about = " · ".join(x for x in (prompt.group, KIND_LABELS[prompt.kind],
                                       types_text(prompt.client_types)) if x)
        item.setText(text)
        item.setData(ROLE_TITLE, prompt.text)
        item.setData(ROLE_SUBTITLE, about)
        item.setData(ROLE_BADGE, " ".join(m.strip("()") for m in self._marks(prompt, custom)))
        item.setData(ROLE_HIDDEN, hidden)
        item.setToolTip(f"{prompt.text}\n{about}")
        item.setData(Qt.ItemDataRole.AccessibleTextRole,
                     text + (", hidden" if hidden else ""))

    def _rebuild(self) -> None:
        """Recompute the effective order and refill the list, keeping the selection."""
        self._entries = all_prompts_with_state(self._base, self._customs)
        self._refill()

    def _refill(self, *_args: object) -> None:
        keep = self._current_id
        self.list.blockSignals(True)
        self.list.clear()
        select = -1
        for prompt, custom in self._entries:
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
        return [str(self.list.item(row).data(ROLE_ID))
                for row in range(self.list.count())]

    def select(self, prompt_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ROLE_ID) == prompt_id:
                self.list.setCurrentRow(row)
                return

    def _selection_changed(self, *_args: object) -> None:
        item = self.list.currentItem()
        self._current_id = str(item.data(ROLE_ID)) if item else None
        self._load_editor()
        self._update_buttons()

    def _update_buttons(self) -> None:
        entry = self._entry(self._current_id)
        ids = self.visible_ids()
        row = ids.index(self._current_id) if self._current_id in ids else -1
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < len(ids) - 1)
        custom = entry[1] if entry else None
        hidden = custom is not None and custom.hidden
        self.hide_button.setEnabled(entry is not None)
        self.hide_button.setText("S&how" if hidden else "&Hide")
        self.hide_button.setAccessibleName("Show this prompt again" if hidden
                                           else "Hide this prompt")
        own = entry is not None and self._base.get(entry[0].id) is None
        self.reset_button.setEnabled(entry is not None and not own and custom is not None)
        self.delete_button.setEnabled(own)
        self.editor.setEnabled(entry is not None)

    # ---- the editor ----

    def _load_editor(self) -> None:
        entry = self._entry(self._current_id)
        self._loading = True
        try:
            prompt = entry[0] if entry else None
            self.kind_label.setText(KIND_LABELS[prompt.kind] if prompt else "")
            self.text_edit.setPlainText(prompt.text if prompt else "")
            self.help_edit.setText(prompt.help if prompt else "")
            self.help_edit.setCursorPosition(0)  # the start of a long line, not its end
            groups = sorted({p.group for p, _ in self._entries if p.group}, key=str.casefold)
            self.group_combo.clear()
            self.group_combo.addItems(groups)
            self.group_combo.setEditText(prompt.group if prompt else "")
            choice = prompt is not None and prompt.kind in CHOICE_KINDS
            self.options_label.setVisible(choice)
            self.options_box.setVisible(choice)
            self.options_list.clear()
            if prompt is not None and choice:
                for option in prompt.options:
                    self._add_option_item(option)
            for client_type, check in self.type_checks.items():
                check.setChecked(prompt is not None and client_type in prompt.client_types)
            self._update_types_hint()
            scale = prompt is not None and prompt.kind == PromptKind.SCALE
            for widget in (self.scale_low, self.scale_high, self.scale_low_label,
                           self.scale_high_label):
                widget.setVisible(scale)
            self.scale_low.setText(prompt.scale_low if prompt else "")
            self.scale_high.setText(prompt.scale_high if prompt else "")
            if scale and prompt is not None:
                self.scale_low_label.setText(f"Lowes&t point ({prompt.scale_min})")
                self.scale_high_label.setText(f"Highest poi&nt ({prompt.scale_max})")
            self._update_state_label()
            self._update_option_buttons()
        finally:
            self._loading = False

    def _update_types_hint(self, *_args: object) -> None:
        self.types_hint.setVisible(not any(c.isChecked() for c in self.type_checks.values()))

    def _update_state_label(self) -> None:
        entry = self._entry(self._current_id)
        if entry is None:
            self.state_label.setText("")
            return
        prompt, custom = entry
        if self._base.get(prompt.id) is None:
            text = "A prompt you added."
        elif not _is_edited(custom):
            text = "As Casenotes ships it."
        else:
            text = "Changed by you. Reset to default brings back the shipped version."
        if custom is not None and custom.hidden:
            text += " Hidden: not offered in new notes."
        self.state_label.setText(text)

    def _add_option_item(self, option: PromptOption) -> None:
        item = QListWidgetItem(option.label)
        item.setData(Qt.ItemDataRole.UserRole, option.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setToolTip(f"Stored as “{option.id}”")
        self.options_list.addItem(item)

    def _editor_options(self) -> tuple[PromptOption, ...]:
        options = []
        for row in range(self.options_list.count()):
            item = self.options_list.item(row)
            label = " ".join(item.text().split())
            options.append(PromptOption(str(item.data(Qt.ItemDataRole.UserRole)), label))
        return tuple(options)

    def _edited(self, *_args: object) -> None:
        """Record what the editor shows against the selected prompt."""
        if self._loading:
            return
        entry = self._entry(self._current_id)
        if entry is None:
            return
        prompt, custom = entry
        base = self._base_of(prompt.id)
        if base is None:
            return
        text = self.text_edit.toPlainText().strip()
        types = frozenset(t for t, check in self.type_checks.items() if check.isChecked())
        edited = replace(
            prompt,
            text=text or prompt.text,
            help=self.help_edit.text().strip(),
            group=" ".join(self.group_combo.currentText().split()),
            options=self._editor_options() if prompt.kind in CHOICE_KINDS else prompt.options,
            client_types=types,
            scale_low=self.scale_low.text().strip(),
            scale_high=self.scale_high.text().strip(),
        )
        updated = customise(custom, base, edited)
        self._set_custom(prompt.id, updated)
        self._entries = all_prompts_with_state(self._base, self._customs)
        new_entry = self._entry(prompt.id)
        item = self.list.currentItem()
        if item is not None and new_entry is not None:
            self._style_item(item, *new_entry)
        self._update_state_label()
        self._update_buttons()

    # ---- options ----

    def _update_option_buttons(self, *_args: object) -> None:
        row = self.options_list.currentRow()
        count = self.options_list.count()
        self.option_up.setEnabled(row > 0)
        self.option_down.setEnabled(0 <= row < count - 1)
        self.option_remove.setEnabled(row >= 0)
        self.add_option_button.setEnabled(bool(self.new_option.text().strip()))

    def add_option(self) -> None:
        label = " ".join(self.new_option.text().split())
        if not label or self._entry(self._current_id) is None:
            return
        taken = {option.id for option in self._editor_options()}
        entry = self._entry(self._current_id)
        if entry is not None:  # ids ever used by this prompt stay reserved
            base = self._base_of(entry[0].id)
            taken |= {o.id for o in (base.options if base else ())}
        self._add_option_item(PromptOption(option_id_from(label, taken), label))
        self.options_list.setCurrentRow(self.options_list.count() - 1)
        self.new_option.clear()
        self._edited()

    def _option_renamed(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        if not item.text().strip():  # an empty label is not kept: the old one returns
            self._loading = True
            entry = self._entry(self._current_id)
            option_id = item.data(Qt.ItemDataRole.UserRole)
            if entry is not None:
                item.setText(entry[0].option_label(str(option_id)))
            self._loading = False
            return
        self._edited()

    def _move_option(self, step: int) -> None:
        row = self.options_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.options_list.count():
            return
        self._loading = True
        item = self.options_list.takeItem(row)
        self.options_list.insertItem(target, item)
        self.options_list.setCurrentRow(target)
        self._loading = False
        self._edited()

    def _remove_option(self) -> None:
        row = self.options_list.currentRow()
        if row < 0:
            return
        self._loading = True
        self.options_list.takeItem(row)
        self._loading = False
        self._edited()
        self._update_option_buttons()

    # ---- order, hiding, adding, resetting, deleting ----

    def _all_ids(self) -> list[str]:
        return [prompt.id for prompt, _ in self._entries]

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        """Swap the prompt with its visible neighbour (the filter is respected)."""
        prompt_id = self._current_id
        visible = self.visible_ids()
        if prompt_id not in visible:
            return
        row = visible.index(prompt_id)
        if not 0 <= row + step < len(visible):
            return
        neighbour = visible[row + step]
        order = self._all_ids()
        order.remove(prompt_id)
        at = order.index(neighbour)
        order.insert(at if step < 0 else at + 1, prompt_id)
        self._customs = reorder(self._base, self._customs, order)
        self._rebuild()
        self.select(prompt_id)
        self.notice.hide()

    def toggle_hidden(self) -> None:
        entry = self._entry(self._current_id)
        if entry is None:
            return
        prompt, custom = entry
        hidden = not (custom is not None and custom.hidden)
        self._set_custom(prompt.id, set_hidden(custom, prompt.id, hidden))
        self._rebuild()

    def add_prompt(self, kind: PromptKind) -> str:
        """Add one's own prompt of ``kind`` after the others, select it and return its id."""
        taken = set(self._all_ids())
        prompt_id = new_prompt_id(taken)
        entry = self._entry(self._current_id)
        group = entry[0].group if entry else ""
        added = Prompt(id=prompt_id, text=NEW_PROMPT_TEXT, kind=kind, group=group,
                       custom=True,
                       scale_low="Not at all" if kind == PromptKind.SCALE else "",
                       scale_high="Very much" if kind == PromptKind.SCALE else "")
        self._customs.append(PromptCustomisation(prompt_id=prompt_id, added=added))
        if self.filter_combo.currentData() not in (ALL_TYPES, EVERY_CASE):
            self.filter_combo.setCurrentIndex(0)  # a new prompt is for every case at first
        self._current_id = prompt_id
        self._rebuild()
        self.select(prompt_id)
        self.text_edit.setFocus()
        self.text_edit.selectAll()
        if kind in CHOICE_KINDS:
            self._tell("Add at least two options for the new prompt.")
        return prompt_id

    def reset_to_default(self) -> None:
        entry = self._entry(self._current_id)
        if entry is None or entry[1] is None or self._base.get(entry[0].id) is None:
            return
        self._set_custom(entry[0].id, None)
        self._rebuild()
        self._tell("Back to the version Casenotes ships with, in its place.")

    def delete_prompt(self) -> None:
        entry = self._entry(self._current_id)
        if entry is None or self._base.get(entry[0].id) is not None:
            return
        answer = QMessageBox.question(
            self, "Delete this prompt?",
            f"Delete “{entry[0].text}”?\n\nAnswers already written with it stay in the "
            "notes. To keep it out of new notes but bring it back later, hide it instead.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._set_custom(entry[0].id, None)
        self._current_id = None
        self._rebuild()

    # ---- sharing ----

    def export_set(self) -> None:
        path_text, _ = get_save_file_name(
            self, "Export prompt set", str(Path.home() / "prompt-set.toml"), SET_FILTER)
        if not path_text:
            return
        path = Path(path_text)
        if not path.suffix:
            path = path.with_suffix(".toml")
        try:
            text = export_prompt_set(self._base, self._customs)
            atomic_write(path, text.encode("utf-8"), 0o600)  # like every export
        except OSError as exc:
            self._problem(f"The prompt set could not be saved. {describe(exc)}")
            return
        self._tell(
            f"Saved {len(self._entries)} prompts to {path.name}. {EXPORT_NOTE}")

    def import_set(self) -> None:
        path_text, _ = get_open_file_name(
            self, "Import prompt set", str(Path.home()), SET_FILTER)
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
            imported = import_prompt_set(text, path.name, self._base, self._customs)
        except PromptLibraryError as exc:
            self._problem(f"Nothing was imported. {exc}")
            return
        summary = self._describe_import(imported)
        answer = QMessageBox.question(
            self, "Import this prompt set?",
            f"{path.name}:\n\n{summary}\n\nNothing is saved until you choose Save. "
            + ANSWERS_NOTE,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._customs = imported
        self._rebuild()
        self._tell(f"Imported {path.name}. Choose Save to keep it.")

    def _describe_import(self, imported: list[PromptCustomisation]) -> str:
        before = {p.id: (p, c) for p, c in self._entries}
        after_entries = all_prompts_with_state(self._base, imported)
        added = changed = hidden = shown = 0
        listed: list[str] = []  # which prompts change, and how, in the new order
        for prompt, custom in after_entries:
            old = before.get(prompt.id)
            now_hidden = custom is not None and custom.hidden
            if old is None:
                added += 1
                listed.append(f"• {short_text(prompt.text)} (new)")
                continue
            was_hidden = old[1] is not None and old[1].hidden
            how = []
            if replace(old[0]) != prompt:
                changed += 1
                how.append("changed")
            if now_hidden and not was_hidden:
                hidden += 1
                how.append("hidden")
            elif was_hidden and not now_hidden:
                shown += 1
                how.append("shown again")
            if how:
                listed.append(f"• {short_text(prompt.text)} ({', '.join(how)})")
        reordered = [p.id for p, _ in after_entries if p.id in before] != \
            [p.id for p, _ in self._entries if p.id in {q.id for q, _ in after_entries}]
        lines = []
        if added:
            lines.append(f"{added} new prompt{'s' if added != 1 else ''}")
        if changed:
            lines.append(f"{changed} prompt{'s' if changed != 1 else ''} reworded or changed")
        if hidden:
            lines.append(f"{hidden} hidden")
        if shown:
            lines.append(f"{shown} shown again")
        if reordered:
            lines.append("a new order")
        if not lines:
            return "This set matches your prompts: nothing would change."
        text = "It brings " + ", ".join(lines) + "."
        if listed:
            more = len(listed) - LISTED_MAX
            shown_lines = listed[:LISTED_MAX] + ([f"… and {more} more"] if more > 0 else [])
            text += "\n\n" + "\n".join(shown_lines)
        return text

    # ---- messages ----

    def _problem(self, text: str) -> None:
        self.notice.hide()
        self.problem.show_message(text)

    def _tell(self, text: str) -> None:
        self.problem.hide()
        self.notice.show_message(text)

    # ---- saving ----

    def save(self) -> None:
        for prompt, custom in self._entries:
            if prompt.kind in CHOICE_KINDS and len(prompt.options) < 2 and \
                    not (custom is not None and custom.hidden):
                self.filter_combo.setCurrentIndex(0)
                self.select(prompt.id)
                self._problem(
                    f"“{prompt.text}” needs at least two options before it can be saved.")
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
