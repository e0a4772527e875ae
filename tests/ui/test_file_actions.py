"""The File menu's whole-file actions (casenotes.ui.file_actions): back up to a chosen folder,
restore from a backup file chosen anywhere, import and export the interchange JSON.

The window, vault, backups and files are real; only the modal file dialogs and message
questions are stubbed. All content is fictional."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from casenotes.core.backup import BackupReason, parse_backup_name
from casenotes.core.domain import CaseBundle
from casenotes.core.domain.models import Case
from casenotes.core.interchange import dumps_interchange, parse_interchange
from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui import file_actions
from casenotes.ui.main_window import MainWindow

from .conftest import MakeWindow
from .mnemonics import mnemonic_of
from .support import NEW_PASSPHRASE, PASSPHRASE, StubWorkspace, unlock

pytestmark = pytest.mark.usefixtures("shell_env")


@dataclass
class Dialogs:
    """What the stubbed modal dialogs answer, and what they were asked."""

    folder: str = ""
    open_file: str = ""
    save_file: str = ""
    secret: str = PASSPHRASE
    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes
    questions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    given = Dialogs()

    def question(
        parent: QWidget, title: str, text: str, *args: object, **kwargs: object
    ) -> QMessageBox.StandardButton:
        given.questions.append(text)
        return given.answer

    def get_text(
        parent: QWidget,
        title: str,
        label: str,
        echo: QLineEdit.EchoMode = QLineEdit.EchoMode.Normal,
        *args: object,
        **kwargs: object,
    ) -> tuple[str, bool]:
        return given.secret, True

    monkeypatch.setattr(file_actions, "get_existing_directory", lambda *args: given.folder)
    monkeypatch.setattr(file_actions, "get_open_file_name", lambda *args: (given.open_file, ""))
    monkeypatch.setattr(file_actions, "get_save_file_name", lambda *args: (given.save_file, ""))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    return given


@pytest.fixture
def window(qtbot: QtBot, make_window: MakeWindow, recovery_key: str) -> MainWindow:
    window = make_window()
    unlock(qtbot, window)
    window.tasks.wait_idle()  # the day's backup
    return window


def told(window: MainWindow) -> list[str]:
    return [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]


def codes(window: MainWindow) -> list[str]:
    assert window.journal is not None
    return sorted(case.code for case in window.journal.list_cases())


def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "usb-stick"
    folder.mkdir()
    return folder


# ---- the menu ------------------------------------------------------------------------------


def test_the_file_menu_has_each_action_with_its_own_letter(
    make_window: MakeWindow, recovery_key: str, qtbot: QtBot
) -> None:
    window = make_window()
    actions = [
        window.backup_to_action,
        window.restore_file_action,
        window.import_action,
        window.export_json_action,
        window.passphrase_action,
    ]
    assert not any(a.isEnabled() for a in actions)  # nothing to act on while locked
    menu = window.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)
    assert all(a in menu.actions() for a in actions)
    letters = [mnemonic_of(a.text()) for a in menu.actions() if not a.isSeparator()]
    assert None not in letters and len(letters) == len(set(letters)), letters
    unlock(qtbot, window)
    assert all(a.isEnabled() for a in actions)


# ---- back up to a folder -------------------------------------------------------------------


def test_back_up_to_a_chosen_folder(window: MainWindow, dialogs: Dialogs, tmp_path: Path) -> None:
    folder = stick(tmp_path)
    dialogs.folder = str(folder)
    window.backup_to_action.trigger()
    window.tasks.wait_idle()
    [backup] = list(folder.iterdir())
    parsed = parse_backup_name(backup.name, window.vault_path.stem)
    assert parsed is not None and parsed[1] is BackupReason.MANUAL
    assert window.statusBar().currentMessage() == f"Backup written to {backup}"


def test_cancelling_the_folder_writes_nothing(
    window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    folder = stick(tmp_path)
    dialogs.folder = ""
    window.backup_to_action.trigger()
    window.tasks.wait_idle()
    assert list(folder.iterdir()) == []


# ---- restore from a file -------------------------------------------------------------------


def backup_on_stick(window: MainWindow, dialogs: Dialogs, tmp_path: Path) -> Path:
    dialogs.folder = str(stick(tmp_path))
    window.backup_to_action.trigger()
    window.tasks.wait_idle()
    [backup] = list(Path(dialogs.folder).iterdir())
    return backup


def test_restore_from_a_file_says_what_it_holds_then_restores(
    qtbot: QtBot, window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    assert window.journal is not None
    window.journal.save_case(Case(code="KEEP", display_name="In the backup"))
    backup = backup_on_stick(window, dialogs, tmp_path)
    window.journal.save_case(Case(code="LATER", display_name="Added since"))
    old = window.journal

    dialogs.open_file = str(backup)
    window.restore_file_action.trigger()
    [question] = dialogs.questions
    assert "The backup holds 1 case and 0 notes." in question
    assert "Your vault now holds 2 cases and 0 notes." in question
    qtbot.waitUntil(lambda: window.journal is not old and window.journal is not None)
    unlock(qtbot, window)
    assert codes(window) == ["KEEP"]


def test_a_failed_restore_from_a_file_leaves_the_vault_as_it_was(
    qtbot: QtBot, window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    assert window.journal is not None
    backup = backup_on_stick(window, dialogs, tmp_path)
    window.journal.save_case(Case(code="LATER", display_name="Added since"))
    dialogs.open_file = str(backup)
    dialogs.secret = NEW_PASSPHRASE  # not the backup's passphrase
    window.restore_file_action.trigger()
    page = window.unlock_page
    assert page is not None
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page)
    assert page.message.text().startswith("The backup was not restored.")
    unlock(qtbot, window)
    assert codes(window) == ["LATER"]


def test_a_file_that_is_no_backup_is_refused_before_any_question(
    window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    other = tmp_path / "holiday.vault"
    other.write_bytes(b"a photo, not a vault" * 200)
    dialogs.open_file = str(other)
    window.restore_file_action.trigger()
    assert dialogs.questions == []
    [text] = told(window)
    assert "holiday.vault is not a Casenotes backup" in text
    assert window.workspace is not None  # still unlocked: nothing happened


# ---- import and export JSON ------------------------------------------------------------------


def test_export_warns_that_the_file_is_plaintext_then_writes_it(
    window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    assert window.journal is not None
    window.journal.save_case(Case(code="C-7", display_name="Fictional Person"))
    target = tmp_path / "all.json"
    dialogs.save_file = str(target)
    window.export_json_action.trigger()
    window.tasks.wait_idle()
    [question] = dialogs.questions
    assert "NOT encrypted" in question
    assert [b.case.code for b in parse_interchange(target.read_bytes())] == ["C-7"]
    assert "NOT encrypted" in window.statusBar().currentMessage()
    assert [e.kind for e in window.journal.export_log()] == ["interchange"]


def test_export_cancelled_at_the_warning_writes_nothing(
    window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    dialogs.answer = QMessageBox.StandardButton.Cancel
    dialogs.save_file = str(tmp_path / "all.json")
    window.export_json_action.trigger()
    window.tasks.wait_idle()
    assert not (tmp_path / "all.json").exists()


def test_export_refuses_the_vault_itself(window: MainWindow, dialogs: Dialogs) -> None:
    before = window.vault_path.read_bytes()
    dialogs.save_file = str(window.vault_path)
    window.export_json_action.trigger()
    window.tasks.wait_idle()
    assert told(window) == ["That file is the vault itself; export to another file."]
    assert window.vault_path.read_bytes() == before


def test_import_brings_cases_in_and_refreshes_the_workspace(
    window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    source = tmp_path / "from-old-laptop.json"
    source.write_bytes(
        dumps_interchange([CaseBundle(case=Case(code="C-12", display_name="Fictional Client"))])
    )
    dialogs.open_file = str(source)
    window.import_action.trigger()
    window.tasks.wait_idle()
    assert codes(window) == ["C-12"]
    assert window.statusBar().currentMessage() == "Imported 1 case with 0 notes."
    workspace = window.workspace
    assert isinstance(workspace, StubWorkspace) and "reload" in workspace.calls


def test_a_bad_file_imports_nothing_and_says_where(
    window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    source = tmp_path / "broken.json"
    document = json.loads(
        dumps_interchange(
            [
                CaseBundle(case=Case(code="C-1", display_name="Fine")),
                CaseBundle(case=Case(code="C-2", display_name="Broken")),
            ]
        )
    )
    document["cases"][1]["code"] = 5  # the second case is wrong: the first is not kept either
    source.write_text(json.dumps(document), encoding="utf-8")
    dialogs.open_file = str(source)
    window.import_action.trigger()
    window.tasks.wait_idle()
    [text] = told(window)
    assert text.startswith("The file was not imported.") and "Nothing was imported." in text
    assert codes(window) == []


# ---- first run: open an existing vault ------------------------------------------------------


def test_first_run_opens_a_copy_of_an_existing_vault(
    qtbot: QtBot, make_window: MakeWindow, dialogs: Dialogs, tmp_path: Path, policy: KdfPolicy
) -> None:
    on_stick = stick(tmp_path) / "casenotes.vault"
    created = Journal.create(on_stick, PASSPHRASE, policy)
    created.journal.save_case(Case(code="C-3", display_name="From the old laptop"))
    created.journal.lock()
    before = on_stick.read_bytes()

    window = make_window()
    page = window.first_run
    assert page is not None and window.stack.currentWidget() is page
    assert page.open_existing_button.isVisible()
    dialogs.open_file = str(on_stick)
    qtbot.mouseClick(page.open_existing_button, Qt.MouseButton.LeftButton)
    window.tasks.wait_idle()

    unlock_page = window.unlock_page
    assert unlock_page is not None and window.stack.currentWidget() is unlock_page
    assert window.first_run is None
    assert "A copy of casenotes.vault is your vault" in unlock_page.message.text()
    unlock(qtbot, window)
    assert codes(window) == ["C-3"]
    assert on_stick.read_bytes() == before  # the stick's vault was only read


def test_first_run_refuses_a_file_that_is_not_a_vault(
    qtbot: QtBot, make_window: MakeWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    other = tmp_path / "photo.vault"
    other.write_bytes(b"not a vault" * 500)
    window = make_window()
    page = window.first_run
    assert page is not None
    dialogs.open_file = str(other)
    qtbot.mouseClick(page.open_existing_button, Qt.MouseButton.LeftButton)
    window.tasks.wait_idle()
    [text] = told(window)
    assert text.startswith("That vault could not be opened here.")
    assert window.stack.currentWidget() is page
    assert not window.vault_path.exists()
