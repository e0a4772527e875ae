"""Exporting or printing a case record, or one note, from the window.

The options dialog (``record_dialog``) opens without blocking; once accepted, the record is
built from the journal, then either saved (the project's file dialog that keeps no history,
a warning that the file leaves the vault, an atomic write logged before the file is put in
place) or printed (Qt's print dialog; the printout is logged before it is drawn, so no
printout stands without its log entry). The PDF and the printout are the same pages
(``record_pdf.paint_pages``). With a task runner, everything slow runs on its worker, as a
summary does, behind one progress dialog, so the window keeps answering: reading and
decrypting the case and building the record (it may be cancelled: nothing is written until
later), laying out and writing the file (a 200-note record: 0.6 s of CPU,
benchmarks/bench_record.py), and painting a printout page by page (Qt paints on a QPrinter
from any one thread at a time). Between those steps the questions (individual sessions, the
file's place, the printer) are asked here. One note, like a record, is asked to whom, why
and with what consent before it goes out (the accounting of disclosures), and is made the
same way.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox, QProgressDialog, QWidget

from casenotes.core.domain import Case
from casenotes.core.journal import Journal
from casenotes.core.record import (
    CaseRecord,
    RecordError,
    RecordOptions,
    Release,
    numbered_notes,
)
from casenotes.core.record.markdown import render_record
from casenotes.core.record.writer import record_log_entry, write_record
from casenotes.ui.errors import describe
from casenotes.ui.file_dialogs import get_save_file_name
from casenotes.ui.note_release_dialog import NoteReleaseDialog
from casenotes.ui.record_dialog import RecordDialog
from casenotes.ui.record_pdf import band_text, paint_pages, record_to_pdf
from casenotes.ui.shared.common import TaskRunnerLike, alive
from casenotes.ui.tasks import log_failure
from casenotes.ui.widgets import tell

log = logging.getLogger(__name__)

FILTERS = {"pdf": "PDF (*.pdf)", "md": "Markdown (*.md)"}
# No case code or name in the suggested file name: it may end up in a synced folder's list.
FILE_NAMES = {"pdf": "case-record.pdf", "md": "case-record.md"}
NOTE_FILE_NAME = "session-note.pdf"
LEAVES_VAULT = (
    "The record will be saved unencrypted here:\n\n{path}\n\n"
    "Once saved, it is outside the vault’s protection: anyone who can open that place — a "
    "synced folder, a shared computer, an email attachment — can read it. Casenotes notes the "
    "export, with a fingerprint of the file, in its encrypted export log."
)
PRINT_FORMAT = "print"  # the export log's format for a printout (no file, so no fingerprint)


@contextlib.contextmanager
def busy() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


class RecordExport(QObject):
    """One export or printout, from the options dialog (or straight away for one note) to
    the file or the printer. ``done`` carries a sentence for the status bar."""

    done = Signal(str)
    # (pages painted, pages): emitted from the worker that paints a printout, delivered here
    # (queued) to the progress dialog.
    printed_page = Signal(int, int)

    def __init__(
        self,
        parent: QWidget,
        journal: Journal,
        case: Case,
        *,
        printing: bool = False,
        note_id: str | None = None,
        tasks: TaskRunnerLike | None = None,
    ) -> None:
        # No Qt parent: whoever started it holds it, and letting go (at lock) frees the case
        # it holds.
        super().__init__()
        self.parent_widget = parent
        self.journal = journal
        self.case = case
        self.printing = printing
        self.note_id = note_id
        self.tasks = tasks  # builds, writes and prints on its worker; None: here and now
        self.dialog: RecordDialog | None = None
        self.note_dialog: NoteReleaseDialog | None = None
        self.last_path: Path | None = None
        self.release = Release()
        self.progress: QProgressDialog | None = None
        self.printed_page.connect(self._show_page)

    def start(self) -> None:
        if self.note_id is not None:
            self._ask_about_note(self.note_id)
            return
        notes = numbered_notes(self.journal.notes_for_case(self.case.id))
        dialog = RecordDialog(
            self.case.code,
            len(notes),
            notes[0].session_date if notes else None,
            notes[-1].session_date if notes else None,
            self.parent_widget,
            printing=self.printing,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._go(dialog.options(), dialog.format(), dialog.release())
        )
        self.dialog = dialog
        dialog.open()

    def _ask_about_note(self, note_id: str) -> None:
        """One note goes out as a record does: asked to whom, why and with what consent
        first, for the accounting of disclosures."""
        note_dialog = NoteReleaseDialog(
            f"a note of {self.case.code}", self.parent_widget, printing=self.printing
        )
        note_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        note_dialog.accepted.connect(
            lambda: self._go(RecordOptions(note_id=note_id), "pdf", note_dialog.release())
        )
        self.note_dialog = note_dialog
        note_dialog.open()

    def _go(self, options: RecordOptions, fmt: str, release: Release | None = None) -> None:
        self.release = release or Release()
        journal, case_id = self.journal, self.case.id
        if self.tasks is None:  # no runner (a caller without one): here, with a busy cursor
            try:
                with busy():
                    record = journal.case_record(case_id, options)
            except Exception as exc:
                self._build_failed(exc)
                return
            self._send(record, fmt)
            return
        # Reading and decrypting every note of a long case, then building its record, is
        # work for the worker; nothing is written yet, so it may be cancelled.
        self._open_progress(f"Reading the case and preparing the {self._what()}…", cancellable=True)
        self.tasks.run_task(
            lambda: journal.case_record(case_id, options),
            lambda record: self._built(record, fmt),
            self._build_failed,
        )

    def _built(self, record: CaseRecord, fmt: str) -> None:
        # Cancelled, or closed by a lock (which waits for the worker): the record is let go.
        wanted = self._progress_showing()
        self._close_progress()
        if wanted and alive(self.parent_widget):
            self._send(record, fmt)

    def _build_failed(self, exc: BaseException) -> None:
        wanted = self.tasks is None or self._progress_showing()
        self._close_progress()
        if not wanted or not alive(self.parent_widget):
            return
        if isinstance(exc, RecordError):  # written for people: a range that does not fit
            tell(self.parent_widget, f"The {self._what()} could not be made: {exc}.", warning=True)
            return
        log_failure(exc)
        tell(
            self.parent_widget,
            f"The {self._what()} could not be made. {describe(exc)}",
            warning=True,
        )

    def _send(self, record: CaseRecord, fmt: str) -> None:
        if not self._individual_sessions_agreed(record):
            return
        if self.printing:
            self._print(record)
        else:
            self._save(record, fmt)

    def _individual_sessions_agreed(self, record: CaseRecord) -> bool:
        """An individual session with one partner of a couple is asked about before it goes
        out (the couple's agreement about secrets decides what may be shared), as a
        summary's is; the record marks each one."""
        marked = record.one_partner_sessions
        if not marked:
            return True
        which = ", ".join(f"{s.number} ({s.attended.lower()})" for s in marked)
        answer = QMessageBox.question(
            self.parent_widget,
            f"Individual sessions in this {self._what()}",
            f"This {self._what()} includes individual sessions with one partner: {which}. "
            "It marks them as such. Include them?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _what(self) -> str:
        return "note" if self.note_id is not None else "record"

    def _save(self, record: CaseRecord, fmt: str) -> None:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        name = NOTE_FILE_NAME if self.note_id is not None else FILE_NAMES[fmt]
        chosen, _filter = get_save_file_name(
            self.parent_widget, f"Save the {self._what()}", str(Path(folder) / name), FILTERS[fmt]
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        answer = QMessageBox.warning(
            self.parent_widget,
            "This file leaves the vault’s protection",
            LEAVES_VAULT.format(path=path).replace("The record", f"The {self._what()}"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Save:
            return
        journal, case_id, release = self.journal, self.case.id, self.release

        def work() -> str:
            # Logged once complete and only then put in place: a failure at any step leaves
            # whatever was at the target as it was, and no file the export log does not know.
            return write_record(
                path,
                record,
                fmt,
                pdf=record_to_pdf,
                log=lambda sha256: journal.log_export(
                    record_log_entry(record, case_id, fmt, sha256, release)
                ),
            )

        if self.tasks is None:  # no runner: here, with a busy cursor
            try:
                with busy():
                    work()
            except Exception as exc:
                self._save_failed(exc)
                return
            self._saved(path)
            return
        # Qt takes up to a second or so to lay out a whole record: on the worker, as a
        # summary's PDF is, so the window keeps answering. No Cancel: the write is atomic
        # and quick to finish once started.
        self._open_progress(f"Writing the {self._what()}…")
        self.tasks.run_task(work, lambda _sha: self._saved(path), self._save_failed)

    def _saved(self, path: Path) -> None:
        self._close_progress()
        self.last_path = path
        self.done.emit(
            f"Saved the {self._what()} to {path}. The export is noted in the encrypted export log."
        )

    def _save_failed(self, exc: BaseException) -> None:
        self._close_progress()
        log.warning("exporting a record failed (%s)", type(exc).__name__)
        if alive(self.parent_widget):
            tell(
                self.parent_widget,
                f"The {self._what()} was not saved. {describe(exc)}",
                warning=True,
            )

    def _print(self, record: CaseRecord) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("Session note" if self.note_id is not None else "Case record")
        printer.setCreator("Casenotes")
        dialog = QPrintDialog(printer, self.parent_widget)
        dialog.setWindowTitle(f"Print the {self._what()}")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        journal, case_id, release = self.journal, self.case.id, self.release
        report = self.printed_page.emit

        def work() -> int:
            # Logged before it is drawn, so no printout stands without its log entry. The
            # printer is this task's alone until it is done.
            journal.log_export(record_log_entry(record, case_id, PRINT_FORMAT, "", release))
            markdown = render_record(record)
            return paint_pages(markdown, printer, printer.resolution(), band_text(record), report)

        if self.tasks is None:  # no runner (a caller without one): here, with a busy cursor
            try:
                with busy():
                    work()
            except Exception as exc:
                self._print_failed(exc)
                return
            self._printed()
            return
        self._open_progress(f"Preparing the {self._what()} for the printer…")
        self.tasks.run_task(work, lambda _pages: self._printed(), self._print_failed)

    def _open_progress(self, label: str, *, cancellable: bool = False) -> None:
        """One progress dialog for each step on the worker. Only reading and building may
        be cancelled: a printout half sent cannot be taken back."""
        self._close_progress()
        progress = QProgressDialog(label, "Cancel" if cancellable else "", 0, 0, self.parent_widget)
        title = "Printing" if self.printing else "Exporting"
        progress.setWindowTitle(f"{title} the {self._what()}")
        if not cancellable:
            progress.setCancelButton(None)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setWindowModality(Qt.WindowModality.NonModal)
        self.progress = progress
        progress.show()

    def _progress_showing(self) -> bool:
        """Whether the progress dialog still waits: not cancelled, not closed (a lock
        closes every dialog before it waits for the worker)."""
        progress = self.progress
        return (
            progress is not None
            and alive(progress)
            and progress.isVisible()
            and not progress.wasCanceled()
        )

    def _show_page(self, done: int, pages: int) -> None:
        if self.progress is None or not alive(self.progress):
            return
        self.progress.setMaximum(pages)
        self.progress.setValue(done)
        self.progress.setLabelText(f"Printing page {done} of {pages}…")

    def _close_progress(self) -> None:
        progress, self.progress = self.progress, None
        if progress is not None and alive(progress):
            progress.close()
            progress.deleteLater()

    def _printed(self) -> None:
        self._close_progress()
        self.done.emit(
            f"Sent the {self._what()} to the printer. It is noted in the encrypted export log."
        )

    def _print_failed(self, exc: BaseException) -> None:
        self._close_progress()
        log.warning("printing a record failed (%s)", type(exc).__name__)
        if not alive(self.parent_widget):
            return
        tell(
            self.parent_widget,
            f"The {self._what()} was not printed. {describe(exc)}",
            warning=True,
        )
