"""The actions on whole files: back up to a chosen folder (a USB stick), restore from a backup
file chosen anywhere, import or export the interchange JSON (the File menu), and, at first
run, open an existing vault instead of creating one.

The window owns the actions and the locking; this module asks where (Casenotes' own file
dialogs, which leave no history behind), runs the work on the task runner and says what
happened. Restoring goes through ``MainWindow.restore``, the same path as the Backups dialog,
so its confirmation, locking and "unchanged on failure" hold for a file from anywhere."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from casenotes.core.vault.errors import VaultError
from casenotes.ui.errors import describe
from casenotes.ui.tasks import log_failure
from casenotes.ui.widgets import tell

if TYPE_CHECKING:
    from casenotes.core.domain import CaseBundle
    from casenotes.ui.main_window import MainWindow

VAULT_FILTER = "Casenotes vaults and backups (*.vault);;All files (*)"
JSON_FILTER = "Interchange JSON (*.json);;All files (*)"
EXPORT_WARNING = (
    "The exported file holds every case and note as plain, readable text: it is NOT "
    "encrypted. Anyone who can open the file can read it.\n\n"
    "Keep it as safe as the notes themselves, and delete it when you no longer need it.\n\n"
    "Export anyway?"
)
EXPORTED = (
    "Wrote {path}. It is NOT encrypted: keep it safe, and delete it when you no longer need it."
)
EXPORT_DAMAGED = (
    "{count} damaged record(s) could not be read and are missing from {path}. "
    "'casenotes verify' lists them."
)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def import_problem(exc: BaseException) -> str:
    """Why an import failed. An interchange error names a place in the file and the problem,
    never its content, so it is shown as it is."""
    from casenotes.core.interchange import InterchangeError  # parsing is loaded when used

    if isinstance(exc, InterchangeError):
        return f"{exc} Nothing was imported."
    return f"{describe(exc)} Nothing was imported."


# The file dialogs (QFileDialog's Python type and its enums) are imported when one is first
# opened, not with the window before its first paint.
def get_existing_directory(parent: QWidget | None, caption: str, directory: str) -> str:
    from casenotes.ui import file_dialogs

    return file_dialogs.get_existing_directory(parent, caption, directory)


def get_open_file_name(
    parent: QWidget | None, caption: str, directory: str, filter: str
) -> tuple[str, str]:
    from casenotes.ui import file_dialogs

    return file_dialogs.get_open_file_name(parent, caption, directory, filter)


def get_save_file_name(
    parent: QWidget | None, caption: str, directory: str, filter: str
) -> tuple[str, str]:
    from casenotes.ui import file_dialogs

    return file_dialogs.get_save_file_name(parent, caption, directory, filter)


class FileActions:
    """The window's whole-file actions. ``window`` is the main window they act for."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    # ---- back up to a chosen folder ------------------------------------------------------

    def back_up_to(self) -> None:
        window, journal = self.window, self.window.journal
        if journal is None or not journal.is_unlocked:
            return
        folder = get_existing_directory(window, "Back up to a folder", str(Path.home()))
        if not folder:
            return
        stamp = datetime.now().astimezone()
        from casenotes.core.backup import BackupReason, backup_name

        target = Path(folder) / backup_name(window.vault_path.stem, stamp, BackupReason.MANUAL)
        window.status(f"Backing up your vault to {folder}…", 0)

        def done(path: Path) -> None:
            window.status(f"Backup written to {path}")

        def failed(exc: BaseException) -> None:
            window.status("")
            tell(window, f"The backup could not be written. {describe(exc)}", warning=True)

        window.tasks.run_task(lambda: journal.backup_now(target), done, failed)

    # ---- restore from a file -------------------------------------------------------------

    def restore_from_file(self) -> None:
        window, journal = self.window, self.window.journal
        if journal is None or not journal.is_unlocked:
            return
        chosen, _ = get_open_file_name(
            window, "Restore from a backup file", str(Path.home()), VAULT_FILTER
        )
        if not chosen:
            return
        try:
            from casenotes.core.backup import describe_backup_file

            info = describe_backup_file(Path(chosen), window.vault_path)
        except OSError as exc:
            tell(window, f"That file could not be read. {describe(exc)}", warning=True)
            return
        window.restore(info)

    # ---- first run: a vault that already exists ------------------------------------------

    def open_existing_vault(self) -> None:
        """Copy a vault (from a backup stick, another computer) to where this computer's
        vault goes, then ask for its passphrase. The chosen file is only read."""
        window = self.window
        chosen, _ = get_open_file_name(
            window, "Open an existing vault", str(Path.home()), VAULT_FILTER
        )
        if not chosen:
            return
        source, target = Path(chosen), window.vault_path

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, VaultError):  # not a vault, a newer version: no fault
                log_failure(exc)
            tell(window, f"That vault could not be opened here. {describe(exc)}", warning=True)

        from casenotes.core.backup import adopt_vault  # copies through SQLAlchemy's engine

        window.tasks.run_task(
            lambda: adopt_vault(source, target), lambda _: window.vault_adopted(source), failed
        )

    # ---- interchange JSON ----------------------------------------------------------------

    def import_json(self) -> None:
        window, journal = self.window, self.window.journal
        if journal is None or not journal.is_unlocked:
            return
        chosen, _ = get_open_file_name(
            window, "Import cases from JSON", str(Path.home()), JSON_FILTER
        )
        if not chosen:
            return
        path = Path(chosen)

        def work() -> tuple[int, int]:
            from casenotes.core.interchange import parse_interchange

            # The whole file is checked before the vault is touched; the import itself is
            # one transaction: nothing is written on any error.
            bundles: list[CaseBundle] = parse_interchange(path.read_bytes())
            cases = journal.import_bundles(bundles)
            return cases, sum(len(b.notes) for b in bundles)

        def done(counts: tuple[int, int]) -> None:
            cases, notes = counts
            workspace = window.workspace
            reload = getattr(workspace, "reload", None) if workspace is not None else None
            if callable(reload):
                reload()
            window.status(f"Imported {_plural(cases, 'case')} with {_plural(notes, 'note')}.")

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, ValueError):  # a refused file (InterchangeError) is no fault
                log_failure(exc)
            tell(window, f"The file was not imported. {import_problem(exc)}", warning=True)

        if not window.flush_open_edit():
            return
        window.status("Importing…", 0)
        window.tasks.run_task(work, done, failed)

    def export_json(self) -> None:
        window, journal = self.window, self.window.journal
        if journal is None or not journal.is_unlocked:
            return
        answer = QMessageBox.question(
            window,
            "Export as plain text?",
            EXPORT_WARNING,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        suggested = str(Path.home() / "casenotes-export.json")
        chosen, _ = get_save_file_name(window, "Export everything as JSON", suggested, JSON_FILTER)
        if not chosen:
            return
        from casenotes.core.interchange.export_file import (
            export_interchange_file,
            is_vault_file,
        )

        path = Path(chosen)
        if is_vault_file(path, window.vault_path):
            tell(window, "That file is the vault itself; export to another file.", warning=True)
            return
        if not window.flush_open_edit():  # the export must hold what was just typed
            return

        def done(damaged: int) -> None:
            window.status(EXPORTED.format(path=path))
            if damaged:
                tell(window, EXPORT_DAMAGED.format(count=damaged, path=path), warning=True)

        def failed(exc: BaseException) -> None:
            window.status("")
            log_failure(exc)
            tell(window, f"Nothing was exported. {describe(exc)}", warning=True)

        window.status("Exporting…", 0)
        window.tasks.run_task(lambda: export_interchange_file(journal, path), done, failed)
