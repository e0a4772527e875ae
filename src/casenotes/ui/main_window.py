"""The main window: menus, toolbar and status bar around a stack of pages — first run,
unlock, a "could not open" page, and the workspace while the vault is unlocked.

Locking (Ctrl+L, the toolbar, idle time, minimising when the setting asks for it) first
saves the open edit. If that fails (a full disk), locking does not fail open: the note as it
stands is sealed in memory under a key derived from the data key (core/draft_seal.py), the
window locks anyway, and the note comes back, and is saved, after the next unlock. Then it
remembers where the practitioner was, clears the clipboard if it holds note text, removes
the workspace, locks the journal and shows the unlock page. Unlocking builds a fresh
workspace and goes back to the same place."""

from __future__ import annotations

import contextlib
import gc
import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from casenotes.core.vault.errors import VaultError
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.app import apply_font_size, apply_theme
from casenotes.ui.errors import describe
from casenotes.ui.file_actions import FileActions
from casenotes.ui.idle import IdleWatcher
from casenotes.ui.pages import Step, button, button_row
from casenotes.ui.tasks import TaskRunner, log_failure
from casenotes.ui.unlock import UnlockPage
from casenotes.ui.widgets import centred_column, heading, paragraph, tell
from casenotes.ui.window_memory import WindowMemory

if TYPE_CHECKING:
    # The journal and the backups bring SQLAlchemy: imported once the unlock page is painted.
    # Dialogs and pages imported when first opened: none is needed for the unlock page. Nor
    # are the clipboard, the editor's view and the type warmer, imported when first used
    # (their Qt classes make Python enums: QClipboard, QMimeData, QTextCursor).
    from casenotes.core.backup import BackupInfo
    from casenotes.core.domain import Settings
    from casenotes.core.draft_seal import SealedDraft
    from casenotes.core.journal import Journal
    from casenotes.ui import editor_view
    from casenotes.ui.about_dialog import AboutDialog
    from casenotes.ui.backup_dialogs import BackupsDialog, RestoringPage
    from casenotes.ui.first_run import FirstRunPage
    from casenotes.ui.guide_dialog import GuideDialog
    from casenotes.ui.passphrase_dialog import ChangePassphraseDialog
    from casenotes.ui.prompts_dialog import PromptsDialog
    from casenotes.ui.qt_types import TypeWarmer
    from casenotes.ui.record_export import RecordExport
    from casenotes.ui.rekey_dialog import RekeyDialog
    from casenotes.ui.settings_dialog import SettingsDialog
    from casenotes.ui.shared.common import ClipboardGuard
    from casenotes.ui.summary import ExportLogDialog, SummaryDialog
    from casenotes.ui.unlocked_data import UnlockedData
    from casenotes.ui.workspace import Workspace
    from casenotes.ui.workspace.note_editor import NoteEditor

log = logging.getLogger(__name__)

WorkspaceFactory = Callable[["Journal", TaskRunner], "Workspace"]
STATUS_MS = 6000
FLUSH_FAILED = (
    "Casenotes could not save your latest changes, so it stayed unlocked to keep "
    "them safe. Please look at the note you were writing, then try again."
)
IDLE_LOCKED = "Casenotes locked itself after {minutes} without activity."
DRAFT_SEALED = (
    "The note you were writing could not be saved, so Casenotes sealed it in memory "
    "before locking. It comes back when you unlock; don't quit until then."
)
DRAFT_BACK = "The note you were writing when Casenotes locked is back, and saved."
DRAFT_BACK_UNSAVED = (
    "The note you were writing when Casenotes locked is back on screen; it "
    "isn't saved yet, and Casenotes keeps trying."
)
DRAFT_LOST = "The note you were writing when Casenotes locked could not be brought back. {why}"
QUIT_WITH_DRAFT = (
    "The note you were writing could not be saved before Casenotes locked. It "
    "is kept in memory only until you unlock; if you quit now, it is lost.\n\n"
    "Stay, to unlock and keep it?"
)
ADOPTED = (
    "A copy of {name} is your vault on this computer now (the file you chose was "
    "left as it was). Unlock it with the passphrase it had."
)
NOT_A_BACKUP = "{name} is not a Casenotes backup, or it is damaged beyond reading."
RESTORED = (
    "Restored from the backup of {when}. Unlock with the passphrase that backup was taken with."
)
RESTORE_FAILED = "The backup was not restored. {why}"


_preloaded = threading.Event()
_preload_started = threading.Lock()


def _preload() -> None:
    """What the unlocked window needs, imported on a helper thread while the passphrase is
    typed: the journal (SQLAlchemy, the store), the privacy masks (the de-identification
    engine, phonenumbers) and the workspace's widgets. Imported on the GUI thread, these held
    its event loop for 0.3-0.5 s at a time under load. Importing only defines classes and
    functions; no widget is made off the GUI thread."""
    try:
        import casenotes.core.journal
        import casenotes.core.privacy
        import casenotes.ui.workspace  # noqa: F401
    finally:
        # The modules, classes and compiled patterns just made live as long as the process:
        # out of the collector's reach, a full collection during the unlock no longer walks
        # them (one took 154 ms, holding the GIL the window needs).
        gc.freeze()
        _preloaded.set()


def _start_preload() -> None:
    if _preload_started.acquire(blocking=False):  # once per process
        threading.Thread(target=_preload, name="casenotes-preload", daemon=True).start()


def _open_journal_now(
    path: Path, policy: KdfPolicy, *, preload: bool, check_prompts: bool = False
) -> Journal:
    """On the worker: import the journal (SQLAlchemy with it) and open the vault, locked.
    The helper that imports the rest is started here too: starting a thread waits for it to
    run, which under load held the GUI thread for 60 ms. With ``check_prompts`` the shipped
    prompt library is validated first (``PromptLibraryError``), before the vault is opened
    for writing (``app.run_gui``: not before the first paint, where the prompts and the
    domain models took about a tenth of a second)."""
    if preload:
        _start_preload()
    if check_prompts:
        from casenotes.core.prompts.library import load_default_library

        load_default_library()
    from casenotes.core.journal import Journal

    return Journal.open(path, policy)


def _read_unlocked(journal: Journal) -> UnlockedData:
    """On the worker, right after the unlock: what the real workspace reads first."""
    from casenotes.ui.unlocked_data import read_unlocked_data

    return read_unlocked_data(journal)


def _real_workspace(
    journal: Journal, tasks: TaskRunner, prefetched: UnlockedData | None = None
) -> Workspace:
    from casenotes.ui.workspace import Workspace

    return Workspace(
        journal, tasks, defer_background=True, freeze_after_load=True, prefetched=prefetched
    )


def _minutes(n: int) -> str:
    return "1 minute" if n == 1 else f"{n} minutes"


class ProblemPage(Step):
    """Shown when the vault cannot be opened at all (newer version, not a vault, in use …)."""

    retry = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = centred_column(self)
        col.addWidget(heading("Casenotes could not open your vault"))
        self.message = paragraph("")
        self.message.setAccessibleName("What happened")
        col.addWidget(self.message)
        self.path = paragraph("", small=True)
        col.addWidget(self.path)
        quit_button = button("Quit")
        quit_button.clicked.connect(self.quit_requested)
        self.retry_button = button("Try again", primary=True)
        self.retry_button.clicked.connect(self.retry)
        self.primary = self.retry_button
        col.addLayout(button_row(quit_button, right=(self.retry_button,)))

    def show_problem(self, text: str, path: Path) -> None:
        self.message.setText(text)
        self.path.setText(f"Vault: {path}")
        self.retry_button.setFocus()


class MainWindow(QMainWindow):
    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        vault_path: Path,
        *,
        policy: KdfPolicy | None = None,
        tasks: TaskRunner | None = None,
        workspace_factory: WorkspaceFactory | None = None,
        memory: WindowMemory | None = None,
        parent: QWidget | None = None,
        open_after_paint: bool = False,
        check_prompts: bool = False,
    ) -> None:
        """``policy``, ``tasks`` and ``workspace_factory`` are for tests; the app passes
        none of them (standard KDF bounds, a real thread pool, the real workspace).
        ``memory`` keeps the window's size and splitters between runs (the app passes one;
        without it, nothing is remembered). ``open_after_paint`` (the app passes it) paints
        the unlock page before the journal is opened; otherwise the journal is open when the
        window is made. ``check_prompts`` (the app passes it with ``open_after_paint``)
        validates the shipped prompt library before the journal opens: a damaged one says so
        (``app.refuse_damaged_prompts``) and ends the application with status 1."""
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        self._open_after_paint, self._check_prompts = open_after_paint, check_prompts
        self._opening = False  # the unlock page is painted and the journal is to open
        self.policy = policy or KdfPolicy.standard()
        self.tasks = tasks or TaskRunner(self)
        if self.tasks.parent() is None:
            self.tasks.setParent(self)
        self._workspace_factory = workspace_factory or _real_workspace
        self.journal: Journal | None = None
        self.workspace: Workspace | None = None
        self._settings: Settings | None = None  # read at unlock; see the property
        self._location: tuple[str | None, str | None] | None = None
        self._focus_place: str | None = None  # where the focus was when the window locked
        # The cursor and scroll in the open note at lock (positions only, in memory).
        self._editor_view: editor_view.EditorView | None = None
        self._privacy: bool | None = None
        self._flush_box: QMessageBox | None = None
        # An unsaved note sealed at lock (ciphertext only), restored after the next unlock.
        self._sealed_draft: SealedDraft | None = None
        self._quitting = False
        # Makes Qt's Python types while the unlock page waits (made with the first journal).
        self.type_warmer: TypeWarmer | None = None
        self._restoring = False
        # The open dialogs, for tests and for dropping them on lock (their windows are
        # deleted on close; these references must not keep what they showed).
        self.settings_dialog: SettingsDialog | None = None
        self.prompts_dialog: PromptsDialog | None = None
        self.summary_dialog: SummaryDialog | None = None
        self.record_export: RecordExport | None = None
        self.export_log_dialog: ExportLogDialog | None = None
        self.about_dialog: AboutDialog | None = None
        self.guide_dialog: GuideDialog | None = None
        self.backups_dialog: BackupsDialog | None = None
        self.passphrase_dialog: ChangePassphraseDialog | None = None
        self.rekey_dialog: RekeyDialog | None = None
        # Notes copies out of the summary dialogs (made with the first of them, so the
        # workspace package is not imported before the unlock page is painted).
        self.clipboard_guard: ClipboardGuard | None = None

        self.memory = memory
        self.setWindowTitle("Casenotes")
        self.resize(1120, 740)
        self.setMinimumSize(720, 520)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.first_run: FirstRunPage | None = None
        self.unlock_page: UnlockPage | None = None
        self.problem_page = ProblemPage()
        self.problem_page.retry.connect(self.start)
        self.problem_page.quit_requested.connect(self.close)
        self.stack.addWidget(self.problem_page)
        self.restoring_page: RestoringPage | None = None  # made for the first restore

        # Idle time counts only once unlocked, after the settings set its timeout.
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self._idle_lock)
        self.tasks.failed.connect(self._task_failed)
        self._privacy_label = QLabel("Privacy mode")
        self._privacy_label.setVisible(False)
        self.statusBar().addPermanentWidget(self._privacy_label)
        self.file_actions = FileActions(self)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._update_actions()
        if memory is not None:
            memory.restore_window(self)
        self.start()

    @property
    def settings(self) -> Settings:
        """The practitioner's settings, read at unlock; the defaults until then, made on first
        use (the domain models took 40 ms of every start before the unlock page)."""
        if self._settings is None:
            from casenotes.core.domain import Settings

            self._settings = Settings()
        return self._settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        self._settings = value

    # ---- actions, menus, toolbar ------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[..., object],
        shortcuts: list[QKeySequence] | None = None,
        *,
        tip: str = "",
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts(shortcuts)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _build_actions(self) -> None:
        key = QKeySequence
        in_workspace = self._in_workspace
        self.new_note_action = self._action(
            "New &note",
            in_workspace(lambda w: w.new_note()),
            [key("Ctrl+N")],
            tip="Start a note in this case",
        )
        self.new_case_action = self._action(
            "New &case…",
            in_workspace(lambda w: w.new_case()),
            [key("Ctrl+Shift+N")],
            tip="Open a new case",
        )
        self.trash_action = self._action(
            "&Trash…",
            in_workspace(lambda w: w.trash_dialog()),
            tip="Deleted cases and notes, to restore or remove",
        )
        self.backup_now_action = self._action(
            "&Back up now",
            self.back_up_now,
            tip="Write an encrypted copy of your vault into its backups folder",
        )
        self.backups_action = self._action(
            "Bac&kups…", self.open_backups, tip="Your vault's backups, and restoring one"
        )
        self.backup_to_action = self._action(
            "Back &up to…",
            self.file_actions.back_up_to,
            tip="Write an encrypted copy of your vault into a folder you choose, such as a "
            "USB stick",
        )
        self.restore_file_action = self._action(
            "Restore from a &file…",
            self.file_actions.restore_from_file,
            tip="Replace your vault with a backup file from anywhere, after saying what it holds",
        )
        self.import_action = self._action(
            "&Import cases from JSON…",
            self.file_actions.import_json,
            tip="Bring in cases from an interchange JSON file; nothing is written on any error",
        )
        self.export_json_action = self._action(
            "Export everything as &JSON…",
            self.file_actions.export_json,
            tip="Every case and note in a plain JSON file (NOT encrypted)",
        )
        self.rekey_action = self._action(
            "My passphrase or recovery key &may be known…",
            self.open_rekey,
            tip="Encrypt everything again under a new key, with a new recovery key",
        )
        self.settings_action = self._action(
            "S&ettings…", self.open_settings, [key("Ctrl+,")], tip="Auto-lock, theme, text size"
        )
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.passphrase_action = self._action(
            "Ch&ange passphrase…",
            self.open_change_passphrase,
            tip="Choose a new passphrase (your current one is asked for first)",
        )
        self.lock_action = self._action(
            "&Lock", self.lock_now, [key("Ctrl+L")], tip="Lock Casenotes now (Ctrl+L)"
        )
        self.quit_action = self._action(
            "&Quit", self.close, [key("Ctrl+Q")], tip="Save, lock and close Casenotes"
        )
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.find_action = self._action(
            "&Find…",
            in_workspace(lambda w: w.focus_search()),
            [key("Ctrl+F")],
            tip="Search every note",
        )
        self.privacy_action = self._action(
            "&Privacy mode",
            self.set_privacy_mode,
            [key("Ctrl+Shift+P")],
            checkable=True,
            tip="Hide names and other known details, for screen sharing (Ctrl+Shift+P)",
        )
        self.prompts_action = self._action(
            "&Reflection prompts…",
            self.open_prompts,
            tip="Change, order, hide, add or share your reflection prompts",
        )
        self.summary_action = self._action(
            "Consultation &summary…",
            self.open_summary,
            [key("Ctrl+Shift+E")],
            tip="A de-identified summary of this case to discuss with a peer, reviewed "
            "before it leaves",
        )
        self.record_action = self._action(
            "Export case &record…",
            lambda: self.open_record(printing=False),
            tip="This case's clinical record as PDF or Markdown, for a records request or a "
            "transfer of care",
        )
        self.print_action = self._action(
            "&Print…",
            lambda: self.open_record(printing=True),
            [key("Ctrl+P")],
            tip="Print this case's clinical record",
        )
        self.reflection_action = self._action(
            "&Reflection panel",
            self._reflection_action_toggled,
            [key("Ctrl+Shift+R")],
            checkable=True,
            tip="Show or hide the reflection prompts beside the open note (Ctrl+Shift+R)",
        )
        self.reflection_action.setEnabled(False)  # only while a note is open
        self.export_log_action = self._action(
            "E&xport log…",
            self.open_export_log,
            tip="What has left the vault: when, which case, and a hash of the file",
        )
        self.guide_action = self._action(
            "&User guide",
            self.open_guide,
            [QKeySequence(QKeySequence.StandardKey.HelpContents)],
            tip="How to use Casenotes, offline (F1)",
        )
        # Retention (issue 11): cases past their retention date.
        self.due_for_review_action = self._action(
            "&Due for review…",
            self.open_due_for_review,
            tip="Cases past their retention date, to review",
        )
        self.about_action = self._action("&About Casenotes", self.open_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        # Edit: passed on to whatever has the focus. Text fields handle these keys
        # themselves; the menu entries are there to be found and clicked.
        self.edit_actions: list[QAction] = []
        for text, method, seq in (
            ("&Undo", "undo", key.StandardKey.Undo),
            ("&Redo", "redo", key.StandardKey.Redo),
            ("Cu&t", "cut", key.StandardKey.Cut),
            ("&Copy", "copy", key.StandardKey.Copy),
            ("&Paste", "paste", key.StandardKey.Paste),
            ("Select &all", "selectAll", key.StandardKey.SelectAll),
        ):
            action = QAction(text, self)
            action.setShortcuts(key.keyBindings(seq))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # shown, not bound
            action.triggered.connect(lambda _=False, m=method: self._to_focus(m))
            self.edit_actions.append(action)
        self.workspace_actions = [
            self.new_note_action,
            self.new_case_action,
            self.trash_action,
            self.backup_now_action,
            self.backups_action,
            self.backup_to_action,
            self.restore_file_action,
            self.import_action,
            self.export_json_action,
            self.rekey_action,
            self.settings_action,
            self.passphrase_action,
            self.lock_action,
            self.find_action,
            self.privacy_action,
            self.prompts_action,
            self.summary_action,
            self.record_action,
            self.print_action,
            self.export_log_action,
            self.due_for_review_action,
        ]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_note_action, self.new_case_action])
        file_menu.addSeparator()
        file_menu.addAction(self.trash_action)
        file_menu.addSeparator()
        file_menu.addActions(
            [self.summary_action, self.record_action, self.print_action, self.export_log_action]
        )
        file_menu.addSeparator()
        file_menu.addActions(
            [
                self.backup_now_action,
                self.backup_to_action,
                self.backups_action,
                self.restore_file_action,
            ]
        )
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.export_json_action])
        file_menu.addSeparator()
        file_menu.addActions([self.passphrase_action, self.rekey_action, self.settings_action])
        file_menu.addSeparator()
        file_menu.addActions([self.lock_action, self.quit_action])
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions(self.edit_actions[:2])
        edit_menu.addSeparator()
        edit_menu.addActions(self.edit_actions[2:])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.prompts_action)
        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.privacy_action)
        view_menu.addAction(self.reflection_action)
        view_menu.addAction(self.due_for_review_action)
        self.view_menu = view_menu
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.guide_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar("Toolbar")
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(self.privacy_action)
        self.toolbar.addAction(self.lock_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.view_menu.addSeparator()
        toggle = self.toolbar.toggleViewAction()
        toggle.setText("Show &toolbar")
        self.view_menu.addAction(toggle)

    def _update_actions(self) -> None:
        unlocked = self.workspace is not None
        for action in self.workspace_actions:
            action.setEnabled(unlocked)
        self.toolbar.setVisible(unlocked)
        self._sync_reflection_action()

    # ---- the reflection panel, from anywhere in the window ----

    def _note_editor(self) -> NoteEditor | None:
        """The workspace's note editor, while a vault is unlocked."""
        return self.workspace.editor if self.workspace is not None else None

    def _reflection_action_toggled(self, shown: bool) -> None:
        editor = self._note_editor()
        if editor is None or not editor.is_open():
            self._sync_reflection_action()
            return
        if editor.reflection_shown() != shown:
            editor.set_reflection_shown(shown)  # the editor's button follows, then tells us

    def _sync_reflection_action(self, *_args: object) -> None:
        """The action says what the editor's Reflection button says, and is there to use
        only while a note is open."""
        editor = self._note_editor()
        is_open = editor is not None and editor.is_open()
        shown = editor is not None and editor.reflection_shown()
        self.reflection_action.setEnabled(is_open)
        if self.reflection_action.isChecked() != shown:
            blocked = self.reflection_action.blockSignals(True)
            self.reflection_action.setChecked(shown)
            self.reflection_action.blockSignals(blocked)

    def _in_workspace(self, act: Callable[[Workspace], None]) -> Callable[[], None]:
        """A slot that does ``act`` on the workspace, and nothing while the vault is locked."""

        def slot() -> None:
            if self.workspace is not None:
                act(self.workspace)

        return slot

    @staticmethod
    def _to_focus(method: str) -> None:
        widget = QApplication.focusWidget()
        fn = getattr(widget, method, None) if widget is not None else None
        if callable(fn):
            fn()

    def status(self, text: str, ms: int = STATUS_MS) -> None:
        self.statusBar().showMessage(text, ms)

    # ---- start: first run, unlock, or a problem -----------------------------------------

    def start(self) -> None:
        if self.journal is not None or self._opening:
            return
        if not self.vault_path.exists() and not self.vault_path.is_symlink():
            self._show_first_run()
            return
        if not self._open_after_paint:
            self._open_journal()
            return
        # The unlock page is painted before the journal (and SQLAlchemy with it) is imported:
        # the vault is inspected the lean way first, so a file that cannot be opened still
        # shows the problem page at once, and the journal opens on the next turn of the
        # event loop after the first paint, while the passphrase is being typed.
        from casenotes.core.store.vault_file import inspect_vault

        try:
            inspect_vault(self.vault_path).header.validate(self.policy)
        except (VaultError, OSError) as exc:
            self._show_problem(exc)
            return
        self._opening = True
        self.unlock_page = UnlockPage(None, self.tasks, vault_path=self.vault_path)
        self.unlock_page.unlocked.connect(self._enter_workspace)
        self._read_after_unlock(self.unlock_page)
        # Out of the paint event first; then the journal opens on the worker.
        self.unlock_page.first_painted.connect(
            lambda: QTimer.singleShot(0, self._open_journal_in_background)
        )
        self.stack.addWidget(self.unlock_page)
        self.unlock_page.prepare()
        self.stack.setCurrentWidget(self.unlock_page)

    def _open_journal_in_background(self) -> None:
        """Import and open the journal on the worker: imported here, SQLAlchemy and the store
        held the event loop while the passphrase was being typed."""
        path, policy, check = self.vault_path, self.policy, self._check_prompts
        preload = self._workspace_factory is _real_workspace
        self.tasks.run_task(
            lambda: _open_journal_now(path, policy, preload=preload, check_prompts=check),
            self._journal_opened,
            self._open_failed,
        )

    def _open_journal(self) -> None:
        from casenotes.core.journal import Journal

        try:
            journal = Journal.open(self.vault_path, self.policy)
        except (VaultError, OSError) as exc:
            self._opening = False
            self._show_problem(exc)
            return
        self._journal_opened(journal)

    def _open_failed(self, exc: BaseException) -> None:
        self._opening = False
        if self._check_prompts:
            from casenotes.core.prompts.library import PromptLibraryError

            if isinstance(exc, PromptLibraryError):
                from casenotes.ui.app import refuse_damaged_prompts

                refuse_damaged_prompts(exc)
                QApplication.exit(1)
                return
        if not isinstance(exc, (VaultError, OSError)):
            log_failure(exc)
        self._show_problem(exc)

    def _journal_opened(self, journal: Journal) -> None:
        self._opening = False
        pending = self.unlock_page
        self._use_journal(journal)
        if pending is not None and pending is self.unlock_page:
            return  # the page painted early now has its journal
        assert self.unlock_page is not None
        self.unlock_page.prepare()
        self.stack.setCurrentWidget(self.unlock_page)

    def _show_problem(self, exc: BaseException) -> None:
        if self.unlock_page is not None and self.journal is None:
            self.stack.removeWidget(self.unlock_page)
            self.unlock_page.deleteLater()
            self.unlock_page = None
        self.problem_page.show_problem(describe(exc), self.vault_path)
        self.stack.setCurrentWidget(self.problem_page)

    def _show_first_run(self) -> None:
        if self.first_run is None:
            from casenotes.ui.first_run import FirstRunPage

            self.first_run = FirstRunPage(self.vault_path, self.tasks, self.policy)
            self.first_run.created.connect(self._created)
            self.first_run.quit_requested.connect(self.close)
            self.first_run.open_existing_requested.connect(self.file_actions.open_existing_vault)
            self.stack.addWidget(self.first_run)
        self.stack.setCurrentWidget(self.first_run)

    def _use_journal(self, journal: Journal) -> None:
        self.journal = journal
        if self.unlock_page is not None and self.unlock_page.journal is None:
            self.unlock_page.set_journal(journal)  # painted before the journal was opened
        else:
            self.unlock_page = UnlockPage(journal, self.tasks)
            self.unlock_page.unlocked.connect(self._enter_workspace)
            self._read_after_unlock(self.unlock_page)
            self.stack.addWidget(self.unlock_page)
        if self._workspace_factory is _real_workspace:
            # The workspace's imports, on a helper thread while the passphrase is typed (not
            # on top of building the workspace after the unlock, nor before the first paint).
            _start_preload()
            # And Qt's Python types, a few per turn while the page waits (see qt_types).
            if self.type_warmer is None:
                from casenotes.ui.qt_types import TypeWarmer

                self.type_warmer = TypeWarmer(self)
            self.type_warmer.start()

    def _read_after_unlock(self, page: UnlockPage) -> None:
        """The real workspace's first reads (settings, prompts, cases) go on the worker with
        the unlock, so building it does not decrypt on the GUI thread."""
        if self._workspace_factory is _real_workspace:
            page.after_unlock = _read_unlocked

    def vault_adopted(self, source: Path) -> None:
        """A copy of an existing vault is in place: on to its unlock page."""
        if self.first_run is not None:
            self.stack.removeWidget(self.first_run)
            self.first_run.deleteLater()
            self.first_run = None
        self.start()
        if self.unlock_page is not None and self.stack.currentWidget() is self.unlock_page:
            self.unlock_page.prepare(ADOPTED.format(name=source.name))

    def _created(self, journal: Journal) -> None:
        self._use_journal(journal)
        if self.first_run is not None:
            self.stack.removeWidget(self.first_run)
            self.first_run.deleteLater()
            self.first_run = None
        self._enter_workspace()
        self.status("Your vault is ready. Welcome to Casenotes.")

    # ---- unlocked ---------------------------------------------------------------------

    def _enter_workspace(self) -> None:
        journal = self.journal
        if journal is None or not journal.is_unlocked or self.workspace is not None:
            return
        from casenotes.ui import unlocked_data

        prefetched = self.unlock_page.take_prefetched() if self.unlock_page is not None else None
        data = prefetched if isinstance(prefetched, unlocked_data.UnlockedData) else None
        try:
            read = data.settings if data is not None else journal.settings()
            if isinstance(read, Exception):
                raise read
            self.settings = read
        except Exception as exc:  # a damaged settings record must not keep anyone out
            log_failure(exc)
            from casenotes.core.domain import Settings

            self.settings = Settings()
            self.status("Your settings could not be read, so the defaults are in use.")
        self._apply_settings(self.settings)
        if self._privacy is None:
            self._privacy = self.settings.privacy_mode_at_start
        if self._location is None:
            self._location = (self.settings.last_case_id, self.settings.last_note_id)
        if self._workspace_factory is _real_workspace and self._open_after_paint:
            self._build_workspace_in_steps(journal, data)
            return
        try:
            if self._workspace_factory is _real_workspace:
                workspace = _real_workspace(journal, self.tasks, data)
            else:
                workspace = self._workspace_factory(journal, self.tasks)
        except Exception as exc:
            self._workspace_failed(journal, exc)
            return
        self._show_workspace(journal, workspace)

    def _build_workspace_in_steps(self, journal: Journal, data: UnlockedData | None) -> None:
        """The app's way: the workspace built a part per turn of the event loop, shown, and
        its place (the last case and note) restored on the turn after."""
        from casenotes.ui.workspace.workspace import build_in_steps

        steps = build_in_steps(journal, self.tasks, data)

        def stale() -> bool:
            locked = self.journal is not journal or not journal.is_unlocked
            return locked or self.workspace is not None

        def step() -> None:
            if stale():
                steps.close()  # locked or closed meanwhile: the parts are dropped
                return
            try:
                workspace = next(steps)
            except Exception as exc:
                self._workspace_failed(journal, exc)
                return
            if workspace is None:
                QTimer.singleShot(0, step)
                return
            # Shown on the turn after it is made: making it and showing it (the window laid
            # out with it) were the longest turn of the unlock together.
            QTimer.singleShot(0, lambda: show(workspace))

        def show(workspace: Workspace) -> None:
            if stale():
                workspace.deleteLater()  # locked meanwhile: never shown
                return
            self._show_workspace(journal, workspace, settle_later=True)

        step()

    def _workspace_failed(self, journal: Journal, exc: BaseException) -> None:
        log_failure(exc)
        journal.lock()
        assert self.unlock_page is not None
        self.unlock_page.prepare(
            f"Your notes could not be shown. {describe(exc)} The vault was locked again."
        )
        self.stack.setCurrentWidget(self.unlock_page)

    def _show_workspace(
        self, journal: Journal, workspace: Workspace, *, settle_later: bool = False
    ) -> None:
        self.workspace = workspace
        if self.memory is not None:
            self.memory.restore_splitters(workspace)
        workspace.status_message.connect(self.status)
        self.stack.addWidget(workspace)
        self.stack.setCurrentWidget(workspace)
        self.privacy_action.setChecked(bool(self._privacy))
        workspace.set_privacy_mode(bool(self._privacy))
        workspace.editor.open_changed.connect(self._sync_reflection_action)
        workspace.editor.reflection_toggled.connect(self._sync_reflection_action)
        # The toolbar and the actions now, so the window is laid out and painted once with
        # them rather than again on the turn after.
        self._update_actions()
        if settle_later:
            QTimer.singleShot(0, lambda: self._settle_workspace(journal, workspace))
            return
        self._settle_workspace(journal, workspace)

    def _settle_workspace(self, journal: Journal, workspace: Workspace) -> None:
        """Back to where the practitioner was (case, note, focus, an unsaved note sealed at
        lock), then the actions, the idle lock and the day's backup."""
        if self.workspace is not workspace:
            return  # locked meanwhile
        if self._location is not None:
            with contextlib.suppress(Exception):
                workspace.restore_location(*self._location)
        self._restore_sealed_draft(journal, workspace)
        self._update_actions()
        self._restore_focus()
        view, self._editor_view = self._editor_view, None
        with contextlib.suppress(Exception):
            from casenotes.ui import editor_view

            editor_view.restore(self._note_editor(), view)
        self.idle.start()
        self.unlocked.emit()
        self._take_daily_backup(journal)

    def _restore_focus(self) -> None:
        """After an unlock the focus goes back where it was (the open note or the case
        list), so shortcuts and typing work at once; again once the event loop has run, in
        case the unlock page's field took it on its way out."""
        workspace = self.workspace
        if workspace is None:
            return
        place = self._focus_place

        def put_back() -> None:
            if self.workspace is workspace and shiboken6.isValid(workspace):
                focus = QApplication.focusWidget()
                if focus is None or not workspace.isAncestorOf(focus):
                    workspace.restore_focus(place)

        workspace.restore_focus(place)
        QTimer.singleShot(0, put_back)

    def _take_daily_backup(self, journal: Journal) -> None:
        """The day's backup, on a worker once the notes are on screen (a 100,000-note vault
        takes a second or two to copy)."""

        def done(taken: bool) -> None:
            if journal.backup_problem:
                self.status(f"Today's backup could not be written. {journal.backup_problem}")
            elif taken:
                self.status("Today's backup is done.")

        self.tasks.run_task(journal.take_daily_backup, done, log_failure)

    def _apply_settings(self, settings: Settings) -> None:
        apply_theme(settings.theme)
        apply_font_size(settings.font_size)
        self.idle.set_timeout_minutes(settings.auto_lock_minutes)

    def set_privacy_mode(self, on: bool) -> None:
        self._privacy = on
        self._privacy_label.setVisible(on)
        if self.privacy_action.isChecked() != on:
            self.privacy_action.setChecked(on)
            return
        if self.workspace is not None:
            self.workspace.set_privacy_mode(on)
            self.status(
                "Privacy mode: names and known details are hidden."
                if on
                else "Privacy mode is off."
            )
        dialog = self.summary_dialog
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.set_privacy_mode(on)
        log = self.export_log_dialog  # its recipient and purpose lines are typed freely
        if log is not None and shiboken6.isValid(log):
            log.set_privacy_mode(on)

    # ---- locking ----------------------------------------------------------------------

    @property
    def is_unlocked(self) -> bool:
        return self.journal is not None and self.journal.is_unlocked

    def lock_now(self) -> bool:
        return self.lock()

    def _idle_lock(self) -> None:
        if self.rekey_dialog is not None and self.rekey_dialog.isVisible():
            # Re-keying, or its new recovery key on screen: never locked away unseen.
            self.idle.start()
            return
        minutes = self.settings.auto_lock_minutes
        if not self.lock(IDLE_LOCKED.format(minutes=_minutes(minutes))):
            self.idle.start()  # try again after another stretch without activity

    def lock(self, message: str = "", *, seal_unsaved: bool = True) -> bool:
        """Lock now. An open edit that cannot be saved is sealed in memory and the window
        locks anyway; False (still unlocked) only if it could not even be sealed, or when
        ``seal_unsaved`` is False (a restore must not carry a draft across)."""
        journal = self.journal
        if journal is None or not journal.is_unlocked:
            return True
        workspace = self.workspace
        if workspace is not None:
            if not self._flush(workspace):
                if not seal_unsaved or not self._seal_unsaved(workspace, journal):
                    self._tell_flush_failed()
                    return False
                message = f"{message} {DRAFT_SEALED}".strip()
            with contextlib.suppress(Exception):
                self._location = workspace.location()
            with contextlib.suppress(Exception):
                self._focus_place = workspace.focus_place()
            with contextlib.suppress(Exception):
                from casenotes.ui import editor_view

                self._editor_view = editor_view.capture(self._note_editor())
        self._clear_our_clipboard(workspace)
        self._close_dialogs()
        self.tasks.wait_idle()
        self._drop_dialogs()
        self._remember_location(journal)
        if workspace is not None:
            if self.memory is not None:
                self.memory.save_splitters(workspace)
            self.stack.removeWidget(workspace)
            workspace.hide()
            workspace.deleteLater()
            self.workspace = None
            _release_frozen()
        # A sealed draft waits under this data key: the vault stays claimed until it is back.
        journal.lock(keep_instance=self._sealed_draft is not None)
        self.idle.stop()
        self._update_actions()
        if self.unlock_page is not None and not self._quitting:
            self.unlock_page.prepare(message)
            self.stack.setCurrentWidget(self.unlock_page)
            self.status("Locked.")
        self.locked.emit()
        return True

    def flush_open_edit(self) -> bool:
        """Save the open edit before an action that reads the vault; False (and said so)
        when it could not be saved."""
        if self.workspace is not None and not self._flush(self.workspace):
            self._tell_flush_failed()
            return False
        return True

    @staticmethod
    def _flush(workspace: Workspace) -> bool:
        try:
            return bool(workspace.flush())
        except Exception as exc:
            log_failure(exc)
            return False

    def _seal_unsaved(self, workspace: Workspace, journal: Journal) -> bool:
        try:
            note = workspace.unsaved_note()
            if note is None:
                return False
            self._sealed_draft = journal.seal_draft(note)
        except Exception as exc:
            log_failure(exc)
            return False
        log.warning("the open note could not be saved at lock; it was sealed in memory")
        return True

    def _restore_sealed_draft(self, journal: Journal, workspace: Workspace) -> None:
        draft, self._sealed_draft = self._sealed_draft, None
        if draft is None:
            return
        try:
            note = journal.open_draft(draft)
            saved = bool(workspace.restore_draft(note))
        except Exception as exc:
            log_failure(exc)
            tell(self, DRAFT_LOST.format(why=describe(exc)), warning=True)
            return
        self.status(DRAFT_BACK if saved else DRAFT_BACK_UNSAVED)

    def _tell_flush_failed(self) -> None:
        if self._flush_box is not None and self._flush_box.isVisible():
            return
        self._flush_box = tell(self, FLUSH_FAILED, title="Not locked yet", warning=True)

    def _remember_location(self, journal: Journal) -> None:
        """Keep where the practitioner was (in the encrypted settings) for the next start."""
        if self._location is None:
            return
        case_id, note_id = self._location
        if (case_id, note_id) == (self.settings.last_case_id, self.settings.last_note_id):
            return
        updated = replace(self.settings, last_case_id=case_id, last_note_id=note_id)
        try:
            journal.save_settings(updated)
        except Exception as exc:  # nice to have: never a reason not to lock
            log_failure(exc)
            return
        self.settings = updated

    def _clear_our_clipboard(self, workspace: Workspace | None) -> None:
        """Clear the clipboard if it holds text copied from a note or a summary."""
        owners: list[Workspace | ClipboardGuard | None] = [workspace, self.clipboard_guard]
        for owner in owners:
            if owner is None:
                continue
            with contextlib.suppress(Exception):
                if owner.owns_clipboard():
                    from casenotes.ui.clipboard import clear_clipboard

                    clear_clipboard()
                    break
        if self.clipboard_guard is not None:
            self.clipboard_guard.forget()

    def _drop_dialogs(self) -> None:
        """Let go of the closed dialogs' Python objects, and with them anything they held."""
        dialog = self.passphrase_dialog
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.close_now()  # it refused to close while its change was being written
        self.passphrase_dialog = None
        self.settings_dialog = None
        self.prompts_dialog = None
        self.summary_dialog = None
        self.record_export = None
        self.export_log_dialog = None
        self.about_dialog = None
        self.backups_dialog = None
        self.rekey_dialog = None

    def _close_dialogs(self) -> None:
        """Close dialogs that may show client data before the workspace goes."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and widget is not self._flush_box:
                widget.reject()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.WindowStateChange
            and self.isMinimized()
            and self.is_unlocked
            and self.settings.lock_on_minimise
        ):
            QTimer.singleShot(0, lambda: self.lock("Casenotes locked when it was minimised."))

    # ---- dialogs ----------------------------------------------------------------------

    def open_settings(self) -> None:
        journal = self.journal
        if journal is None or not journal.is_unlocked:
            return
        # Imported here: it pulls in phonenumbers and the de-identification engine (~0.2 s),
        # which the unlock page does not need.
        from casenotes.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save_settings(dialog.settings()))
        self.settings_dialog = dialog
        dialog.open()

    def _save_settings(self, settings: Settings) -> None:
        journal = self.journal
        if journal is None or not journal.is_unlocked:
            return

        def saved(_: object) -> None:
            self.settings = settings
            self._apply_settings(settings)
            self.status("Settings saved.")

        def failed(exc: BaseException) -> None:
            tell(self, f"Your settings could not be saved. {describe(exc)}", warning=True)

        self.tasks.run_task(lambda: journal.save_settings(settings), saved, failed)

    def open_change_passphrase(self) -> None:
        journal = self.journal
        if journal is None or not journal.is_unlocked:
            return
        from casenotes.ui.passphrase_dialog import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(journal, self.tasks, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.status("Passphrase changed. Your recovery key stays the same.")
        )
        self.passphrase_dialog = dialog
        dialog.open()

    def open_prompts(self) -> None:
        journal = self.journal
        if journal is None or not journal.is_unlocked:
            return
        from casenotes.ui.prompts_dialog import PromptsDialog

        try:
            dialog = PromptsDialog(journal, self)
        except Exception as exc:
            log_failure(exc)
            tell(
                self, f"Your reflection prompts could not be opened. {describe(exc)}", warning=True
            )
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._prompts_saved)
        self.prompts_dialog = dialog
        dialog.open()

    def _prompts_saved(self) -> None:
        workspace = self.workspace
        if workspace is not None:
            try:
                workspace.reload_prompts()
            except Exception as exc:  # saved already; a stale view is no reason to fail
                log_failure(exc)
        self.status("Reflection prompts saved.")

    def open_summary(self) -> None:
        journal, workspace = self.journal, self.workspace
        if journal is None or not journal.is_unlocked or workspace is None:
            return
        case = workspace.current_case()
        if case is None:
            self.status("Choose a case first: a summary is of one case.")
            return
        if not self._flush(workspace):  # the summary must see what was just typed
            self._tell_flush_failed()
            return
        from casenotes.ui.shared.common import ClipboardGuard
        from casenotes.ui.summary import open_summary

        if self.clipboard_guard is None:
            self.clipboard_guard = ClipboardGuard()
        try:
            dialog = open_summary(
                self,
                journal,
                self.tasks,
                case.id,
                guard=self.clipboard_guard,
                privacy=bool(self._privacy),
            )
        except Exception as exc:
            log_failure(exc)
            tell(self, f"The summary could not be opened. {describe(exc)}", warning=True)
            return
        self.summary_dialog = dialog
        dialog.case_changed.connect(self._case_changed)

    def open_record(self, *, printing: bool) -> None:
        """File → Export case record… or Print…: the current case's record (ui/record_export)."""
        journal, workspace = self.journal, self.workspace
        if journal is None or not journal.is_unlocked or workspace is None:
            return
        case = workspace.current_case()
        if case is None:
            self.status("Choose a case first: a record is of one case.")
            return
        if not self._flush(workspace):  # the record must hold what was just typed
            self._tell_flush_failed()
            return
        from casenotes.ui.record_export import RecordExport

        self.record_export = RecordExport(self, journal, case, printing=printing, tasks=self.tasks)
        self.record_export.done.connect(self.status)
        self.record_export.start()

    def _case_changed(self, case_id: str) -> None:
        """A summary's review taught the case an identifier: the workspace shows the case
        as it is now, so privacy mode masks the new identifier at once."""
        journal, workspace = self.journal, self.workspace
        if journal is None or not journal.is_unlocked or workspace is None:
            return  # locked meanwhile: the case is read afresh at the next unlock
        try:
            workspace.refresh_case(case_id)
        except Exception as exc:  # saved already; a stale view is no reason to fail
            log_failure(exc)

    def open_export_log(self) -> None:
        journal = self.journal
        if journal is None or not journal.is_unlocked:
            return
        from casenotes.ui.summary import open_export_log

        try:
            self.export_log_dialog = open_export_log(self, journal, privacy=bool(self._privacy))
        except Exception as exc:
            log_failure(exc)
            tell(self, f"The export log could not be opened. {describe(exc)}", warning=True)

    def open_guide(self) -> None:
        from casenotes.ui.guide_dialog import GuideDialog

        dialog = GuideDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.guide_dialog = dialog
        dialog.open()

    def open_due_for_review(self) -> None:
        journal = self.journal
        if journal is None or not journal.is_unlocked:
            return
        from casenotes.ui.due_for_review_dialog import DueForReviewDialog

        try:
            dialog = DueForReviewDialog(journal, self)
        except Exception as exc:
            log_failure(exc)
            tell(self, f"The list could not be made. {describe(exc)}", warning=True)
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.due_for_review_dialog = dialog
        dialog.open()

    def open_about(self) -> None:
        version = self.journal.header.format_version if self.journal is not None else None
        from casenotes.ui.about_dialog import AboutDialog

        dialog = AboutDialog(self.vault_path, version, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_dialog = dialog
        dialog.open()

    # ---- backups and restore ----------------------------------------------------------

    def back_up_now(self) -> None:
        journal = self.journal
        if journal is None or not journal.is_unlocked:
            return
        self.status("Backing up your vault…", 0)

        def done(path: Path) -> None:
            self.status(f"Backup written to {path}")

        def failed(exc: BaseException) -> None:
            self.status("")
            tell(self, f"The backup could not be written. {describe(exc)}", warning=True)

        self.tasks.run_task(journal.backup_now, done, failed)

    def open_rekey(self) -> None:
        journal = self.journal
        if journal is None or not journal.is_unlocked:
            return
        from casenotes.ui.rekey_dialog import RekeyDialog

        dialog = RekeyDialog(journal, self.tasks, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.rekeyed.connect(
            lambda: self.status(
                "Your notes are encrypted with a new key; the old recovery key no longer opens "
                "the vault."
            )
        )
        dialog.finished.connect(lambda _: setattr(self, "rekey_dialog", None))
        self.rekey_dialog = dialog
        dialog.open()

    def open_backups(self) -> None:
        journal = self.journal
        if journal is None or not journal.is_unlocked:
            return
        try:
            from casenotes.core.backup import backups_folder, list_backups

            backups = list_backups(self.vault_path)
        except OSError as exc:
            tell(self, f"Your backups could not be listed. {describe(exc)}", warning=True)
            return
        from casenotes.ui.backup_dialogs import BackupsDialog

        dialog = BackupsDialog(backups, backups_folder(self.vault_path), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restore_requested.connect(self.restore)
        self.backups_dialog = dialog
        dialog.open()

    def restore(self, info: BackupInfo, use_recovery_key: bool = False) -> None:
        """Ask for the backup's passphrase (or the recovery key), confirm, lock exactly as
        the Lock action does, then restore on a worker. The vault is unchanged on failure."""
        journal = self.journal
        if journal is None or not journal.is_unlocked or self._restoring:
            return
        from casenotes.ui.backup_dialogs import restore_question, when

        try:  # before any secret is asked for: a file that is no backup is told at once
            from casenotes.core.backup import RecordCounts, count_records

            backup_counts = count_records(info.path)
            vault_counts = RecordCounts(journal.case_count(), journal.note_count())
        except (sqlite3.Error, OSError, VaultError):
            tell(
                self,
                RESTORE_FAILED.format(why=NOT_A_BACKUP.format(name=info.path.name)),
                warning=True,
            )
            return
        if use_recovery_key:
            # Hidden like a passphrase: the key opens the vault as surely as the passphrase.
            secret, ok = QInputDialog.getText(
                self, "Restore a backup", "Your recovery key:", QLineEdit.EchoMode.Password
            )
        else:
            secret, ok = QInputDialog.getText(
                self,
                "Restore a backup",
                f"The passphrase of the backup from {when(info)}\n(the one your vault had "
                "when it was taken):",
                QLineEdit.EchoMode.Password,
            )
        if not ok or not secret.strip():
            return
        answer = QMessageBox.question(
            self,
            "Restore this backup?",
            restore_question(info, backup_counts, vault_counts),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if not self.lock(seal_unsaved=False):
            return  # the open edit could not be saved: the window stays as it was
        from casenotes.core.backup import restore_backup

        keep = max(1, self.settings.backups_keep)
        path, policy = self.vault_path, self.policy
        if use_recovery_key:

            def work() -> object:
                return restore_backup(
                    path, info.path, recovery_key=secret, policy=policy, keep=keep
                )
        else:

            def work() -> object:
                return restore_backup(path, info.path, passphrase=secret, policy=policy, keep=keep)

        self._restoring = True
        if self.restoring_page is None:
            from casenotes.ui.backup_dialogs import RestoringPage

            self.restoring_page = RestoringPage()
            self.stack.addWidget(self.restoring_page)
        self.restoring_page.start(info)
        self.stack.setCurrentWidget(self.restoring_page)
        self.tasks.run_task(work, lambda _: self._restored(info), self._restore_failed)

    def _restored(self, info: BackupInfo) -> None:
        from casenotes.ui.backup_dialogs import when

        self._restoring = False
        if self.restoring_page is not None:
            self.restoring_page.stop()
        old_page, self.unlock_page = self.unlock_page, None
        self.journal = None
        if old_page is not None:
            self.stack.removeWidget(old_page)
            old_page.deleteLater()
        self._location = None  # the place kept in the restored vault's settings counts now
        self._focus_place = None
        from casenotes.core.journal import Journal

        try:
            journal = Journal.open(self.vault_path, self.policy)
        except (VaultError, OSError) as exc:
            self.problem_page.show_problem(describe(exc), self.vault_path)
            self.stack.setCurrentWidget(self.problem_page)
            return
        self._use_journal(journal)
        assert self.unlock_page is not None
        self.unlock_page.prepare(RESTORED.format(when=when(info)))
        self.stack.setCurrentWidget(self.unlock_page)
        self.status("Restored. Your vault as it was is kept as a backup.")

    def _restore_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, VaultError):  # a refusal (wrong passphrase …) is no fault
            log_failure(exc)
        self._restoring = False
        if self.restoring_page is not None:
            self.restoring_page.stop()
        if self.unlock_page is None:
            self.start()
            return
        from casenotes.ui.backup_dialogs import restore_problem

        self.unlock_page.prepare(RESTORE_FAILED.format(why=restore_problem(exc)))
        self.stack.setCurrentWidget(self.unlock_page)

    def _task_failed(self, exc: BaseException) -> None:
        tell(self, describe(exc), warning=True)

    # ---- closing ----------------------------------------------------------------------

    def _busy(self) -> bool:
        pages = (self.first_run, self.unlock_page)
        return self._restoring or any(page is not None and page.busy for page in pages)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy():
            event.ignore()
            self.status("One moment — Casenotes is finishing what it started.")
            return
        if self._sealed_draft is not None and not self.is_unlocked:
            answer = QMessageBox.question(
                self,
                "Quit without the unsaved note?",
                QUIT_WITH_DRAFT,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            if answer != QMessageBox.StandardButton.No:
                event.ignore()
                return
            self._sealed_draft = None
            if self.journal is not None:
                self.journal.release_instance()
        if self.workspace is not None and not self._flush(self.workspace):
            answer = QMessageBox.question(
                self,
                "Quit without your latest changes?",
                "Casenotes could not save your latest changes. If you quit now, they will be "
                "lost.\n\nStay to look at the note and try again?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            if answer != QMessageBox.StandardButton.No:
                event.ignore()
                return
            self._quitting = True
            self._drop_workspace()
        self._quitting = True
        if self.memory is not None:
            self.memory.save_window(self)
        self.lock()
        self.tasks.wait_idle()
        if self.journal is not None:
            self.journal.lock()
        event.accept()

    def _drop_workspace(self) -> None:
        workspace, self.workspace = self.workspace, None
        if workspace is not None:
            self._clear_our_clipboard(workspace)
            self.stack.removeWidget(workspace)
            workspace.deleteLater()
            _release_frozen()


def _release_frozen() -> None:
    """The workspace ``gc.freeze()``s what the unlock built once search is ready; a dropped
    workspace must not stay frozen, or its reference cycles would never be collected. The
    next search-ready freezes what is alive again."""
    gc.unfreeze()
