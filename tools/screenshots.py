"""Screenshots of the main screens, for the documentation, from a throwaway demo vault.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py docs/screenshots

Builds a vault of fictional demo cases (generate_demo(cases=12, notes=120, seed=1), and one
case of 40 sessions) in a temporary folder with the cheap test KDF, opens the real MainWindow
at 1280x800 and grabs each screen with QWidget.grab(). Dialogs are drawn over the window they
belong to. Then the screens that must hold at any size (the case list, the case view of a
couple and of the 40-session case, the note editor with its reflection panel, the
consultation summary and its review, each dialog sized as on a screen of that size) again at
1280x800 and 1440x900, at 100% and 200% text: ``layout/<size>-<text>-<screen>.png``. Nothing
but fictional demo data appears; the temporary folder (and the window layout remembered in
it) is removed afterwards."""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from casenotes.core.demo import generate_demo
from casenotes.core.domain import ClientType, ExportLogEntry, Note, NoteTemplate
from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui import layout_memory
from casenotes.ui.app import apply_font_size, create_application
from casenotes.ui.first_run import CHOOSE_PASSPHRASE, KEY
from casenotes.ui.main_window import MainWindow
from casenotes.ui.summary.summary_dialog import SummaryDialog
from casenotes.ui.workspace.case_view import OVER_TIME_TAB, OVERVIEW_TAB

# Fictional, for the throwaway vault only.
DEMO_PASSPHRASE = "copper meadow lantern violet 5820"
SIZE = (1280, 800)
LAYOUT_SIZES = ((1280, 800), (1440, 900))
TEXT_SCALES = (1, 2)  # 100% and 200% of the system's text size
LONG_CASE = "LONG-40"
PROCESS_NOTES_TEXT = "Noticed my own pull to take sides when the agreement came up."


def pump(ms: int = 50) -> None:
    """Let the event loop run for about ``ms`` milliseconds (layouts, paints, workers)."""
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)


def wait_until(condition: Callable[[], bool], what: str, timeout_s: float = 60.0) -> None:
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            raise SystemExit(f"screenshots: timed out waiting for {what}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    pump()


class Shooter:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.saved: list[Path] = []

    def window(self, name: str, window: QWidget) -> None:
        pump(150)
        self._save(name, window.grab())

    def dialog(self, name: str, window: QWidget, dialog: QWidget) -> None:
        """The dialog drawn centred over a dimmed window, as it appears on screen."""
        pump(150)
        canvas = window.grab()
        shot = dialog.grab()
        painter = QPainter(canvas)
        painter.fillRect(canvas.rect(), QColor(0, 0, 0, 60))
        x = max(0, (canvas.width() - shot.width()) // 2)
        y = max(0, (canvas.height() - shot.height()) // 2)
        painter.drawPixmap(QPoint(x, y), shot)
        painter.end()
        self._save(name, canvas)

    def _save(self, name: str, pixmap: QPixmap) -> None:
        path = self.out / f"{name}.png"
        if not pixmap.save(str(path), "PNG"):
            raise SystemExit(f"screenshots: could not write {path}")
        self.saved.append(path)
        print(path)


def new_window(vault: Path, policy: KdfPolicy) -> MainWindow:
    window = MainWindow(vault, policy=policy)
    window.resize(*SIZE)
    window.show()
    window.activateWindow()
    pump(200)
    return window


def first_run_screens(shoot: Shooter, folder: Path, policy: KdfPolicy) -> None:
    window = new_window(folder / "new" / "casenotes.vault", policy)
    page = window.first_run
    assert page is not None
    shoot.window("01-first-run-welcome", window)
    page.go_to(CHOOSE_PASSPHRASE)
    QTest.keyClicks(page.passphrase.edit, DEMO_PASSPHRASE)
    QTest.keyClicks(page.confirmation.edit, DEMO_PASSPHRASE)
    shoot.window("02-first-run-passphrase", window)
    page.passphrase_next.click()
    wait_until(lambda: page.steps.currentIndex() == KEY, "the recovery key page")
    shoot.window("03-first-run-recovery-key", window)
    page.reset()  # forget the passphrase and key; nothing was written
    window.close()
    window.deleteLater()
    pump()


def demo_vault(path: Path, policy: KdfPolicy) -> None:
    created = Journal.create(path, DEMO_PASSPHRASE, policy)
    journal = created.journal
    journal.import_bundles(generate_demo(cases=12, notes=120, seed=1))
    (long,) = generate_demo(cases=1, notes=40, seed=7)
    journal.import_bundles([replace(long, case=replace(long.case, code=LONG_CASE))])
    journal.lock()


def pick_couple_soap(journal: Journal) -> tuple[str, Note]:
    """A couple case and one of its unsigned SOAP notes with the most saved states (so the
    history has something to show), or failing that the case's latest note."""
    cases = [c for c in journal.list_cases() if c.code != LONG_CASE]
    couples = [c for c in cases if ClientType.COUPLE in c.client_types] or cases[:1]
    best: tuple[int, str, Note] | None = None
    for case in couples:
        for note in journal.notes_for_case(case.id):
            if note.template != NoteTemplate.SOAP or note.is_signed:
                continue
            rank = len(journal.revisions(note.id))
            if best is None or (rank, note.session_date) > (best[0], best[2].session_date):
                best = (rank, case.id, note)
    if best is not None:
        return best[1], best[2]
    notes = journal.notes_for_case(couples[0].id)
    return couples[0].id, max(notes, key=lambda n: n.session_date)


def workspace_screens(shoot: Shooter, vault: Path, policy: KdfPolicy) -> None:
    window = new_window(vault, policy)
    page = window.unlock_page
    assert page is not None
    shoot.window("04-unlock", window)

    QTest.keyClicks(page.passphrase.edit, DEMO_PASSPHRASE)
    page.unlock_button.click()
    wait_until(lambda: window.workspace is not None, "the workspace")
    workspace = window.workspace
    assert workspace is not None
    wait_until(workspace.search.is_ready, "the search index")
    window.statusBar().clearMessage()
    shoot.window("05-case-list", window)

    journal = window.journal
    assert journal is not None
    case_id, note = pick_couple_soap(journal)
    if not note.is_signed:
        # A second saved state, so that the history has something to show.
        sections = dict(note.sections)
        first = next(iter(sections))
        sections[first] = sections[first].rstrip() + "\n\nFollow-up agreed for next session."
        note = journal.save_note(replace(note, sections=sections))
    workspace.case_list.select_case(case_id)
    wait_until(
        lambda: (c := workspace.current_case()) is not None and c.id == case_id, "the couple case"
    )
    workspace.case_view.tabs.setCurrentIndex(OVER_TIME_TAB)
    shoot.window("06-case-view-couple", window)
    workspace.case_view.tabs.setCurrentIndex(OVERVIEW_TAB)
    # The same case in privacy mode, as it looks while the screen is shared.
    window.privacy_action.trigger()
    shoot.window("16-case-view-privacy", window)
    window.privacy_action.trigger()
    window.statusBar().clearMessage()

    workspace.open_note(case_id, note.id)
    wait_until(lambda: workspace.editor.note_id() == note.id, "the note")
    # The prompt forms are built a few per turn: shown once all are there and laid out.
    wait_until(lambda: not workspace.editor.reflection_panel.is_building(), "the prompt forms")
    pump(300)
    shoot.window("07-note-editor-soap", window)
    window.privacy_action.trigger()
    shoot.window("17-note-editor-privacy", window)
    window.privacy_action.trigger()
    window.statusBar().clearMessage()

    editor = workspace.editor
    if editor.history_button.isVisible() and editor.history_button.isEnabled():
        editor.open_history()
        wait_until(
            lambda: getattr(editor, "history_dialog", None) is not None, "the history dialog"
        )
        history = editor.history_dialog
        assert history is not None
        shoot.dialog("09-history", window, history)
        history.reject()
        pump()
    else:
        print(
            "screenshots: the chosen note is signed, so there is no history to show",
            file=sys.stderr,
        )

    workspace.focus_search()
    QTest.keyClicks(workspace.search.field, "agreement")
    wait_until(
        lambda: workspace.search.model.rowCount() > 0 and bool(workspace.search.summary.text()),
        "search results",
    )
    shoot.window("08-search-results", window)
    workspace.search.field.clear()
    pump()

    window.open_settings()
    shoot.dialog("10-settings", window, window.settings_dialog)
    window.settings_dialog.reject()
    pump()

    # The couple case is still the current one: a consultation summary of it, then its review.
    window.summary_action.trigger()
    summary = window.summary_dialog
    wait_until(lambda: summary.review_button.isEnabled(), "the summary dialog")
    QTest.keyClicks(
        summary.question,
        "How do I stay even-handed when their agreement feels unequal to one of them?",
    )
    shoot.dialog("13-consultation-summary", window, summary)
    # The couple's range holds an individual session with one partner: the window asks first.
    answer_question(shoot, "19-individual-sessions-question", window)
    summary.start_review()
    wait_until(lambda: summary.review is not None, "the review")
    review = summary.review
    assert review is not None
    shoot.dialog("14-summary-review", window, review)
    review.reject()
    summary.reject()
    pump()
    journal.log_export(
        ExportLogEntry(
            case_id=case_id,
            exported_at=datetime.now(UTC),
            kind="summary",
            format="md",
            sessions="5-12",
            content_sha256=hashlib.sha256(b"fictional summary").hexdigest(),
            consent="yes",
        )
    )
    window.export_log_action.trigger()
    shoot.dialog("15-export-log", window, window.export_log_dialog)
    window.export_log_dialog.reject()
    pump()

    # The case record's options, with process notes ticked so that their warning shows.
    window.record_action.trigger()
    record = window.record_export
    assert record is not None and record.dialog is not None
    record.dialog.process_notes.click()
    shoot.dialog("18-case-record", window, record.dialog)
    record.dialog.reject()
    pump()

    window.open_prompts()
    prompts = window.prompts_dialog
    assert prompts is not None
    shoot.dialog("12-reflection-prompts", window, prompts)
    prompts.reject()
    pump()

    window.open_about()
    shoot.dialog("11-about", window, window.about_dialog)
    window.about_dialog.reject()
    pump()

    window.close()
    pump()


def answer_question(shoot: Shooter, name: str | None, window: QWidget) -> None:
    """Once a message box asks (it runs its own event loop), shoot it (unless ``name`` is
    None) and answer Yes."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, look)
            return
        if name is not None:
            shoot.dialog(name, window, box)
        yes = box.button(QMessageBox.StandardButton.Yes)
        if yes is not None:
            yes.click()

    QTimer.singleShot(50, look)


def unlocked_window(vault: Path, policy: KdfPolicy) -> MainWindow:
    window = new_window(vault, policy)
    page = window.unlock_page
    assert page is not None
    QTest.keyClicks(page.passphrase.edit, DEMO_PASSPHRASE)
    page.unlock_button.click()
    wait_until(lambda: window.workspace is not None, "the workspace")
    workspace = window.workspace
    assert workspace is not None
    wait_until(workspace.search.is_ready, "the search index")
    window.statusBar().clearMessage()
    return window


def layout_screens(shoot: Shooter, vault: Path, policy: KdfPolicy) -> None:
    """The everyday screens at each size and text size, to look at for anything cut off."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base = app.font().pointSizeF()
    window = unlocked_window(vault, policy)
    workspace = window.workspace
    journal = window.journal
    assert workspace is not None and journal is not None
    cases = journal.list_cases()
    long_case = next(c for c in cases if c.code == LONG_CASE)
    couple_id, note = pick_couple_soap(journal)
    # Free process notes, so that a search can find them (and say where).
    journal.save_process_notes(replace(journal.process_notes(note.id), text=PROCESS_NOTES_TEXT))
    for scale in TEXT_SCALES:
        apply_font_size(round(base * scale))
        for width, height in LAYOUT_SIZES:
            window.resize(width, height)
            name = f"layout/{width}x{height}-{scale * 100}"
            workspace.close_note()
            workspace.case_list.select_case(couple_id)
            wait_until(
                lambda: (c := workspace.current_case()) is not None and c.id == couple_id,
                "the couple case",
            )
            shoot.window(f"{name}-case-list", window)
            for tab in range(workspace.case_view.tabs.count()):
                workspace.case_view.tabs.setCurrentIndex(tab)
                shoot.window(f"{name}-case-view-couple-tab{tab + 1}", window)
            over_time = workspace.case_view.over_time
            workspace.case_view.tabs.setCurrentIndex(OVER_TIME_TAB)
            over_time.table_button.click()
            shoot.window(f"{name}-case-view-couple-table", window)
            over_time.chart_button.click()
            workspace.search.field.setText("pull to take sides")
            workspace.search.run()
            shoot.window(f"{name}-search-process-notes", window)
            workspace.search.field.clear()
            workspace.case_list.select_case(long_case.id)
            wait_until(
                lambda: (c := workspace.current_case()) is not None and c.id == long_case.id,
                "the 40-session case",
            )
            shoot.window(f"{name}-case-view-40-sessions", window)
            workspace.case_view.tabs.setCurrentIndex(0)
            workspace.open_note(couple_id, note.id)
            wait_until(lambda: workspace.editor.note_id() == note.id, "the note")
            workspace.editor.set_reflection_shown(True)
            shoot.window(f"{name}-note-editor-reflection", window)
            workspace.editor.record_out(printing=False)
            release = workspace.editor.record_export.note_dialog
            assert release is not None
            shoot.dialog(f"{name}-note-release", window, release)
            release.reject()
            pump()
            workspace.close_note()
    apply_font_size(0)
    window.close()
    pump()


def summary_screens(shoot: Shooter, vault: Path, policy: KdfPolicy) -> None:
    """The consultation summary and its review at each size and text size: both fit the
    screen, and their button rows stay in view (the rest scrolls)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base = app.font().pointSizeF()
    window = unlocked_window(vault, policy)
    workspace = window.workspace
    journal = window.journal
    assert workspace is not None and journal is not None
    couple_id, _note = pick_couple_soap(journal)
    workspace.case_list.select_case(couple_id)
    wait_until(
        lambda: (c := workspace.current_case()) is not None and c.id == couple_id,
        "the couple case",
    )
    for scale in TEXT_SCALES:
        apply_font_size(round(base * scale))
        for width, height in LAYOUT_SIZES:
            window.resize(width, height)
            name = f"layout/{width}x{height}-{scale * 100}"
            window.summary_action.trigger()
            summary = window.summary_dialog
            assert summary is not None
            wait_until(summary.review_button.isEnabled, "the summary dialog")
            fit_dialog(summary, width, height)
            shoot.dialog(f"{name}-summary", window, summary)
            answer_question(shoot, None, window)  # individual sessions with one partner
            summary.start_review()
            wait_until(partial(has_review, summary), "the review")
            review = summary.review
            assert review is not None
            fit_dialog(review, width, height)
            shoot.dialog(f"{name}-summary-review", window, review)
            review.reject()
            summary.reject()
            pump()
    apply_font_size(0)
    window.close()
    pump()


def has_review(summary: SummaryDialog) -> bool:
    return summary.review is not None


def fit_dialog(dialog: QWidget, width: int, height: int) -> None:
    """The dialog sized as on a screen of ``width`` x ``height`` (the offscreen screen has
    its own size, which is not the one being shown)."""
    fit = getattr(dialog, "fit_to", None)
    if callable(fit):
        fit(QRect(0, 0, width, height))
    pump()


def _history_note(journal: Journal) -> tuple[str, Note]:
    """An unsigned note with two saved states at least: the history has a diff to show."""
    case_id, note = pick_couple_soap(journal)
    if note.is_signed or len(journal.revisions(note.id)) < 2:
        sections = dict(note.sections)
        first = next(iter(sections))
        sections[first] = sections[first].rstrip() + "\n\nFollow-up agreed for next session."
        if not note.is_signed:
            note = journal.save_note(replace(note, sections=sections))
    return case_id, note


def action_screens(shoot: Shooter, vault: Path, policy: KdfPolicy) -> None:
    """The screens of the everyday actions (issue 13) at each size and text size: first run
    with "Open an existing vault", search with "Show more", the history against the note now,
    the case code's name warning, the user guide and the recovery-key reset."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base = app.font().pointSizeF()
    window = unlocked_window(vault, policy)
    workspace = window.workspace
    journal = window.journal
    assert workspace is not None and journal is not None
    case_id, note = _history_note(journal)
    _fill_trash(journal, keep=case_id)
    for scale in TEXT_SCALES:
        apply_font_size(round(base * scale))
        for width, height in LAYOUT_SIZES:
            window.resize(width, height)
            name = f"actions-{width}x{height}-{scale * 100}"
            workspace.close_note()
            workspace.search.field.setText("session")
            workspace.search.run()
            shoot.window(f"{name}-search-show-more", window)
            workspace.search.field.clear()
            workspace.open_note(case_id, note.id)
            wait_until(lambda: workspace.editor.note_id() == note.id, "the note")
            workspace.editor.open_history()
            history = workspace.editor.history_dialog
            assert history is not None
            history.select_row(history.model.rowCount() - 1)
            shoot.dialog(f"{name}-history-diff", window, history)
            history.reject()
            workspace.close_note()
            workspace.new_case()
            dialog = workspace.case_dialog
            assert dialog is not None
            QTest.keyClicks(dialog.code_edit, "Maria Lopez")  # fictional
            shoot.dialog(f"{name}-case-code-warning", window, dialog)
            dialog.reject()
            workspace.trash_dialog()
            trash = workspace.trash
            assert trash is not None
            shoot.dialog(f"{name}-trash", window, trash)
            trash.reject()
            pump()
            tabs = workspace.case_view.tabs
            tabs.setCurrentWidget(workspace.case_view.goals_section)
            shoot.window(f"{name}-goals-delete", window)
            tabs.setCurrentIndex(0)
            window.guide_action.trigger()
            guide = window.guide_dialog
            assert guide is not None
            shoot.dialog(f"{name}-user-guide", window, guide)
            guide.reject()
            pump()
    apply_font_size(0)
    window.close()
    pump()


def _fill_trash(journal: Journal, keep: str) -> None:
    """One case, one note and one goal in the trash, for its screenshot (not ``keep``'s)."""
    cases = [c for c in journal.list_cases() if c.id != keep]
    with_goal = next(c for c in cases if journal.goals_for_case(c.id))
    journal.trash_goal(journal.goals_for_case(with_goal.id)[0].id)
    with_notes = next(c for c in cases if c.id != with_goal.id and journal.notes_for_case(c.id))
    journal.trash_note(journal.notes_for_case(with_notes.id)[-1].id)
    journal.trash_case(next(c for c in cases if c.id not in (with_goal.id, with_notes.id)).id)


def first_run_key(shoot: Shooter, name: str, window: MainWindow) -> None:
    """First run's recovery-key page, reached as a new user does; then back to the welcome
    (nothing was written)."""
    page = window.first_run
    assert page is not None
    page.go_to(CHOOSE_PASSPHRASE)
    QTest.keyClicks(page.passphrase.edit, DEMO_PASSPHRASE)
    QTest.keyClicks(page.confirmation.edit, DEMO_PASSPHRASE)
    page.passphrase_next.click()
    wait_until(lambda: page.steps.currentIndex() == KEY, "the recovery key page")
    shoot.window(name, window)
    page.reset()


def locked_screens(shoot: Shooter, folder: Path, vault: Path, policy: KdfPolicy) -> None:
    """First run's welcome (Create, or Open an existing vault), its recovery-key page, and
    the recovery-key reset (the key hidden, with Show), at each size and text size."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base = app.font().pointSizeF()
    fresh = new_window(folder / "fresh" / "casenotes.vault", policy)
    locked = new_window(vault, policy)
    page = locked.unlock_page
    assert page is not None
    for scale in TEXT_SCALES:
        apply_font_size(round(base * scale))
        for width, height in LAYOUT_SIZES:
            name = f"actions-{width}x{height}-{scale * 100}"
            fresh.resize(width, height)
            shoot.window(f"{name}-first-run-welcome", fresh)
            first_run_key(shoot, f"{name}-first-run-recovery-key", fresh)
            locked.resize(width, height)
            page.open_recovery()
            recovery = page.recovery_dialog
            assert recovery is not None
            fit_dialog(recovery, width, height)
            QTest.keyClicks(
                recovery.key_edit,
                "ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-Z2345-67ABC-DEFGH-IJKLM-NOPQR-STUVW",
            )  # not a real key
            shoot.dialog(f"{name}-recovery-key-hidden", locked, recovery)
            recovery.key_field.toggle.click()
            shoot.dialog(f"{name}-recovery-key-shown", locked, recovery)
            recovery.reject()
            pump()
    apply_font_size(0)
    for window in (fresh, locked):
        window.close()
    pump()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the PNG files")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "layout").mkdir(exist_ok=True)
    app: QApplication = create_application()
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    policy = KdfPolicy.testing()
    shoot = Shooter(out)
    with tempfile.TemporaryDirectory(prefix="casenotes-shots-") as tmp:
        folder = Path(tmp)
        layout_memory.use_file(folder / "layout.ini")  # the user's own layout stays as it is
        first_run_screens(shoot, folder, policy)
        vault = folder / "demo" / "casenotes.vault"
        demo_vault(vault, policy)
        workspace_screens(shoot, vault, policy)
        layout_screens(shoot, vault, policy)
        summary_screens(shoot, vault, policy)
        action_screens(shoot, vault, policy)
        locked_screens(shoot, folder, vault, policy)
    print(f"{len(shoot.saved)} screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
