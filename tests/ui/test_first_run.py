"""First run, end to end: welcome, passphrase (meter, mismatch), recovery key (copy, emergency
kit), the last-group check, and the vault created only at the very end."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.first_run import (
    CHOOSE_PASSPHRASE,
    CONFIRM,
    KEY,
    WELCOME,
    FirstRunPage,
    matches_last_group,
)
from casenotes.ui.main_window import MainWindow

from .conftest import MakeWindow
from .support import PASSPHRASE, WEAK_PASSPHRASE, StubWorkspace

pytestmark = pytest.mark.usefixtures("shell_env")

KEY_RE = re.compile(r"^[A-Z2-7]{5}(?:-[A-Z2-7]{5}){10}$")


def first_run(window: MainWindow) -> FirstRunPage:
    assert window.first_run is not None
    assert window.stack.currentWidget() is window.first_run
    return window.first_run


def no_vault_files(vault_path: Path) -> bool:
    folder = vault_path.parent
    return not folder.exists() or not any(folder.iterdir())


def to_passphrase_step(qtbot: QtBot, page: FirstRunPage) -> None:
    assert page.steps.currentIndex() == WELCOME
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.steps.currentIndex() == CHOOSE_PASSPHRASE


def to_key_step(qtbot: QtBot, page: FirstRunPage) -> None:
    to_passphrase_step(qtbot, page)
    qtbot.keyClicks(page.passphrase.edit, PASSPHRASE)
    qtbot.keyClicks(page.confirmation.edit, PASSPHRASE)
    qtbot.keyClick(page.confirmation.edit, Qt.Key.Key_Return)
    assert page.steps.currentIndex() == KEY


def to_confirm_step(qtbot: QtBot, page: FirstRunPage) -> None:
    to_key_step(qtbot, page)
    qtbot.mouseClick(page.key_next, Qt.MouseButton.LeftButton)
    assert page.steps.currentIndex() == CONFIRM


def test_first_run_end_to_end(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path, policy: KdfPolicy
) -> None:
    window = make_window()
    page = first_run(window)
    assert not window.toolbar.isVisible()
    assert not window.lock_action.isEnabled()
    to_passphrase_step(qtbot, page)

    # A weak passphrase: the meter's advice shows, and Next stays blocked (Enter too).
    qtbot.keyClicks(page.passphrase.edit, WEAK_PASSPHRASE)
    qtbot.keyClicks(page.confirmation.edit, WEAK_PASSPHRASE)
    assert not page.meter.acceptable
    assert page.meter.advice.text()
    assert page.meter.strength.warning in page.meter.advice.text()
    assert not page.passphrase_next.isEnabled()
    assert page.passphrase_hint.isVisible()
    qtbot.keyClick(page.confirmation.edit, Qt.Key.Key_Return)
    assert page.steps.currentIndex() == CHOOSE_PASSPHRASE

    # A strong one, typed differently the second time: blocked, and said so.
    page.passphrase.clear()
    page.confirmation.clear()
    qtbot.keyClicks(page.passphrase.edit, PASSPHRASE)
    qtbot.keyClicks(page.confirmation.edit, PASSPHRASE + "x")
    assert page.meter.acceptable
    assert page.mismatch.isVisible()
    assert not page.passphrase_next.isEnabled()
    qtbot.keyClick(page.confirmation.edit, Qt.Key.Key_Backspace)
    assert not page.mismatch.isVisible()
    assert page.passphrase_next.isEnabled()
    assert not page.passphrase_hint.isVisible()
    qtbot.keyClick(page.confirmation.edit, Qt.Key.Key_Return)

    # The recovery key, shown before anything exists on disk.
    assert page.steps.currentIndex() == KEY
    key = page.recovery_key
    assert KEY_RE.match(key)
    assert page.key_label.text().replace("\n", "") == key
    assert no_vault_files(vault_path)
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == key

    # Back and forth keeps the same key (it may already be written down).
    qtbot.mouseClick(page.key_next, Qt.MouseButton.LeftButton)
    assert page.steps.currentIndex() == CONFIRM
    qtbot.mouseClick(page.confirm_back, Qt.MouseButton.LeftButton)
    assert page.steps.currentIndex() == KEY
    assert page.recovery_key == key
    qtbot.mouseClick(page.key_next, Qt.MouseButton.LeftButton)

    # The last group: a wrong one blocks, the right one (any case) creates the vault.
    qtbot.keyClicks(page.last_group_edit, "AAAAA" if not key.endswith("AAAAA") else "BBBBB")
    assert not page.create_button.isEnabled()
    assert page.confirm_message.text()
    qtbot.keyClick(page.last_group_edit, Qt.Key.Key_Return)
    assert no_vault_files(vault_path)
    page.last_group_edit.clear()
    qtbot.keyClicks(page.last_group_edit, key.rsplit("-", 1)[1].lower())
    assert page.create_button.isEnabled()
    qtbot.keyClick(page.last_group_edit, Qt.Key.Key_Return)

    # Created, unlocked, in the workspace; the key is off the clipboard.
    assert vault_path.is_file()
    assert window.journal is not None and window.journal.is_unlocked
    assert isinstance(window.workspace, StubWorkspace)
    assert window.stack.currentWidget() is window.workspace
    assert window.first_run is None
    assert window.toolbar.isVisible() and window.lock_action.isEnabled()
    assert QGuiApplication.clipboard().text() != key

    # The key shown is the vault's recovery key, and the passphrase is the one typed.
    window.journal.lock()
    journal = Journal.open(vault_path, policy)
    journal.unlock_with_recovery_key(key)
    journal.lock()
    journal.unlock(PASSPHRASE)
    journal.lock()


def test_creation_runs_on_the_worker_behind_a_busy_indicator(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(real_tasks=True)
    page = first_run(window)
    to_confirm_step(qtbot, page)
    qtbot.keyClicks(page.last_group_edit, page.recovery_key.rsplit("-", 1)[1])
    busy_seen: list[bool] = []
    window.tasks.busy_changed.connect(busy_seen.append)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.busy  # the indicator is up while Journal.create runs on the pool
    assert page.busy_indicator.label.text().startswith("Creating your vault")
    assert not page.create_button.isEnabled() and not page.confirm_back.isEnabled()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)
    # Then the day's first backup runs on the pool too; in the end nothing is busy.
    qtbot.waitUntil(lambda: busy_seen[-1] is False, timeout=20_000)
    assert busy_seen[0] is True
    assert vault_path.is_file()


def test_emergency_kit_is_a_pdf_with_the_key(
    qtbot: QtBot,
    make_window: MakeWindow,
    tmp_path: Path,
    vault_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window()
    page = first_run(window)
    to_key_step(qtbot, page)
    target = tmp_path / "kit" / "my kit"  # no suffix given: .pdf is added
    target.parent.mkdir()
    asked: list[str] = []

    def fake_dialog(*args: object, **kwargs: object) -> tuple[str, str]:
        asked.append(str(args[1]))
        return str(target), "PDF document (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    qtbot.mouseClick(page.kit_button, Qt.MouseButton.LeftButton)
    pdf = target.with_name("my kit.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert asked == ["Save emergency kit"]
    assert (pdf.stat().st_mode & 0o777) == 0o600
    assert "Saved the emergency kit" in page.key_status.text()
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
        compact = "".join(text.split())
        # pdftotext joins a dash at a line end; the key's parser ignores dashes anyway.
        assert page.recovery_key.replace("-", "") in compact.replace("-", "")
        assert str(vault_path) in compact
        assert "Forgotyourpassphrase?" in compact
    else:
        assert len(data) > 1000
    assert no_vault_files(vault_path)  # the kit is written; the vault still is not


def test_emergency_kit_dialog_cancelled(
    qtbot: QtBot, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    page = first_run(window)
    to_key_step(qtbot, page)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    qtbot.mouseClick(page.kit_button, Qt.MouseButton.LeftButton)
    assert page.key_status.text() == ""


@pytest.mark.parametrize("step", [WELCOME, CHOOSE_PASSPHRASE, KEY, CONFIRM])
def test_cancel_at_any_step_leaves_nothing(
    qtbot: QtBot,
    make_window: MakeWindow,
    vault_path: Path,
    step: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def answer_yes(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer_yes))
    window = make_window()
    page = first_run(window)
    if step >= CHOOSE_PASSPHRASE:
        to_passphrase_step(qtbot, page)
    if step >= KEY:
        qtbot.keyClicks(page.passphrase.edit, PASSPHRASE)
        qtbot.keyClicks(page.confirmation.edit, PASSPHRASE)
        page.passphrase_next.click()
    if step == CONFIRM:
        page.key_next.click()
        qtbot.keyClicks(page.last_group_edit, page.recovery_key.rsplit("-", 1)[1])
    assert page.steps.currentIndex() == step
    if step == WELCOME:
        with qtbot.waitSignal(page.quit_requested):
            page.quit_button.click()
        assert not window.isVisible()
    else:
        cancel = [
            b
            for b in page.steps.currentWidget().findChildren(type(page.start_button))
            if b.text() == "Cancel"
        ]
        cancel[0].click()
        assert page.steps.currentIndex() == WELCOME
        assert page.passphrase.text() == "" and page.recovery_key == ""
        assert bool(asked) == (step in (KEY, CONFIRM))  # asked only once a key exists
    assert no_vault_files(vault_path)
    assert not vault_path.parent.exists()


def test_cancel_can_be_thought_better_of(
    qtbot: QtBot, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
    )
    window = make_window()
    page = first_run(window)
    to_key_step(qtbot, page)
    key = page.recovery_key
    cancel = [
        b
        for b in page.steps.currentWidget().findChildren(type(page.start_button))
        if b.text() == "Cancel"
    ]
    cancel[0].click()
    assert page.steps.currentIndex() == KEY
    assert page.recovery_key == key


def test_closing_the_window_during_setup_leaves_nothing(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window()
    page = first_run(window)
    to_confirm_step(qtbot, page)
    qtbot.keyClicks(page.last_group_edit, page.recovery_key.rsplit("-", 1)[1])
    window.close()
    assert not window.isVisible()
    assert no_vault_files(vault_path)


def test_a_failed_creation_is_explained_and_leaves_nothing(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    page = first_run(window)
    to_confirm_step(qtbot, page)

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("casenotes.core.journal.create_vault_file", full_disk)
    qtbot.keyClicks(page.last_group_edit, page.recovery_key.rsplit("-", 1)[1])
    page.create_button.click()
    assert "The disk is full" in page.confirm_message.text()
    assert "Nothing was saved" in page.confirm_message.text()
    assert "Traceback" not in page.confirm_message.text()
    assert window.workspace is None
    assert page.create_button.isEnabled()  # free some space, then try again
    assert not vault_path.exists()


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("QRSTU", True),
        ("qrstu", True),
        (" QRSTU ", True),
        ("-QRSTU", True),
        ("QRST", False),
        ("", False),
        ("MNOPQ", False),
    ],
)
def test_matches_last_group(typed: str, ok: bool) -> None:
    assert matches_last_group(typed, "ABCDE-FGHIJ-MNOPQ-QRSTU") is ok


def test_tab_order_and_accessible_names(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    page = first_run(window)
    to_passphrase_step(qtbot, page)
    assert page.passphrase.edit.nextInFocusChain() is page.passphrase.toggle
    for widget in (
        page.passphrase.edit,
        page.confirmation.edit,
        page.last_group_edit,
        page.copy_button,
        page.kit_button,
        page.key_label,
        page.meter.bar,
    ):
        assert widget.accessibleName(), widget


def test_enter_in_the_first_field_moves_to_the_second(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    page = first_run(window)
    to_passphrase_step(qtbot, page)
    page.passphrase.setFocus()
    qtbot.keyClicks(page.passphrase.edit, PASSPHRASE)
    qtbot.keyClick(page.passphrase.edit, Qt.Key.Key_Return)
    assert page.steps.currentIndex() == CHOOSE_PASSPHRASE
    qtbot.waitUntil(lambda: page.confirmation.edit.hasFocus())


# ---- recovery key handling (audit) ---------------------------------------------------------


def test_the_copied_key_is_marked_secret_and_cleared_after_30_seconds(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    from casenotes.ui.clipboard import KDE_SECRET_HINT

    window = make_window()
    page = first_run(window)
    to_key_step(qtbot, page)
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    board = QGuiApplication.clipboard()
    assert board.text() == page.recovery_key
    assert board.mimeData().hasFormat(KDE_SECRET_HINT)
    assert "30 seconds" in page.key_status.text()
    assert page._clipboard.clear_after_ms == 30_000
    page._clipboard.clear_if_ours()  # what the timer does
    assert board.text() == ""


def test_the_kit_is_not_suggested_in_the_home_folder_and_the_file_is_to_be_deleted(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    page = first_run(window)
    to_key_step(qtbot, page)
    suggested: list[str] = []
    target = tmp_path / "stick" / "kit.pdf"
    target.parent.mkdir()

    def fake_dialog(*args: object, **kwargs: object) -> tuple[str, str]:
        suggested.append(str(args[2]))
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    qtbot.mouseClick(page.kit_button, Qt.MouseButton.LeftButton)
    assert len(suggested) == 1
    assert Path(suggested[0]).parent != Path.home()
    assert Path(suggested[0]).parent != window.vault_path.parent
    assert target.read_bytes().startswith(b"%PDF")
    assert "Print it now, then delete the file" in page.key_status.text()


def test_print_the_kit_directly(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QDialog

    window = make_window()
    page = first_run(window)
    to_key_step(qtbot, page)
    printed = tmp_path / "printer-output.pdf"
    titles: list[str] = []

    def fake_exec(dialog: QPrintDialog) -> int:  # the modal print dialog, answered
        titles.append(dialog.windowTitle())
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert titles == ["Print emergency kit"]
    assert printed.read_bytes().startswith(b"%PDF")
    assert "Sent the emergency kit to the printer" in page.key_status.text()
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(printed), "-"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
        assert page.recovery_key.replace("-", "") in "".join(text.split()).replace("-", "")
    assert no_vault_files(window.vault_path)


def test_print_cancelled(
    qtbot: QtBot, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    window = make_window()
    page = first_run(window)
    to_key_step(qtbot, page)
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: 0)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert page.key_status.text() == ""
