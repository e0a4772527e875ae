"""Shared material for the shell's GUI tests: fixed passphrases and a stand-in workspace.

``StubWorkspace`` honours the workspace contract (casenotes.ui.workspace.Workspace) and records
what the shell asks of it; it lives here, in the tests, and never in src."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from casenotes.core.domain import Case, Note
from casenotes.core.journal import Journal
from casenotes.ui.main_window import MainWindow
from casenotes.ui.tasks import SyncTaskRunner, TaskRunner

# Fixed test passphrases (not secrets), lower case so that typing them with QTest never
# looks like Caps Lock; both score 4 with zxcvbn.
PASSPHRASE = "lantern orchard velvet canyon 4182"
NEW_PASSPHRASE = "quiet harbour pebble mosaic 7306"
WEAK_PASSPHRASE = "password1"


class StubEditor(QPlainTextEdit):
    """The note editor's part of the contract the shell uses: open or not, and the reflection
    panel shown or not (the stand-in never opens a note)."""

    open_changed = Signal(bool)
    reflection_toggled = Signal(bool)

    def is_open(self) -> bool:
        return False

    def reflection_shown(self) -> bool:
        return False

    def set_reflection_shown(self, shown: bool) -> None:
        self.reflection_toggled.emit(shown)


class StubWorkspace(QWidget):
    status_message = Signal(str)
    created: list[StubWorkspace] = []  # noqa: RUF012 (a test registry, reset per test)

    def __init__(self, journal: Journal, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.tasks = tasks
        self.calls: list[str] = []
        self.flush_result = True
        self.privacy: bool | None = None
        self.current: tuple[str | None, str | None] = (None, None)
        self.restored: list[tuple[str | None, str | None]] = []
        self.clipboard_is_ours = False
        self.focus_restored: str | None = None
        self.editor = StubEditor()
        self.editor.setAccessibleName("Note")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("stand-in workspace"))
        layout.addWidget(self.editor)
        StubWorkspace.created.append(self)

    def flush(self) -> bool:
        self.calls.append("flush")
        return self.flush_result

    def set_privacy_mode(self, on: bool) -> None:
        self.privacy = on

    def new_case(self) -> None:
        self.calls.append("new_case")

    def new_note(self) -> None:
        self.calls.append("new_note")

    def focus_search(self) -> None:
        self.calls.append("focus_search")

    def location(self) -> tuple[str | None, str | None]:
        return self.current

    def restore_location(self, case_id: str | None, note_id: str | None) -> None:
        self.restored.append((case_id, note_id))
        self.current = (case_id, note_id)

    def owns_clipboard(self) -> bool:
        return self.clipboard_is_ours

    def trash_dialog(self) -> None:
        self.calls.append("trash_dialog")

    def focus_place(self) -> str | None:
        return None

    def restore_focus(self, place: str | None) -> None:
        self.focus_restored = place

    def unsaved_note(self) -> Note | None:
        return None

    def reload_prompts(self) -> None:
        self.calls.append("reload_prompts")

    def current_case(self) -> Case | None:
        return None

    def refresh_case(self, case_id: str) -> None:
        self.calls.append("refresh_case")

    def reload(self) -> None:
        self.calls.append("reload")


def unlock(qtbot: QtBot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    page = window.unlock_page
    assert page is not None
    page.passphrase.edit.setText(passphrase)
    page.unlock_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None)


class DeferredTaskRunner(SyncTaskRunner):
    """Keeps tasks until ``run_all()``, like a slow worker thread would."""

    def __init__(self) -> None:
        super().__init__()
        self.queue: list[
            tuple[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None] | None]
        ] = []

    def run_task(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.queue.append((fn, on_done, on_error))

    def run_all(self) -> None:
        while self.queue:
            fn, on_done, on_error = self.queue.pop(0)
            try:
                result = fn()
            except Exception as exc:
                assert on_error is not None
                on_error(exc)
            else:
                on_done(result)


# ---- what a screen shows, for privacy mode's tests ------------------------------------------

# Item roles whose text a view shows or a screen reader reads; custom roles holding text
# (a preview a delegate paints, a snippet's HTML) are read as well.
_TEXT_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.AccessibleDescriptionRole,
    Qt.ItemDataRole.StatusTipRole,
    Qt.ItemDataRole.WhatsThisRole,
)
_CUSTOM_ROLES = range(Qt.ItemDataRole.UserRole, Qt.ItemDataRole.UserRole + 24)


def _plain(text: str) -> str:
    """Rich text as it reads (entities decoded), so "Tile &amp; Stone" is found too."""
    if "<" in text or "&" in text:
        return QTextDocumentFragment.fromHtml(text).toPlainText() + "\n" + text
    return text


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return int(model.columnCount(parent))
    except TypeError:  # a list model: PySide6 keeps its columnCount private
        return 1


def _model_texts(
    model: QAbstractItemModel, where: str, *, custom: bool = True
) -> Iterator[tuple[str, str]]:
    """Every text of the model; ``custom``: the custom roles too (what a view's delegate may
    paint). A combo box never paints its item data, which holds values such as the tag to
    filter by."""
    for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
        count = (
            _columns(model, QModelIndex())
            if orientation == Qt.Orientation.Horizontal
            else model.rowCount(QModelIndex())
        )
        for section in range(count):
            for role in _TEXT_ROLES:
                value = model.headerData(section, orientation, role)
                if isinstance(value, str) and value:
                    yield f"{where} header {section}", value
    parents = [QModelIndex()]
    while parents:
        parent = parents.pop()
        for row in range(model.rowCount(parent)):
            for column in range(_columns(model, parent)):
                index = model.index(row, column, parent)
                for role in (*_TEXT_ROLES, *(_CUSTOM_ROLES if custom else ())):
                    value = model.data(index, role)
                    if isinstance(value, str) and value:
                        yield f"{where} [{row},{column}] role {int(role)}", value
                if column == 0 and model.rowCount(index) > 0:  # a tree's children
                    parents.append(index)


def _painted_texts(widget: QWidget, where: str) -> Iterator[tuple[str, str]]:
    """What a widget that paints its own words (the case chart) draws and says: such a
    widget offers ``course()``, ``describe_session`` and ``describe_goal``."""
    course = getattr(widget, "course", None)
    if not callable(course) or course() is None:
        return
    drawn = course()
    for label in getattr(drawn, "need_labels", ()):
        yield f"{where} need", str(label)
    for row, goal in enumerate(getattr(drawn, "goals", ())):
        yield f"{where} goal", str(goal.text)
        describe_goal = getattr(widget, "describe_goal", None)
        if callable(describe_goal):
            yield f"{where} goal tip", str(describe_goal(row))
    describe_session = getattr(widget, "describe_session", None)
    for index in range(len(getattr(drawn, "sessions", ()))):
        if callable(describe_session):
            yield f"{where} session tip", str(describe_session(index))


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every string ``root``'s visible widgets show or tell a screen
    reader: text, tooltips, window titles, accessible names and descriptions, placeholders,
    the contents of text edits, combo boxes' items, every item model's rows, columns and
    headers, actions, and what self-painting widgets draw."""
    # Widgets just added to a shown layout are shown by a queued call: let it run, so
    # that what is on screen is what is walked.
    QApplication.processEvents()
    found: list[tuple[str, str]] = []
    models: set[int] = set()
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        where = f"{type(widget).__name__}#{widget.objectName()}"
        for getter in (
            "windowTitle",
            "toolTip",
            "accessibleName",
            "accessibleDescription",
            "whatsThis",
            "statusTip",
            "text",
            "placeholderText",
            "toPlainText",
            "title",
            "currentText",
        ):
            method = getattr(widget, getter, None)
            if not callable(method):
                continue
            try:
                value = method()
            except TypeError:  # a method of that name wanting arguments: not a text getter
                continue
            if isinstance(value, str) and value:
                found.append((f"{where}.{getter}", value))
        for action in widget.actions():
            for value in (action.text(), action.toolTip(), action.statusTip()):
                if value:
                    found.append((f"{where} action", value))
        if isinstance(widget, QAbstractItemView | QComboBox):
            model = widget.model()
            if model is not None and id(model) not in models:
                models.add(id(model))
                found.extend(
                    _model_texts(model, where, custom=isinstance(widget, QAbstractItemView))
                )
        found.extend(_painted_texts(widget, where))
    return [(where, _plain(text)) for where, text in found]


def case_identifiers(case: Case) -> set[str]:
    """What a case knows identifies its client: every string of its identifiers record,
    its members' names and display name, and their words of three letters or more."""
    values = {v.strip() for vs in case.identifiers.as_dict().values() for v in vs if v.strip()}
    names = [
        *case.identifiers.names,
        *case.identifiers.aliases,
        *(m.name for m in case.members),
        case.display_name,
    ]
    values |= {m.name.strip() for m in case.members if m.name.strip()}
    for name in names:
        values |= {t.strip(".,&()") for t in name.split() if len(t.strip(".,&()")) >= 3}
    return {v for v in values if v}


def leaks(texts: list[tuple[str, str]], identifiers: set[str]) -> list[str]:
    """Each (where, identifier) found in ``texts``: whole words, ignoring case."""
    patterns = [
        (value, re.compile(r"(?<!\w)" + re.escape(value) + r"(?!\w)", re.IGNORECASE))
        for value in sorted(identifiers)
    ]
    out = []
    for where, text in texts:
        for value, pattern in patterns:
            if pattern.search(text):
                out.append(f"{value!r} in {where}: {text[:160]!r}")
    return out
