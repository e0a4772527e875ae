"""The prompts dialog's editor: one prompt's wording, help line, group, options, client types
and scale labels, laid out as a form.

The form shows a prompt (``show_prompt``) and reads back what the practitioner made of it
(``edited``); it knows nothing of customisations or the vault. ``edited_by_user`` fires on
every change the practitioner makes, never while a prompt is being shown. The options' own
buttons (move, remove, add) work here, since they only change what the form shows."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from casenotes.core.domain.client_types import CLIENT_TYPE_LABELS, ClientType
from casenotes.core.prompts.draft import CHOICE_KINDS
from casenotes.core.prompts.model import Prompt, PromptKind, PromptOption
from casenotes.ui.shared.widgets import muted_color

KIND_LABELS: dict[PromptKind, str] = {
    PromptKind.SINGLE: "Choose one",
    PromptKind.MULTIPLE: "Choose any",
    PromptKind.SCALE: "Scale",
    PromptKind.TEXT: "Free text",
}
EVERY_CASE_HINT = "None ticked: every case sees this prompt."
OPTION_ID = Qt.ItemDataRole.UserRole


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class PromptForm(QWidget):
    """One prompt's fields. ``edited_by_user`` says the practitioner changed one of them."""

    edited_by_user = Signal()
    new_option_wanted = Signal(str)  # a label: the dialog gives it an id (add_option_item)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._shown: Prompt | None = None
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._build_words(form)
        self._build_options(form)
        self._build_types(form)
        self._build_scale(form)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("", self.state_label)
        self._connect()

    # ---- layout ----

    def _build_words(self, form: QFormLayout) -> None:
        self.kind_label = QLabel()
        self.kind_label.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("Kind", self.kind_label)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setAccessibleName("Prompt wording")
        self.text_edit.setFixedHeight(self.text_edit.fontMetrics().lineSpacing() * 3 + 12)
        form.addRow(_label("&Wording", self.text_edit), self.text_edit)
        self.help_edit = QLineEdit()
        self.help_edit.setAccessibleName("Help line")
        self.help_edit.setPlaceholderText("A short hint shown under the prompt")
        form.addRow(_label("Hel&p line", self.help_edit), self.help_edit)
        self.group_combo = QComboBox()
        self.group_combo.setEditable(True)
        self.group_combo.setAccessibleName("Group")
        self.group_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        form.addRow(_label("&Group", self.group_combo), self.group_combo)

    def _build_options(self, form: QFormLayout) -> None:
        self.options_box = QWidget()
        grid = QGridLayout(self.options_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.options_list = QListWidget()
        self.options_list.setAccessibleName("Options")
        self.options_list.setAccessibleDescription(
            "Double-click or press F2 to rename an option. Renaming keeps answers already written."
        )
        self.options_list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.options_list.setFixedHeight(self.fontMetrics().lineSpacing() * 6 + 12)
        grid.addWidget(self.options_list, 0, 0, 4, 1)
        self.option_up = QPushButton("Up")
        self.option_up.setAccessibleName("Move option up")
        self.option_down = QPushButton("Down")
        self.option_down.setAccessibleName("Move option down")
        self.option_remove = QPushButton("Remove")
        self.option_remove.setAccessibleName("Remove option")
        for row, button in enumerate((self.option_up, self.option_down, self.option_remove)):
            button.setAutoDefault(False)
            grid.addWidget(button, row, 1)
        self.new_option = QLineEdit()
        self.new_option.setPlaceholderText("A new option")
        self.new_option.setAccessibleName("New option label")
        self.add_option_button = QPushButton("Add option")
        self.add_option_button.setAutoDefault(False)
        grid.addWidget(self.new_option, 4, 0)
        grid.addWidget(self.add_option_button, 4, 1)
        self.options_label = _label("&Options", self.options_list)
        form.addRow(self.options_label, self.options_box)

    def _build_types(self, form: QFormLayout) -> None:
        self.types_box = QWidget()
        grid = QGridLayout(self.types_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.type_checks: dict[ClientType, QCheckBox] = {}
        for number, client_type in enumerate(ClientType):
            check = QCheckBox(CLIENT_TYPE_LABELS.get(client_type, str(client_type)))
            self.type_checks[client_type] = check
            grid.addWidget(check, number // 2, number % 2)
        self.types_hint = QLabel(EVERY_CASE_HINT)
        self.types_hint.setWordWrap(True)
        palette = self.types_hint.palette()
        palette.setColor(self.types_hint.foregroundRole(), muted_color(palette))
        self.types_hint.setPalette(palette)
        grid.addWidget(self.types_hint, 3, 0, 1, 2)
        form.addRow("Client types", self.types_box)

    def _build_scale(self, form: QFormLayout) -> None:
        self.scale_low = QLineEdit()
        self.scale_low.setAccessibleName("What the lowest point means")
        self.scale_high = QLineEdit()
        self.scale_high.setAccessibleName("What the highest point means")
        self.scale_low_label = _label("Lowes&t point", self.scale_low)
        self.scale_high_label = _label("Highest poi&nt", self.scale_high)
        form.addRow(self.scale_low_label, self.scale_low)
        form.addRow(self.scale_high_label, self.scale_high)

    def _connect(self) -> None:
        self.text_edit.textChanged.connect(self._edited)
        self.help_edit.textEdited.connect(self._edited)
        self.group_combo.currentTextChanged.connect(self._edited)
        self.scale_low.textEdited.connect(self._edited)
        self.scale_high.textEdited.connect(self._edited)
        for check in self.type_checks.values():
            check.toggled.connect(self._edited)
            check.toggled.connect(self._update_types_hint)
        self.options_list.itemChanged.connect(self._option_renamed)
        self.options_list.currentRowChanged.connect(self.update_option_buttons)
        self.option_up.clicked.connect(lambda: self._move_option(-1))
        self.option_down.clicked.connect(lambda: self._move_option(1))
        self.option_remove.clicked.connect(self._remove_option)
        self.add_option_button.clicked.connect(self.add_option)
        self.new_option.returnPressed.connect(self.add_option)
        self.new_option.textChanged.connect(self.update_option_buttons)

    # ---- showing a prompt ----

    def show_prompt(self, prompt: Prompt | None, groups: list[str], state: str) -> None:
        """Fill the fields from ``prompt`` (empty for None) without reporting an edit."""
        self._loading = True
        try:
            self._shown = prompt
            self.kind_label.setText(KIND_LABELS[prompt.kind] if prompt else "")
            self.text_edit.setPlainText(prompt.text if prompt else "")
            self.help_edit.setText(prompt.help if prompt else "")
            self.help_edit.setCursorPosition(0)  # the start of a long line, not its end
            self.group_combo.clear()
            self.group_combo.addItems(groups)
            self.group_combo.setEditText(prompt.group if prompt else "")
            choice = prompt is not None and prompt.kind in CHOICE_KINDS
            self.options_label.setVisible(choice)
            self.options_box.setVisible(choice)
            self.options_list.clear()
            for option in prompt.options if prompt is not None and choice else ():
                self.add_option_item(option)
            for client_type, check in self.type_checks.items():
                check.setChecked(prompt is not None and client_type in prompt.client_types)
            self._update_types_hint()
            self._show_scale(prompt)
            self.state_label.setText(state)
            self.update_option_buttons()
        finally:
            self._loading = False

    def _show_scale(self, prompt: Prompt | None) -> None:
        scale = prompt is not None and prompt.kind == PromptKind.SCALE
        for widget in (
            self.scale_low,
            self.scale_high,
            self.scale_low_label,
            self.scale_high_label,
        ):
            widget.setVisible(scale)
        self.scale_low.setText(prompt.scale_low if prompt else "")
        self.scale_high.setText(prompt.scale_high if prompt else "")
        if scale and prompt is not None:
            self.scale_low_label.setText(f"Lowes&t point ({prompt.scale_min})")
            self.scale_high_label.setText(f"Highest poi&nt ({prompt.scale_max})")

    def edited(self) -> Prompt | None:
        """The prompt shown, with its fields as the practitioner left them."""
        prompt = self._shown
        if prompt is None:
            return None
        text = self.text_edit.toPlainText().strip()
        return replace(
            prompt,
            text=text or prompt.text,
            help=self.help_edit.text().strip(),
            group=" ".join(self.group_combo.currentText().split()),
            options=self.options() if prompt.kind in CHOICE_KINDS else prompt.options,
            client_types=frozenset(t for t, check in self.type_checks.items() if check.isChecked()),
            scale_low=self.scale_low.text().strip(),
            scale_high=self.scale_high.text().strip(),
        )

    def remember(self, prompt: Prompt) -> None:
        """The shown prompt as recorded after an edit (the fields already show it)."""
        self._shown = prompt

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.edited_by_user.emit()

    def _update_types_hint(self, *_args: object) -> None:
        self.types_hint.setVisible(not any(c.isChecked() for c in self.type_checks.values()))

    # ---- options ----

    def options(self) -> tuple[PromptOption, ...]:
        items = (self.options_list.item(row) for row in range(self.options_list.count()))
        return tuple(
            PromptOption(str(item.data(OPTION_ID)), " ".join(item.text().split())) for item in items
        )

    def add_option_item(self, option: PromptOption) -> None:
        item = QListWidgetItem(option.label)
        item.setData(OPTION_ID, option.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setToolTip(f"Stored as “{option.id}”")
        self.options_list.addItem(item)

    def update_option_buttons(self, *_args: object) -> None:
        row = self.options_list.currentRow()
        count = self.options_list.count()
        self.option_up.setEnabled(row > 0)
        self.option_down.setEnabled(0 <= row < count - 1)
        self.option_remove.setEnabled(row >= 0)
        self.add_option_button.setEnabled(bool(self.new_option.text().strip()))

    def add_option(self) -> None:
        label = " ".join(self.new_option.text().split())
        if label and self._shown is not None:
            self.new_option_wanted.emit(label)

    def option_added(self, option: PromptOption) -> None:
        """The dialog's answer to ``new_option_wanted``: the option, with its id."""
        self.add_option_item(option)
        self.options_list.setCurrentRow(self.options_list.count() - 1)
        self.new_option.clear()
        self._edited()

    def _option_renamed(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        if not item.text().strip():  # an empty label is not kept: the old one returns
            self._loading = True
            if self._shown is not None:
                item.setText(self._shown.option_label(str(item.data(OPTION_ID))))
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
        self.update_option_buttons()
