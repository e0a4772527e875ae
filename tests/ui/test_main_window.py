"""The main window: menus and shortcuts, locking (Ctrl+L, idle, minimise), privacy mode,
settings, about, a vault that cannot be opened, and closing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QMouseEvent, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from casenotes import __version__
from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.about_dialog import AboutDialog
from casenotes.ui.main_window import FLUSH_FAILED, MainWindow
from casenotes.ui.settings_dialog import SettingsDialog

from .conftest import MakeWindow
from .support import PASSPHRASE, StubWorkspace, unlock

pytestmark = pytest.mark.usefixtures("shell_env")


@pytest.fixture
def window(qtbot: QtBot, make_window: MakeWindow, recovery_key: str) -> MainWindow:
    """An unlocked window on a fresh vault, active so that shortcuts reach it."""
    window = make_window()
    unlock(qtbot, window)
    qtbot.waitUntil(window.isActiveWindow)
    return window


def stub(window: MainWindow) -> StubWorkspace:
    assert isinstance(window.workspace, StubWorkspace)
    return window.workspace


def message_boxes(window: MainWindow) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox) if box.isVisible()]


# ---- menus and shortcuts -------------------------------------------------------------------


def test_standard_shortcuts(window: MainWindow) -> None:
    expected = {
        window.new_note_action: "Ctrl+N",
        window.new_case_action: "Ctrl+Shift+N",
        window.find_action: "Ctrl+F",
        window.lock_action: "Ctrl+L",
        window.quit_action: "Ctrl+Q",
    }
    for action, keys in expected.items():
        assert action.shortcut() == QKeySequence(keys), action.text()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Help"]
    toolbar = window.toolbar.actions()
    assert window.privacy_action in toolbar and window.lock_action in toolbar


@pytest.mark.parametrize(
    ("keys", "call"),
    [("Ctrl+N", "new_note"), ("Ctrl+Shift+N", "new_case"), ("Ctrl+F", "focus_search")],
)
def test_shortcuts_reach_the_workspace(
    qtbot: QtBot, window: MainWindow, keys: str, call: str
) -> None:
    sequence = QKeySequence(keys)[0]
    qtbot.keyClick(window, sequence.key(), sequence.keyboardModifiers())
    assert stub(window).calls[-1] == call


def test_file_menu_trash(window: MainWindow) -> None:
    window.trash_action.trigger()
    assert stub(window).calls[-1] == "trash_dialog"


def test_workspace_actions_wait_for_unlock(make_window: MakeWindow, recovery_key: str) -> None:
    window = make_window()
    for action in (
        window.new_note_action,
        window.lock_action,
        window.settings_action,
        window.privacy_action,
        window.find_action,
    ):
        assert not action.isEnabled()
    assert window.about_action.isEnabled() and window.quit_action.isEnabled()


def test_status_messages_from_the_workspace(window: MainWindow) -> None:
    stub(window).status_message.emit("Saved.")
    assert window.statusBar().currentMessage() == "Saved."


# ---- locking -------------------------------------------------------------------------------


def test_ctrl_l_locks_and_unlocking_comes_back_to_the_same_place(
    qtbot: QtBot, window: MainWindow
) -> None:
    first = stub(window)
    first.current = ("case-1", "note-1")
    first.clipboard_is_ours = True
    QGuiApplication.clipboard().setText("something from a note")
    with qtbot.waitSignal(first.destroyed, timeout=5000), qtbot.waitSignal(window.locked):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert first.calls[0] == "flush"
    assert window.journal is not None and not window.journal.is_unlocked
    assert window.workspace is None
    assert window.stack.currentWidget() is window.unlock_page
    assert QGuiApplication.clipboard().text() == ""
    assert not window.toolbar.isVisible() and not window.new_note_action.isEnabled()

    unlock(qtbot, window)
    second = stub(window)
    assert second is not first
    assert second.restored == [("case-1", "note-1")]


def test_the_clipboard_is_left_alone_when_it_is_not_ours(qtbot: QtBot, window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("from another program")
    window.lock_action.trigger()
    assert QGuiApplication.clipboard().text() == "from another program"


def test_a_failed_save_keeps_it_unlocked(qtbot: QtBot, window: MainWindow) -> None:
    workspace = stub(window)
    workspace.flush_result = False
    workspace.editor.setPlainText("unsaved words")
    assert window.lock() is False
    assert window.journal is not None and window.journal.is_unlocked
    assert window.workspace is workspace
    assert workspace.editor.toPlainText() == "unsaved words"
    boxes = message_boxes(window)
    assert [b.text() for b in boxes] == [FLUSH_FAILED]
    assert window.lock() is False
    assert len(message_boxes(window)) == 1  # one box, however many tries
    workspace.flush_result = True
    assert window.lock()


def test_a_flush_that_raises_counts_as_failed(window: MainWindow) -> None:
    def boom() -> bool:
        raise OSError(28, "No space left on device")

    workspace = stub(window)
    workspace.flush = boom  # type: ignore[method-assign]
    assert window.lock() is False
    assert window.journal is not None and window.journal.is_unlocked
    del workspace.flush
    assert window.lock()


def test_idle_lock(qtbot: QtBot, window: MainWindow) -> None:
    assert window.idle.active
    assert window.idle.timeout_ms == 5 * 60_000  # the default setting
    window.idle.set_timeout_ms(50)
    qtbot.waitUntil(lambda: window.workspace is None, timeout=5000)
    assert window.journal is not None and not window.journal.is_unlocked
    assert window.unlock_page is not None
    assert "without activity" in window.unlock_page.message.text()
    assert not window.idle.active


def test_activity_restarts_the_idle_timer(qtbot: QtBot, window: MainWindow) -> None:
    window.idle.set_timeout_ms(60_000)
    qtbot.waitUntil(lambda: window.idle.remaining_ms() < 59_800, timeout=5000)
    target = stub(window).editor
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(5, 5),
        QPointF(5, 5),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, event)
    assert window.idle.remaining_ms() > 59_900


def test_keys_and_typed_input_count_as_activity_and_window_events_do_not(
    qtbot: QtBot, window: MainWindow
) -> None:
    from PySide6.QtGui import QInputMethodEvent, QKeyEvent

    window.idle.set_timeout_ms(60_000)
    target = stub(window).editor
    for event in (
        QEvent(QEvent.Type.LayoutRequest),
        QEvent(QEvent.Type.UpdateRequest),
        QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier),
    ):
        qtbot.waitUntil(lambda: window.idle.remaining_ms() < 59_800, timeout=5000)
        QApplication.sendEvent(target, event)
        assert window.idle.remaining_ms() < 59_800  # not activity
    for event in (
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"),
        QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"),
        QInputMethodEvent("", []),
    ):
        qtbot.waitUntil(lambda: window.idle.remaining_ms() < 59_800, timeout=5000)
        QApplication.sendEvent(target, event)
        assert window.idle.remaining_ms() > 59_900


def test_idle_lock_retries_after_a_failed_save(qtbot: QtBot, window: MainWindow) -> None:
    stub(window).flush_result = False
    window.idle.set_timeout_ms(30)
    qtbot.waitUntil(lambda: len(stub(window).calls) >= 2, timeout=5000)
    assert window.journal is not None and window.journal.is_unlocked
    assert window.idle.active


def test_lock_on_minimise(qtbot: QtBot, window: MainWindow) -> None:
    window.settings.lock_on_minimise = True
    window.showMinimized()
    qtbot.waitUntil(lambda: window.workspace is None, timeout=5000)
    assert window.journal is not None and not window.journal.is_unlocked


def test_no_lock_on_minimise_unless_asked(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.settings.lock_on_minimise
    window.showMinimized()
    QApplication.processEvents()
    assert window.journal is not None and window.journal.is_unlocked


def test_locking_closes_open_dialogs(qtbot: QtBot, window: MainWindow) -> None:
    window.open_settings()
    dialog = window.settings_dialog
    qtbot.waitExposed(dialog)
    window.lock()
    assert not dialog.isVisible()


# ---- privacy -------------------------------------------------------------------------------


def test_privacy_mode(qtbot: QtBot, window: MainWindow) -> None:
    assert stub(window).privacy is False
    window.privacy_action.trigger()
    assert stub(window).privacy is True
    assert window._privacy_label.isVisible()
    window.lock()
    unlock(qtbot, window)
    assert stub(window).privacy is True  # kept across a lock
    assert window.privacy_action.isChecked()
    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert stub(window).privacy is False


# ---- settings ------------------------------------------------------------------------------


def test_settings_round_trip(
    qtbot: QtBot, window: MainWindow, vault_path: Path, policy: KdfPolicy
) -> None:
    window.settings_action.trigger()
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitExposed(dialog)
    assert dialog.auto_lock.value() == 5
    dialog.auto_lock.setValue(12)
    dialog.lock_on_minimise.setChecked(True)
    dialog.privacy_at_start.setChecked(True)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.font_size.setCurrentIndex(dialog.font_size.findData(14))
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isDefault()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    assert window.idle.timeout_ms == 12 * 60_000
    assert QApplication.font().pointSize() == 14
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 100
    assert window.statusBar().currentMessage() == "Settings saved."
    assert window.journal is not None
    stored = window.journal.settings()
    assert (
        stored.auto_lock_minutes,
        stored.lock_on_minimise,
        stored.privacy_mode_at_start,
        stored.theme,
        stored.font_size,
    ) == (12, True, True, "dark", 14)

    # and from a fresh start, privacy mode is on from the beginning
    window.close()
    again = MainWindow(
        vault_path, policy=policy, tasks=window.tasks, workspace_factory=StubWorkspace
    )
    qtbot.addWidget(again)
    again.show()
    unlock(qtbot, again)
    assert stub(again).privacy is True
    assert again.idle.timeout_ms == 12 * 60_000
    again.close()


def test_settings_cancel_changes_nothing(qtbot: QtBot, window: MainWindow) -> None:
    window.open_settings()
    dialog = window.settings_dialog
    qtbot.waitExposed(dialog)
    dialog.auto_lock.setValue(30)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert window.journal is not None
    assert window.journal.settings().auto_lock_minutes == 5
    assert window.idle.timeout_ms == 5 * 60_000


def test_settings_dialog_keeps_what_it_does_not_show(qtbot: QtBot, window: MainWindow) -> None:
    assert window.journal is not None
    settings = window.journal.settings()
    settings.backups_keep = 3
    settings.last_case_id = "case-9"
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    edited = dialog.settings()
    assert edited.backups_keep == 3 and edited.last_case_id == "case-9"
    for widget in (dialog.auto_lock, dialog.theme, dialog.font_size):
        assert widget.accessibleName()


# ---- about ---------------------------------------------------------------------------------


def test_about_dialog(qtbot: QtBot, window: MainWindow, vault_path: Path) -> None:
    window.about_action.trigger()
    dialog = window.about_dialog
    assert isinstance(dialog, AboutDialog)
    qtbot.waitExposed(dialog)
    text = dialog.text()
    assert f"Version {__version__}" in text
    assert str(vault_path) in text
    assert "Vault format version 3" in text
    for heading in (
        "What is encrypted",
        "What can be seen without your passphrase",
        "What encryption cannot protect against",
    ):
        assert heading in text
    for detail in (
        "note text",
        "reflections",
        "AES-256-GCM",
        "how many cases and notes",
        "reading over your shoulder",
    ):
        assert detail.lower() in text.lower()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_about_before_a_vault_exists(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    window.open_about()
    assert "Vault format version unknown" in window.about_dialog.text()


# ---- a vault that cannot be opened ---------------------------------------------------------


def test_a_file_that_is_not_a_vault(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    vault_path.parent.mkdir(parents=True)
    vault_path.write_bytes(b"just some bytes, not a database")
    window = make_window()
    assert window.stack.currentWidget() is window.problem_page
    text = window.problem_page.message.text()
    assert "not a Casenotes vault" in text or "could not be opened" in text
    assert "Traceback" not in text
    assert window.first_run is None  # never offered to overwrite it
    assert vault_path.read_bytes() == b"just some bytes, not a database"


def test_try_again_after_the_problem_is_solved(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path, policy: KdfPolicy
) -> None:
    vault_path.parent.mkdir(parents=True)
    vault_path.write_bytes(b"x")
    window = make_window()
    assert window.stack.currentWidget() is window.problem_page
    vault_path.unlink()
    Journal.create(vault_path, PASSPHRASE, policy).journal.lock()
    window.problem_page.retry_button.click()
    assert window.stack.currentWidget() is window.unlock_page


# ---- closing -------------------------------------------------------------------------------


def test_closing_saves_locks_and_remembers_the_place(
    qtbot: QtBot, window: MainWindow, vault_path: Path, policy: KdfPolicy
) -> None:
    workspace = stub(window)
    workspace.current = ("case-2", "note-5")
    assert window.close()
    assert "flush" in workspace.calls
    assert window.journal is not None and not window.journal.is_unlocked
    journal = Journal.open(vault_path, policy)
    journal.unlock(PASSPHRASE)
    settings = journal.settings()
    journal.lock()
    assert (settings.last_case_id, settings.last_note_id) == ("case-2", "note-5")


def test_closing_with_unsaved_text_asks(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: answers.pop(0)))
    stub(window).flush_result = False
    assert not window.close()  # "stay?" — yes
    assert window.isVisible() and window.journal is not None and window.journal.is_unlocked
    assert window.close()  # "stay?" — no: quit anyway
    assert window.journal is not None and not window.journal.is_unlocked


def test_closing_waits_while_unlocking(
    qtbot: QtBot, make_window: MakeWindow, recovery_key: str
) -> None:
    window = make_window(real_tasks=True)
    page = window.unlock_page
    assert page is not None
    page.passphrase.edit.setText(PASSPHRASE)
    page.unlock_button.click()
    if page.busy:  # the KDF is still running: closing waits for it
        assert not window.close()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)
    assert window.close()


def test_view_due_for_review_opens_the_list(qtbot: QtBot, window: MainWindow) -> None:
    from casenotes.ui.due_for_review_dialog import DueForReviewDialog

    assert window.due_for_review_action in window.view_menu.actions()
    assert window.due_for_review_action.isEnabled()
    window.due_for_review_action.trigger()
    dialog = window.due_for_review_dialog
    assert isinstance(dialog, DueForReviewDialog)
    qtbot.waitExposed(dialog)
    assert dialog.model.rowCount() == 0 and dialog.empty.isVisible()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
