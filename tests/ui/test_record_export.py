"""The record from the window: File → Export case record… to PDF and Markdown, File → Print…
to a PDF printer, and one note from the note editor. The real window and workspace; only the
modal dialogs (file, warning, print) are stubbed. All people and details are fictional."""

from __future__ import annotations

import errno
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThread
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from tests.pdftext import Squeezed, pdf_pages, pdf_text

from casenotes.core.domain import Attendance, Case, ClientType, Note
from casenotes.core.journal import Journal
from casenotes.core.record import CaseRecord, RecordError, RecordOptions
from casenotes.core.record.markdown import render_record
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui import record_export
from casenotes.ui.main_window import MainWindow
from casenotes.ui.note_release_dialog import NoteReleaseDialog
from casenotes.ui.record_dialog import RecordDialog
from casenotes.ui.record_pdf import record_to_pdf
from casenotes.ui.tasks import SyncTaskRunner, TaskRunner

from .support import PASSPHRASE

pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.usefixtures("shell_env")

SIGNED_TEXT = "Went through the week's bookings and two rest days."
DRAFT_TEXT = "Half-written thoughts about the next session."
ADDENDUM = "Client emailed to move the next session."
REFLECTION = "Check my own hurry to fix things."


@pytest.fixture
def ids(vault_path: Path, policy: KdfPolicy, recovery_key: str) -> dict[str, str]:
    journal = Journal.open(vault_path, policy)
    journal.unlock(PASSPHRASE, daily_backup=False)
    try:
        case = journal.save_case(
            Case(
                code="RX-12",
                display_name="Fictional Client",
                client_types=[ClientType.CURRENT_SEX_WORKER],
            )
        )
        signed = journal.save_note(
            Note(
                case_id=case.id,
                session_date=date(2025, 3, 4),
                sections={"body": SIGNED_TEXT},
                reflection={"_notes": {"self_check": REFLECTION}},
            )
        )
        journal.sign_note(signed.id)
        journal.add_addendum(signed.id, ADDENDUM)
        draft = journal.save_note(
            Note(case_id=case.id, session_date=date(2025, 3, 11), sections={"body": DRAFT_TEXT})
        )
        return {"case": case.id, "signed": signed.id, "draft": draft.id}
    finally:
        journal.lock()


def open_window(qtbot: QtBot, vault_path: Path, policy: KdfPolicy, tasks: TaskRunner) -> MainWindow:
    """The real window and workspace, unlocked."""
    window = MainWindow(vault_path, policy=policy, tasks=tasks)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.unlock_page is not None
    window.unlock_page.passphrase.edit.setText(PASSPHRASE)
    window.unlock_page.unlock_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)
    assert window.tasks.wait_idle(20_000)
    return window


@pytest.fixture
def window(
    qtbot: QtBot, vault_path: Path, policy: KdfPolicy, ids: dict[str, str]
) -> Iterator[MainWindow]:
    window = open_window(qtbot, vault_path, policy, SyncTaskRunner())
    window.workspace.restore_location(ids["case"], None)  # type: ignore[union-attr]
    yield window
    assert window.tasks.wait_idle(20_000)
    if window.journal is not None:
        window.journal.lock()


@pytest.fixture
def save_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """Stubs the save dialog (answering with ``state["path"]``) and the leaves-the-vault
    warning (Save); records the warnings' titles."""
    state: dict[str, Any] = {"path": tmp_path / "out.pdf", "warnings": [], "captions": []}

    def save_name(parent: object, caption: str, directory: str, filter: str) -> tuple[str, str]:
        state["captions"].append(caption)
        return str(state["path"]), filter

    def warning(parent: object, title: str, text: str, *args: object) -> Any:
        state["warnings"].append(title)
        return QMessageBox.StandardButton.Save

    monkeypatch.setattr("casenotes.ui.record_export.get_save_file_name", save_name)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return state


@pytest.fixture
def print_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Stubs the print dialog: it sends the printout to a PDF file and answers Print."""
    target = tmp_path / "printed.pdf"

    def exec_(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    return target


def log_of(window: MainWindow) -> list[tuple[str, str, str]]:
    assert window.journal is not None
    return [(e.kind, e.format, e.sessions) for e in window.journal.export_log()]


def note_dialog(editor: Any) -> NoteReleaseDialog:
    dialog = editor.record_export.note_dialog
    assert isinstance(dialog, NoteReleaseDialog) and dialog.isVisible()
    return dialog


def options_dialog(window: MainWindow) -> RecordDialog:
    assert window.record_export is not None
    dialog = window.record_export.dialog
    assert isinstance(dialog, RecordDialog) and dialog.isVisible()
    return dialog


def test_export_case_record_as_pdf(window: MainWindow, save_to: dict[str, Any]) -> None:
    assert window.record_action.text() == "Export case &record…"
    window.record_action.trigger()
    options_dialog(window).accept_button.click()
    path = save_to["path"]
    text = pdf_text(path)
    assert SIGNED_TEXT in text and ADDENDUM in text and "Signed by" in text
    assert DRAFT_TEXT not in text and REFLECTION not in text
    assert "Confidential" in text and "Page 1 of" in text
    assert save_to["warnings"] == ["This file leaves the vault’s protection"]
    assert log_of(window) == [("record", "pdf", "1")]
    assert "Saved the record" in window.statusBar().currentMessage()


def test_the_release_goes_into_the_export_log(window: MainWindow, print_to: Path) -> None:
    window.print_action.trigger()
    dialog = options_dialog(window)
    dialog.consent_buttons["no"].click()
    dialog.disclosure.recipient.setText("insurer")
    dialog.disclosure.purpose_edit.setText("claim review")
    dialog.accept_button.click()
    assert window.journal is not None
    [entry] = window.journal.export_log()
    assert (entry.kind, entry.format, entry.recipient_role, entry.purpose, entry.consent) == (
        "record",
        "print",
        "insurer",
        "claim review",
        "no",
    )


def test_export_with_drafts_and_process_notes_as_markdown(
    window: MainWindow, save_to: dict[str, Any], tmp_path: Path
) -> None:
    save_to["path"] = tmp_path / "record"  # the suffix is added
    window.record_action.trigger()
    dialog = options_dialog(window)
    dialog.drafts.click()
    dialog.process_notes.click()
    assert dialog.process_warning.isVisible()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("md"))
    dialog.accept_button.click()
    text = Squeezed((tmp_path / "record.md").read_text(encoding="utf-8"))
    assert DRAFT_TEXT in text and "DRAFT (unsigned)" in text
    assert REFLECTION in text and "This record includes process notes" in text
    assert log_of(window) == [("record", "md", "1-2")]


def test_cancelling_the_warning_writes_and_logs_nothing(
    window: MainWindow, save_to: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda *args: QMessageBox.StandardButton.Cancel)
    )
    window.record_action.trigger()
    options_dialog(window).accept_button.click()
    assert not save_to["path"].exists()
    assert log_of(window) == []


def test_print_the_case_record_to_a_pdf_printer(window: MainWindow, print_to: Path) -> None:
    assert window.print_action.text() == "&Print…"
    window.print_action.trigger()
    dialog = options_dialog(window)
    assert not dialog.format_combo.isVisible()
    dialog.accept_button.click()
    text = pdf_text(print_to)
    assert SIGNED_TEXT in text and ADDENDUM in text and DRAFT_TEXT not in text
    assert "Confidential" in text and "Page 1 of" in text
    assert log_of(window) == [("record", "print", "1")]


def test_without_a_case_the_window_says_to_choose_one(
    vault_path: Path, policy: KdfPolicy, ids: dict[str, str], qtbot: QtBot
) -> None:
    window = open_window(qtbot, vault_path, policy, SyncTaskRunner())
    try:
        window.print_action.trigger()
        assert "Choose a case first" in window.statusBar().currentMessage()
        assert window.record_export is None
    finally:
        assert window.journal is not None
        window.journal.lock()


def test_the_record_is_written_on_the_worker(
    vault_path: Path, policy: KdfPolicy, ids: dict[str, str], qtbot: QtBot, save_to: dict[str, Any]
) -> None:
    window = open_window(qtbot, vault_path, policy, TaskRunner())
    try:
        window.workspace.restore_location(ids["case"], None)  # type: ignore[union-attr]
        window.record_action.trigger()
        options_dialog(window).accept_button.click()
        assert window.tasks.wait_idle(20_000)
        assert SIGNED_TEXT in pdf_text(save_to["path"])
        assert log_of(window) == [("record", "pdf", "1")]
        assert "Saved the record" in window.statusBar().currentMessage()
    finally:
        assert window.tasks.wait_idle(20_000)
        assert window.journal is not None
        window.journal.lock()


def test_a_failed_write_says_so_and_logs_nothing(
    window: MainWindow, save_to: dict[str, Any], tmp_path: Path
) -> None:
    save_to["path"] = tmp_path / "no-such-folder" / "record.pdf"
    window.record_action.trigger()
    options_dialog(window).accept_button.click()
    assert log_of(window) == []
    assert not save_to["path"].parent.exists()
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert any("The record was not saved" in box.text() for box in boxes)


def test_export_and_print_one_note_from_the_editor(
    window: MainWindow, ids: dict[str, str], save_to: dict[str, Any], print_to: Path
) -> None:
    workspace = window.workspace
    assert workspace is not None
    workspace.restore_location(ids["case"], ids["draft"])
    editor = workspace.editor  # type: ignore[attr-defined]
    assert editor.isVisible()
    editor.export_pdf_action.trigger()
    release = note_dialog(editor)
    assert release.windowTitle() == "Export this note as PDF"
    release.consent_buttons["yes"].click()
    release.disclosure.recipient.setText("receiving therapist")
    release.disclosure.purpose_edit.setText("transfer of care")
    release.accept_button.click()
    text = pdf_text(save_to["path"])
    assert DRAFT_TEXT in text and SIGNED_TEXT not in text
    assert "Session note · RX-12" in text and "Page 1 of 1" in text
    assert len(pdf_pages(save_to["path"])) == 1  # the short cover and the note on one page
    assert save_to["captions"] == ["Save the note"]
    editor.print_note_action.trigger()
    note_dialog(editor).accept_button.click()  # nothing said: logged as not asked
    assert DRAFT_TEXT in pdf_text(print_to)
    assert log_of(window) == [("note", "pdf", "2"), ("note", "print", "2")]
    assert window.journal is not None
    exported, printed = window.journal.export_log()
    assert (exported.recipient_role, exported.purpose, exported.consent) == (
        "receiving therapist",
        "transfer of care",
        "yes",
    )
    assert (printed.recipient_role, printed.purpose, printed.consent) == ("", "", "not_asked")


def test_cancelling_the_note_release_sends_nothing(
    window: MainWindow, ids: dict[str, str], save_to: dict[str, Any]
) -> None:
    workspace = window.workspace
    assert workspace is not None
    workspace.restore_location(ids["case"], ids["draft"])
    editor = workspace.editor  # type: ignore[attr-defined]
    editor.export_pdf_action.trigger()
    note_dialog(editor).reject()
    assert not save_to["path"].exists() and log_of(window) == []
    assert save_to["captions"] == []


def test_a_printout_is_painted_on_the_worker_with_its_pages_counted(
    vault_path: Path, policy: KdfPolicy, ids: dict[str, str], qtbot: QtBot, print_to: Path
) -> None:
    window = open_window(qtbot, vault_path, policy, TaskRunner())
    threads: list[bool] = []
    pages: list[tuple[int, int]] = []
    try:
        window.workspace.restore_location(ids["case"], None)  # type: ignore[union-attr]
        window.print_action.trigger()
        export = window.record_export
        assert export is not None
        export.printed_page.connect(lambda done, total: pages.append((done, total)))
        original = export._show_page

        def show_page(done: int, total: int) -> None:
            threads.append(QThread.currentThread() is QApplication.instance().thread())  # type: ignore[union-attr]
            original(done, total)

        export.printed_page.disconnect(export._show_page)
        export.printed_page.connect(show_page)
        options_dialog(window).accept_button.click()
        assert export.progress is not None and export.progress.isVisible()
        assert window.tasks.wait_idle(20_000)
        qtbot.waitUntil(lambda: export.progress is None)
        assert SIGNED_TEXT in pdf_text(print_to)
        assert pages and pages[-1][0] == pages[-1][1]  # every page counted
        assert threads and all(threads)  # the dialog was updated on the GUI thread
        assert log_of(window) == [("record", "print", "1")]
        assert "Sent the record to the printer" in window.statusBar().currentMessage()
    finally:
        assert window.tasks.wait_idle(20_000)
        assert window.journal is not None
        window.journal.lock()


def test_a_failed_printout_is_worded_and_closes_its_progress(
    window: MainWindow, print_to: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("casenotes.ui.record_export.paint_pages", broken)
    window.print_action.trigger()
    export = window.record_export
    assert export is not None
    options_dialog(window).accept_button.click()
    assert export.progress is None
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert any("The record was not printed" in box.text() for box in boxes)


def test_locking_closes_the_options_and_lets_the_record_go(window: MainWindow) -> None:
    window.record_action.trigger()
    dialog = options_dialog(window)
    assert window.lock()
    from shiboken6 import isValid

    assert not isValid(dialog) or not dialog.isVisible()
    assert window.record_export is None
    assert not window.record_action.isEnabled() and not window.print_action.isEnabled()


@pytest.fixture
def couple(vault_path: Path, policy: KdfPolicy, ids: dict[str, str]) -> str:
    """A couple case with one signed session with Partner A alone; its id."""
    journal = Journal.open(vault_path, policy)
    journal.unlock(PASSPHRASE, daily_backup=False)
    try:
        case = journal.save_case(
            Case(code="CP-3", display_name="Fictional Couple", client_types=[ClientType.COUPLE])
        )
        note = journal.save_note(
            Note(
                case_id=case.id,
                session_date=date(2025, 4, 1),
                sections={"body": ALONE_TEXT},
                attendance=Attendance.PARTNER_A,
            )
        )
        journal.sign_note(note.id)
        return case.id
    finally:
        journal.lock()


ALONE_TEXT = "Partner A spoke about the agreement on her own."


@pytest.mark.parametrize("agreed", [False, True])
def test_individual_sessions_are_asked_about_first(
    qtbot: QtBot,
    vault_path: Path,
    policy: KdfPolicy,
    couple: str,
    save_to: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    agreed: bool,
) -> None:
    asked: list[str] = []

    def question(parent: object, title: str, text: str, *args: object) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes if agreed else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    window = open_window(qtbot, vault_path, policy, SyncTaskRunner())
    try:
        window.workspace.restore_location(couple, None)  # type: ignore[union-attr]
        window.record_action.trigger()
        options_dialog(window).accept_button.click()
        assert len(asked) == 1 and "1 (partner a alone)" in asked[0]
        if agreed:
            text = pdf_text(save_to["path"])
            assert ALONE_TEXT in text and "individual session" in text
            assert log_of(window) == [("record", "pdf", "1")]
        else:
            assert not save_to["path"].exists() and log_of(window) == []
    finally:
        assert window.journal is not None
        window.journal.lock()


# ---- off the GUI thread: the record is built, written and printed on the worker ----------

PRODUCED_AT = datetime(2025, 5, 6, 9, 30, tzinfo=UTC)


class Gate:
    """Wraps the journal's ``case_record``: notes which thread asked, then holds the worker
    until the test opens the gate (so the test can look at the window meanwhile)."""

    def __init__(self, journal: Journal, *, fail: BaseException | None = None) -> None:
        self.build = journal.case_record
        self.fail = fail
        self.started = threading.Event()
        self.go = threading.Event()
        self.on_gui_thread: list[bool] = []

    def __call__(self, case_id: str, options: RecordOptions) -> CaseRecord:
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())
        self.started.set()
        self.go.wait(20)
        if self.fail is not None:
            raise self.fail
        return self.build(case_id, options)


@pytest.fixture
def worker_window(
    qtbot: QtBot, vault_path: Path, policy: KdfPolicy, ids: dict[str, str]
) -> Iterator[MainWindow]:
    """The real window with the real task runner (a worker thread), on the case."""
    window = open_window(qtbot, vault_path, policy, TaskRunner())
    window.workspace.restore_location(ids["case"], None)  # type: ignore[union-attr]
    yield window
    assert window.tasks.wait_idle(20_000)
    if window.journal is not None:
        window.journal.lock()


@pytest.fixture
def gate(worker_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> Gate:
    assert worker_window.journal is not None
    held = Gate(worker_window.journal)
    monkeypatch.setattr(worker_window.journal, "case_record", held)
    return held


@pytest.fixture
def written_on(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each file was written on the GUI thread (one entry per write)."""
    threads: list[bool] = []
    write = record_export.write_record

    def on_thread(*args: Any, **kwargs: Any) -> str:
        threads.append(threading.current_thread() is threading.main_thread())
        return write(*args, **kwargs)

    monkeypatch.setattr(record_export, "write_record", on_thread)
    return threads


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A record says when it was made: the same moment for every build, to compare them."""
    monkeypatch.setattr("casenotes.core.record.builder.utc_now", lambda: PRODUCED_AT)


def message_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


@pytest.mark.usefixtures("fixed_clock")
def test_the_record_is_read_and_built_on_the_worker_and_reads_the_same(
    worker_window: MainWindow,
    ids: dict[str, str],
    gate: Gate,
    written_on: list[bool],
    save_to: dict[str, Any],
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    options = RecordOptions(include_drafts=True, include_process_notes=True)
    expected = render_record(gate.build(ids["case"], options))  # here, as before this change
    save_to["path"] = tmp_path / "record.md"
    worker_window.record_action.trigger()
    dialog = options_dialog(worker_window)
    dialog.drafts.click()
    dialog.process_notes.click()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("md"))
    dialog.accept_button.click()
    export = worker_window.record_export
    assert export is not None
    assert gate.started.wait(20)
    # The click has returned while the worker is still held inside the build: the window
    # answers, showing the progress dialog; nothing has been asked or written yet.
    progress = export.progress
    assert progress is not None and progress.isVisible()
    assert "Reading the case" in progress.labelText()
    assert save_to["captions"] == [] and not save_to["path"].exists()
    gate.go.set()
    assert worker_window.tasks.wait_idle(20_000)
    qtbot.waitUntil(lambda: save_to["path"].exists())
    assert gate.on_gui_thread == [False] and written_on == [False]
    assert save_to["path"].read_text(encoding="utf-8") == expected
    assert export.progress is None
    assert log_of(worker_window) == [("record", "md", "1-2")]
    assert "Saved the record" in worker_window.statusBar().currentMessage()


@pytest.mark.usefixtures("fixed_clock")
def test_one_note_pdf_is_made_and_written_on_the_worker_and_reads_the_same(
    worker_window: MainWindow,
    ids: dict[str, str],
    gate: Gate,
    written_on: list[bool],
    save_to: dict[str, Any],
    tmp_path: Path,
) -> None:
    expected = record_to_pdf(
        record := gate.build(ids["case"], RecordOptions(note_id=ids["draft"])),
        render_record(record),
    )
    gate.go.set()
    workspace = worker_window.workspace
    assert workspace is not None
    workspace.restore_location(ids["case"], ids["draft"])
    editor = workspace.editor  # type: ignore[attr-defined]
    editor.export_pdf_action.trigger()
    note_dialog(editor).accept_button.click()
    assert worker_window.tasks.wait_idle(20_000)
    assert gate.on_gui_thread == [False] and written_on == [False]
    assert pdf_pages(save_to["path"]) == pdf_pages(expected)
    assert editor.record_export.progress is None
    assert log_of(worker_window) == [("note", "pdf", "2")]


def test_one_note_pdf_is_written_behind_the_progress_dialog(
    worker_window: MainWindow,
    ids: dict[str, str],
    save_to: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    writing, go = threading.Event(), threading.Event()
    write = record_export.write_record

    def held(*args: Any, **kwargs: Any) -> str:
        writing.set()
        go.wait(20)
        return write(*args, **kwargs)

    monkeypatch.setattr(record_export, "write_record", held)
    workspace = worker_window.workspace
    assert workspace is not None
    workspace.restore_location(ids["case"], ids["draft"])
    editor = workspace.editor  # type: ignore[attr-defined]
    editor.export_pdf_action.trigger()
    note_dialog(editor).accept_button.click()
    qtbot.waitUntil(writing.is_set)  # the build's callback ran here, then the write began
    progress = editor.record_export.progress
    assert progress is not None and progress.isVisible()
    assert progress.labelText() == "Writing the note…"
    assert progress.windowTitle() == "Exporting the note"
    assert progress.findChild(QPushButton) is None  # no Cancel once writing
    assert not save_to["path"].exists()
    go.set()
    assert worker_window.tasks.wait_idle(20_000)
    assert DRAFT_TEXT in pdf_text(save_to["path"])
    assert editor.record_export.progress is None  # closed once written


def test_cancelling_while_the_record_is_built_asks_and_writes_nothing(
    worker_window: MainWindow, gate: Gate, save_to: dict[str, Any]
) -> None:
    worker_window.record_action.trigger()
    options_dialog(worker_window).accept_button.click()
    export = worker_window.record_export
    assert export is not None and gate.started.wait(20)
    progress = export.progress
    assert progress is not None
    button = progress.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel"
    button.click()
    gate.go.set()
    assert worker_window.tasks.wait_idle(20_000)
    assert save_to["captions"] == [] and save_to["warnings"] == []
    assert not save_to["path"].exists() and log_of(worker_window) == []
    assert export.progress is None and message_boxes() == []


def test_locking_while_the_record_is_built_lets_it_go(
    worker_window: MainWindow, gate: Gate, save_to: dict[str, Any]
) -> None:
    worker_window.record_action.trigger()
    options_dialog(worker_window).accept_button.click()
    assert gate.started.wait(20)
    # The lock closes the dialogs, then waits for the worker: let it finish meanwhile.
    threading.Timer(0.2, gate.go.set).start()
    assert worker_window.lock()
    assert save_to["captions"] == [] and not save_to["path"].exists()
    assert message_boxes() == []
    journal = worker_window.journal
    assert journal is not None and not journal.is_unlocked


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (
            OSError(errno.ENOSPC, "No space left on device"),
            "The record could not be made. The disk is full",
        ),
        (
            RecordError("session numbers start at 1"),
            "The record could not be made: session numbers start at 1.",
        ),
    ],
)
def test_a_failed_build_on_the_worker_is_worded_for_people(
    worker_window: MainWindow,
    gate: Gate,
    save_to: dict[str, Any],
    failure: BaseException,
    said: str,
    qtbot: QtBot,
) -> None:
    gate.fail = failure
    gate.go.set()
    worker_window.record_action.trigger()
    options_dialog(worker_window).accept_button.click()
    assert worker_window.tasks.wait_idle(20_000)
    qtbot.waitUntil(lambda: any(said in box.text() for box in message_boxes()))
    assert "No space left" not in " ".join(box.text() for box in message_boxes())
    assert save_to["captions"] == [] and log_of(worker_window) == []
    export = worker_window.record_export
    assert export is not None and export.progress is None
