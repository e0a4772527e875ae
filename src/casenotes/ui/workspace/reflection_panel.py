"""The reflection panel beside the note editor: the case's reflection prompts, grouped under
their headings, one calm control per kind, each choice or scale with an optional comment.

What it gives back is the note's reflection as it should be stored: answers to prompts the
panel does not show (hidden or removed since, or for another client type) are kept as they
were, and a prompt nobody touched keeps its stored answer exactly."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from functools import partial
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.prompts import (
    NOTES_KEY,
    Prompt,
    PromptKind,
    clean_answer,
    describe_answer,
    note_comment,
    set_answer,
)
from casenotes.ui.shared.common import ClipboardGuard, set_read_only
from casenotes.ui.shared.widgets import esc, heading, muted_label
from casenotes.ui.workspace.text_edits import SectionEdit
from casenotes.ui.workspace.wrapping_buttons import WrappingCheckBox, WrappingRadioButton

# What this layer is, next to the progress note (the clinical record): said once, plainly.
PRIVACY_LINE = (
    "Private to you and kept apart from the progress note, which is the clinical "
    "record: left out of records and summaries unless you choose. Answers tagged "
    "“safety” or “legal risk” can go in a summary if you choose; both are left "
    "out unless you tick them."
)
# The summary section a prompt's answers can go into (its ``summary`` marking): the tag's
# words and what it says on hover and to a screen reader. Both sections are off by default
# in a summary, so nothing here may say that the answers go there by themselves.
SUMMARY_TAGS: dict[str, tuple[str, str]] = {
    "safety": (
        "safety",
        "Can go in a consultation summary if you choose: its section on safety, as "
        "the client describes it, is left out unless you tick it.",
    ),
    "legal": (
        "legal risk",
        "Can go in a consultation summary if you choose: its section on legal risk, "
        "as the client describes it, is left out unless you tick it.",
    ),
}
EXCLUSIVE_OPTION = "none"  # in a multiple choice, "none" stands alone
NO_PROMPTS = (
    "No reflection prompts apply to this case's client types. Prompts can be "
    "added or shown again in the prompt settings."
)
NOTHING_RECORDED = "No reflection was recorded with this note."
# Prompt forms built at once when the prompts change (the first few fill the panel's top);
# the rest follow a few per turn of the event loop. Building all of a case's forms (23 for
# some) held the loop for 60 ms on a quiet machine, several times that under load; four a
# turn were still the longest turns of the first notes opened.
FORMS_AT_ONCE = 4
FORMS_PER_TURN = 2
PRIVACY_HIDDEN = (
    "Privacy mode: the answers are shown with names replaced, and can be "
    "changed again once privacy mode is off."
)


def _link_button(text: str) -> QPushButton:
    """A small, quiet text button (keyboard-focusable, unlike a link in a label)."""
    button = QPushButton(text)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    palette = button.palette()
    palette.setColor(QPalette.ColorRole.ButtonText, palette.color(QPalette.ColorRole.Link))
    button.setPalette(palette)
    button.setStyleSheet(LINK_STYLE)
    return button


LINK_STYLE = "QPushButton { padding: 0.1em 0.3em; text-align: left; }"


def _restyle_links(block: QWidget) -> None:
    """A style sheet pins the font a button was polished with: set it again so the link
    buttons take a new text size at once, as the rest of the block does."""
    for button in block.findChildren(QPushButton):
        if button.styleSheet() == LINK_STYLE:
            button.setStyleSheet("")
            button.setStyleSheet(LINK_STYLE)


def _end_with_stretch(layout: QVBoxLayout) -> None:
    """Room a form is given beyond its own height goes below its last control. A comment
    shown or hidden lays the form out at once, still at its old height; without this, every
    option and label of it was stretched to that height and back on the same turn (each
    resized and repainted twice)."""
    layout.addStretch(1)


class PromptBlock(QWidget):
    """One prompt: its text, its help as a muted line, the control for its kind, and (for
    choices and scales) a comment that opens on request."""

    changed = Signal(str)  # prompt id

    def __init__(
        self, prompt: Prompt, guard: ClipboardGuard, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.prompt = prompt
        self._loading = False
        # Whether the answer itself (the text, a choice, a scale point) was changed since it
        # was shown, as opposed to only the comment: an answer the controls cannot show (an
        # option since removed, a point outside a changed scale) must stay as stored.
        self.value_touched = False
        self.buttons: dict[Any, QAbstractButton] = {}  # option id or scale point → button
        self.text_edit: SectionEdit | None = None
        # A choice's or a scale's comment box is made when a comment is opened or shown
        # (``_comment_box``): most answers have none, and a text edit is the costliest
        # widget of a form to make.
        self.comment_edit: SectionEdit | None = None
        self._guard = guard
        self.comment_label: QLabel | None = None
        self.comment_button: QPushButton | None = None
        self.clear_button: QPushButton | None = None
        # The answer and comment last shown, while the user has not changed anything since:
        # showing the same again is skipped (every note opened shows every form's answer).
        self._shown: tuple[object, str] | None = None
        self.summary_tag: QLabel | None = None
        self.group: QButtonGroup | None = None
        self.setObjectName(f"prompt_{prompt.id}")
        self.setAccessibleName(prompt.text)

        layout = QVBoxLayout(self)
        fm = self.fontMetrics()
        layout.setContentsMargins(0, fm.height() // 4, 0, fm.height() // 2)
        layout.setSpacing(max(2, fm.height() // 5))
        self.label = QLabel(prompt.text)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setToolTip(prompt.help)
        font = self.label.font()
        font.setWeight(font.Weight.DemiBold)
        self.label.setFont(font)
        if prompt.summary in SUMMARY_TAGS:
            words, tip = SUMMARY_TAGS[prompt.summary]
            top = QHBoxLayout()
            top.setContentsMargins(0, 0, 0, 0)
            top.addWidget(self.label, 1)
            tag = muted_label(words, wrap=False)
            tag.setObjectName(f"summaryTag_{prompt.id}")
            small = tag.font()
            if small.pointSizeF() > 0:
                small.setPointSizeF(small.pointSizeF() * 0.85)
            tag.setFont(small)
            tag.setToolTip(tip)
            tag.setAccessibleName(f"Tagged {words}")
            tag.setAccessibleDescription(tip)
            tag.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            top.addWidget(tag, 0, Qt.AlignmentFlag.AlignTop)
            self.summary_tag = tag
            layout.addLayout(top)
        else:
            layout.addWidget(self.label)
        if prompt.help:
            self.help_label = muted_label(prompt.help)
            layout.addWidget(self.help_label)

        kind = prompt.kind
        if kind in (PromptKind.SINGLE, PromptKind.SCALE):
            # Standard radio behaviour: one chosen at a time, Space on the chosen one keeps
            # it, and the arrow keys move to the neighbouring point and choose it.
            self.group = QButtonGroup(self)
            self.group.setExclusive(True)
        if kind is PromptKind.TEXT:
            edit = SectionEdit(guard, min_lines=2)
            edit.setObjectName(f"answer_{prompt.id}")
            edit.setAccessibleName(prompt.text)
            edit.setAccessibleDescription(self._description())
            edit.setToolTip(prompt.help)
            edit.textChanged.connect(self._value_changed)
            self.label.setBuddy(edit)
            layout.addWidget(edit)
            self.text_edit = edit
            _end_with_stretch(layout)
            return

        button: QAbstractButton
        if kind is PromptKind.SCALE:
            row = QHBoxLayout()
            row.setSpacing(fm.averageCharWidth())
            # The ends' words wrap, so the row never widens the panel at large text.
            if prompt.scale_low:
                row.addWidget(muted_label(prompt.scale_low))
            for point in range(prompt.scale_min, prompt.scale_max + 1):
                button = QRadioButton(str(point))
                meaning = (
                    prompt.scale_low
                    if point == prompt.scale_min
                    else prompt.scale_high
                    if point == prompt.scale_max
                    else ""
                )
                name = f"{prompt.text}: {point} of {prompt.scale_max}"
                button.setAccessibleName(f"{name} ({meaning})" if meaning else name)
                self._add_button(button, point)
                row.addWidget(button)
            if prompt.scale_high:
                row.addWidget(muted_label(prompt.scale_high))
            row.addStretch(1)
            layout.addLayout(row)
        else:
            for option in prompt.options:
                # An option's words wrap rather than widen the panel at large text.
                if kind is PromptKind.SINGLE:
                    button = WrappingRadioButton(option.label)
                else:
                    button = WrappingCheckBox(option.label)
                button.setAccessibleName(f"{prompt.text}: {option.label}")
                self._add_button(button, option.id)
                layout.addWidget(button)
        first = next(iter(self.buttons.values()), None)
        if first is not None:
            self.label.setBuddy(first)

        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        self.comment_button = _link_button("Add a comment")
        self.comment_button.setAccessibleName(f"Add a comment to: {prompt.text}")
        self.comment_button.clicked.connect(self.open_comment)
        actions.addWidget(self.comment_button)
        if kind in (PromptKind.SINGLE, PromptKind.SCALE):
            # Always there (disabled while nothing is chosen), after the comment, so the
            # order of the controls never shifts as answers are given.
            self.clear_button = _link_button("Clear")
            self.clear_button.setAccessibleName(f"Clear the answer to: {prompt.text}")
            self.clear_button.setToolTip("Leave this prompt unanswered")
            self.clear_button.clicked.connect(self.clear_choice)
            self.clear_button.setEnabled(False)
            actions.addWidget(self.clear_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.comment_label = muted_label("Your comment", wrap=False)
        self.comment_label.hide()
        layout.addWidget(self.comment_label)
        _end_with_stretch(layout)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            _restyle_links(self)

    def _comment_box(self) -> SectionEdit:
        """The comment's box, made the first time it is needed: placed below "Your
        comment" and after the form's buttons in the Tab order, as if made with the form."""
        if self.comment_edit is not None:
            return self.comment_edit
        comment = SectionEdit(self._guard, min_lines=1)
        comment.setObjectName(f"comment_{self.prompt.id}")
        comment.setPlaceholderText("A short comment, in your words")
        comment.setAccessibleName(f"Comment on: {self.prompt.text}")
        comment.textChanged.connect(self._changed)
        comment.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, comment)  # before the closing stretch
        before = self.clear_button if self.clear_button is not None else self.comment_button
        if before is not None:
            QWidget.setTabOrder(before, comment)
        self.comment_edit = comment
        return comment

    def _description(self) -> str:
        parts = [self.prompt.help] if self.prompt.help else []
        if self.prompt.summary in SUMMARY_TAGS:
            parts.append(SUMMARY_TAGS[self.prompt.summary][1])
        return " ".join(parts)

    def _add_button(self, button: QAbstractButton, key: Any) -> None:
        button.setAutoExclusive(False)  # the group (if any) makes choices exclusive
        button.setToolTip(self.prompt.help)
        button.setAccessibleDescription(self._description())
        if self.group is not None:
            self.group.addButton(button)
        button.toggled.connect(partial(self._toggled, key))
        self.buttons[key] = button

    def _check_only(self, chosen: set[Any]) -> None:
        """Tick exactly ``chosen`` (an exclusive group would refuse to untick the last)."""
        if self.group is not None:
            self.group.setExclusive(False)
        try:
            for key, button in self.buttons.items():
                button.setChecked(key in chosen)
        finally:
            if self.group is not None:
                self.group.setExclusive(True)

    # ---- state ----

    def set_value(self, value: object, comment: str) -> None:
        if self._shown is not None and self._shown == (value, comment):
            return
        self.value_touched = False
        self._loading = True
        try:
            kind = self.prompt.kind
            if self.text_edit is not None:
                self.text_edit.show_text(value if isinstance(value, str) else "")
            else:
                try:
                    cleaned = clean_answer(self.prompt, value)
                except ValueError:
                    cleaned = None  # shown unanswered; kept stored until changed
                chosen = (
                    set(cleaned)
                    if kind is PromptKind.MULTIPLE and isinstance(cleaned, list)
                    else {cleaned}
                    if cleaned is not None
                    else set()
                )
                self._check_only(chosen)
            if self.comment_button is not None and (comment or self.comment_edit is not None):
                edit = self._comment_box()
                edit.show_text(comment)
                edit.setVisible(bool(comment))
                if self.comment_label is not None:
                    self.comment_label.setVisible(bool(comment))
                self.comment_button.setVisible(not comment)
        finally:
            self._loading = False
        self._update_clear()
        self._shown = (copy.deepcopy(value), comment)

    def value(self) -> object:
        kind = self.prompt.kind
        if self.text_edit is not None:
            return self.text_edit.toPlainText()
        chosen = [key for key, button in self.buttons.items() if button.isChecked()]
        if kind is PromptKind.MULTIPLE:
            return chosen
        return chosen[0] if chosen else None

    def comment(self) -> str | None:
        """The comment as written; None for a prompt that takes none (a free-text one)."""
        if self.comment_edit is not None:
            return self.comment_edit.toPlainText()
        return "" if self.comment_button is not None else None  # its box not made yet

    def set_read_only(self, read_only: bool) -> None:
        if self.text_edit is not None:
            set_read_only(self.text_edit, read_only)

    # ---- interaction ----

    def _toggled(self, key: Any, checked: bool) -> None:
        if self._loading:
            return
        if checked and self.prompt.kind is PromptKind.MULTIPLE and EXCLUSIVE_OPTION in self.buttons:
            # "None" and any other option exclude each other.
            self._loading = True
            try:
                if key == EXCLUSIVE_OPTION:
                    for other, button in self.buttons.items():
                        if other != key:
                            button.setChecked(False)
                else:
                    self.buttons[EXCLUSIVE_OPTION].setChecked(False)
            finally:
                self._loading = False
        self._update_clear()
        self._value_changed()

    def clear_choice(self) -> None:
        self._loading = True
        try:
            self._check_only(set())
        finally:
            self._loading = False
        first = next(iter(self.buttons.values()), None)
        if first is not None and self.clear_button is not None and self.clear_button.hasFocus():
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_clear()
        self._value_changed()

    def open_comment(self) -> None:
        if self.comment_button is None:
            return
        edit = self._comment_box()
        edit.show()
        if self.comment_label is not None:
            self.comment_label.show()
            self.comment_label.setBuddy(edit)
        self.comment_button.hide()
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._shown = None  # an open comment box is closed again by the next set_value

    def _update_clear(self) -> None:
        if self.clear_button is not None:
            self.clear_button.setEnabled(any(b.isChecked() for b in self.buttons.values()))

    def _value_changed(self, *_args: object) -> None:
        if not self._loading:
            self.value_touched = True
        self._changed()

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self._shown = None
            self.changed.emit(self.prompt.id)

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        if self.text_edit is not None:
            chain.append(self.text_edit)
        chain += list(self.buttons.values())
        for widget in (self.comment_button, self.clear_button, self.comment_edit):
            if widget is not None:
                chain.append(widget)
        return chain


class ReflectionPanel(QWidget):
    """The reflection prompts of one note; ``edited`` fires on every change by the user."""

    edited = Signal()

    def __init__(self, guard: ClipboardGuard | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reflectionPanel")
        self.setAccessibleName("Process notes")
        self._guard = guard if guard is not None else ClipboardGuard()
        self._prompts: tuple[Prompt, ...] = ()
        self._blocks: dict[str, PromptBlock] = {}
        # Prompts whose forms are still to be built, in order (``_build_some``).
        self._unbuilt: list[Prompt] = []
        self._last_group: str | None = None  # the heading of the last form built
        self._build_timer = QTimer(self)
        self._build_timer.setSingleShot(True)
        self._build_timer.timeout.connect(self._build_next)
        self._stored: dict[str, Any] = {}  # the reflection as loaded (or last taken)
        self._touched: set[str] = set()
        self._read_only = False
        # Privacy mode's mask: the answers are then shown as a masked page and the form,
        # which keeps the real answers, is hidden (a masked answer could otherwise be saved).
        self._mask: Callable[[str], str] | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.title = heading("Process notes")
        outer.addWidget(self.title)
        self.privacy_label = muted_label(PRIVACY_LINE)
        self.privacy_label.setAccessibleName(PRIVACY_LINE)
        outer.addWidget(self.privacy_label)

        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("reflectionScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget()
        body.setObjectName("reflectionBody")
        self.body_layout = QVBoxLayout(body)
        self.privacy_notice = muted_label(PRIVACY_HIDDEN)
        self.privacy_notice.setObjectName("reflectionPrivacyNotice")
        self.privacy_notice.hide()
        self.body_layout.addWidget(self.privacy_notice)
        self.form = QWidget()
        self.form_layout = QVBoxLayout(self.form)
        self.form_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.addWidget(self.form)
        self.summary = QWidget()
        self.summary_layout = QVBoxLayout(self.summary)
        self.summary_layout.setContentsMargins(0, 0, 0, 0)
        self.summary.hide()
        self.body_layout.addWidget(self.summary)
        self.empty_label = muted_label(NO_PROMPTS)
        self.empty_label.hide()
        self.body_layout.addWidget(self.empty_label)
        self.body_layout.addStretch(1)
        self.scroll_area.setWidget(body)
        outer.addWidget(self.scroll_area, 1)
        fm = self.fontMetrics()
        self.setMinimumWidth(fm.averageCharWidth() * 28)

    # ---- what is shown ----

    def prompts(self) -> tuple[Prompt, ...]:
        return self._prompts

    def block(self, prompt_id: str) -> PromptBlock:
        self.finish_building()
        return self._blocks[prompt_id]

    def is_read_only(self) -> bool:
        return self._read_only

    def is_building(self) -> bool:
        """True while some prompt forms are still to be built (a few per turn)."""
        return bool(self._unbuilt)

    def set_prompts(self, prompts: Sequence[Prompt]) -> None:
        """Show these prompts (the answers shown so far are carried over). The first forms
        are built at once, the rest a few per turn of the event loop."""
        prompts = tuple(prompts)
        if prompts == self._prompts:
            return
        current = self.reflection()
        self._prompts = prompts
        _clear_layout(self.form_layout)
        self._blocks = {}
        self._last_group = None
        # Grouped under their headings, each group once, in the order first met.
        groups: dict[str, list[Prompt]] = {}
        for prompt in prompts:
            groups.setdefault(prompt.group.strip(), []).append(prompt)
        self._unbuilt = [prompt for members in groups.values() for prompt in members]
        self._build_some(FORMS_AT_ONCE)
        self._show(current, read_only=self._read_only, keep_touched=True)

    def finish_building(self) -> None:
        """Build every form still to be built, now (for whatever needs them all), laid out
        at once when shown."""
        if not self._unbuilt:
            return
        self._build_some(len(self._unbuilt))
        if self.form.isVisible():
            # The layouts' pending requests, so the forms have their places before the
            # caller looks at them (the scroll area sizes its body on the body's request).
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)

    def _build_next(self) -> None:
        self._build_some(FORMS_PER_TURN)

    def _build_some(self, count: int) -> None:
        """Build the next ``count`` forms, each showing the answer as it stands, and chain
        them into the Tab order after the forms built before them."""
        self._build_timer.stop()
        if not self._unbuilt:
            return
        before = ReflectionPanel.focus_widgets(self)  # the forms' own, not a subclass's
        built: list[QWidget] = []
        # This turn's forms go into one box, shown once. Showing a widget in a visible
        # window lays out every layout above it at once (the whole window): shown one by
        # one, the forms of a turn did that once each.
        batch = QWidget()
        batch.setObjectName("reflectionForms")
        batch_layout = QVBoxLayout(batch)
        batch_layout.setContentsMargins(0, 0, 0, 0)  # its spacing the style's, as the form's
        for prompt in self._unbuilt[:count]:
            group = prompt.group.strip()
            if group and group != self._last_group:
                label = QLabel(f"<span style='font-size:large'>{esc(group)}</span>")
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setWordWrap(True)
                label.setAccessibleName(group)
                label.setContentsMargins(0, self.fontMetrics().height() // 2, 0, 0)
                batch_layout.addWidget(label)
            self._last_group = group
            block = PromptBlock(prompt, self._guard)
            block.changed.connect(self._block_changed)
            block.set_value(self._stored.get(prompt.id), note_comment(self._stored, prompt.id))
            block.set_read_only(self._read_only)
            batch_layout.addWidget(block)
            self._blocks[prompt.id] = block
            built += block.focus_chain()
        del self._unbuilt[:count]
        self.form_layout.addWidget(batch)
        if self.form.isVisible():
            # Shown now, not on a later turn as a layout would (finish_building's callers
            # look at them at once).
            batch.show()
        # setTabOrder puts the second widget right after the first: whatever followed the
        # last form built before (the process-notes text) now follows the new ones.
        for first, second in pairwise(before[-1:] + built):
            QWidget.setTabOrder(first, second)
        if self._unbuilt:
            self._build_timer.start(0)

    def load(self, reflection: dict[str, Any], *, read_only: bool) -> None:
        """Show a note's answers; read-only for a signed note."""
        self._touched = set()
        self._show(copy.deepcopy(dict(reflection)), read_only=read_only, keep_touched=False)

    def _show(self, reflection: dict[str, Any], *, read_only: bool, keep_touched: bool) -> None:
        self._stored = reflection
        self._read_only = read_only
        if not keep_touched:
            self._touched = set()
        for prompt_id, block in self._blocks.items():
            block.set_value(reflection.get(prompt_id), note_comment(reflection, prompt_id))
            block.set_read_only(read_only)
        self._show_mode()
        self.scroll_area.verticalScrollBar().setValue(0)

    def set_mask(self, mask: Callable[[str], str] | None) -> None:
        """Privacy mode: show the answers (as they stand, unsaved ones too) through
        ``mask`` as a page; None shows the form again, with every answer as it was."""
        self._mask = mask
        self._show_mode()

    def is_masked(self) -> bool:
        return self._mask is not None

    def _show_mode(self) -> None:
        masked = self._mask is not None
        page = self._read_only or masked
        self.form.setVisible(not page and bool(self._prompts))
        self.empty_label.setVisible(not page and not self._prompts)
        self.privacy_notice.setVisible(masked and not self._read_only)
        self.summary.setVisible(page)
        if page:
            self._render_summary()
        else:
            _clear_layout(self.summary_layout)  # no masked copy lingers out of sight

    def _render_summary(self) -> None:
        """A signed note's answers as text: it reads as a page, and nothing can be changed.
        In privacy mode, the answers on screen (saved or not) through the mask."""
        _clear_layout(self.summary_layout)
        reflection = self.reflection() if self._mask is not None else self._stored
        mask = self._mask if self._mask is not None else _same
        shown = 0
        for prompt in self._prompts:
            answer = mask(describe_answer(prompt, reflection.get(prompt.id)))
            comment = mask(note_comment(reflection, prompt.id))
            if not answer and not comment:
                continue
            shown += 1
            question = QLabel(mask(prompt.text))
            question.setTextFormat(Qt.TextFormat.PlainText)
            question.setWordWrap(True)
            font = question.font()
            font.setWeight(font.Weight.DemiBold)
            question.setFont(font)
            self.summary_layout.addWidget(question)
            text = answer if not comment else (f"{answer}\n{comment}" if answer else comment)
            value = QLabel(text)
            value.setObjectName(f"answer_{prompt.id}")
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(True)
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            value.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            value.setAccessibleName(question.text())
            value.setAccessibleDescription(text)
            value.setContentsMargins(0, 0, 0, self.fontMetrics().height() // 2)
            self.summary_layout.addWidget(value)
        if not shown:
            self.summary_layout.addWidget(muted_label(NOTHING_RECORDED))

    def focus_widgets(self) -> list[QWidget]:
        """The controls of the forms built so far, in Tab order (later ones chain on)."""
        chain: list[QWidget] = []
        for block in self._blocks.values():
            chain += block.focus_chain()
        return chain

    # ---- the answers ----

    def _block_changed(self, prompt_id: str) -> None:
        if self._read_only:
            return
        self._touched.add(prompt_id)
        self.edited.emit()

    def reflection(self) -> dict[str, Any]:
        """The answers as the note stores them. Prompts the user did not touch keep exactly
        what was stored, and keys of prompts not shown are kept too."""
        result: dict[str, Any] = copy.deepcopy(self._stored)
        if self._read_only:
            return result
        for prompt_id in self._touched:
            block = self._blocks.get(prompt_id)
            if block is None:
                continue
            prompt = block.prompt
            if not block.value_touched:
                # Only the comment changed: the stored answer stays exactly as it was,
                # even one these controls cannot show.
                result = _with_comment(result, prompt.id, block.comment())
                continue
            value = block.value()
            if prompt.kind is PromptKind.MULTIPLE and isinstance(value, list):
                # Options the practitioner has removed since stay with the answer.
                before = result.get(prompt.id)
                known = {option.id for option in prompt.options}
                if isinstance(before, list):
                    value += [item for item in before if item not in known and item not in value]
            try:
                result = set_answer(result, prompt, value, block.comment())
            except ValueError:
                continue  # cannot happen from these controls; the stored answer stays
        if isinstance(result.get(NOTES_KEY), dict) and not result[NOTES_KEY]:
            result.pop(NOTES_KEY)
        return result


def _with_comment(
    reflection: dict[str, Any], prompt_id: str, comment: str | None
) -> dict[str, Any]:
    """The reflection with this prompt's comment set (removed when empty), as
    ``set_answer`` does, and its answer untouched."""
    if comment is None:
        return reflection
    result = dict(reflection)
    notes_value = result.get(NOTES_KEY)
    notes: dict[str, Any] = dict(notes_value) if isinstance(notes_value, dict) else {}
    text = comment.rstrip()
    if text.strip():
        notes[prompt_id] = text
    else:
        notes.pop(prompt_id, None)
    if notes:
        result[NOTES_KEY] = notes
    else:
        result.pop(NOTES_KEY, None)
    return result


def _same(text: str) -> str:
    return text


def _clear_layout(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()


__all__ = ["PRIVACY_LINE", "PromptBlock", "ReflectionPanel"]
