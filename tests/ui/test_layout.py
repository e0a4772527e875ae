"""At 1280x800 and 1440x900, with the text at 100% and at 200% (double the application's
point size), every control of the case view (each tab), of the note editor with its
reflection panel, of the consultation summary and its review, of first run's recovery-key
page, of the recovery, settings, passphrase and re-keying dialogs can be seen and reached,
and the dialogs fit the screen.
See ``layout_check`` for what that means; nothing here depends on the fonts installed. All
people and details are fictional."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from casenotes.core.demo import generate_demo
from casenotes.core.domain import ClientType, Goal
from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.app import apply_font_size
from casenotes.ui.first_run import CHOOSE_PASSPHRASE, KEY
from casenotes.ui.main_window import MainWindow
from casenotes.ui.summary.findings_model import COL_STATE
from casenotes.ui.tasks import SyncTaskRunner
from casenotes.ui.workspace import Workspace

from .layout_check import cut_paragraphs, shown_controls, unreachable
from .support import PASSPHRASE, unlock

pytestmark = pytest.mark.usefixtures("shell_env")

SIZES = [(1280, 800), (1440, 900)]


LONG_GOAL = (
    "Talk about jealousy without blaming each other, and check in about it "
    "monthly, each in words the other can hear"
)


@pytest.fixture(params=[1, 2], ids=["100%", "200%"])
def text_scale(request: pytest.FixtureRequest) -> int:
    return int(request.param)


def scale_text(scale: int) -> None:
    """The application's text at ``scale`` times the system's size, as the Settings' text
    size sets it (shell_env puts it back)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_font_size(0)
    apply_font_size(round(app.font().pointSizeF() * scale))


@pytest.fixture
def demo_vault(vault_path: Path, policy: KdfPolicy) -> Path:
    journal = Journal.create(vault_path, PASSPHRASE, policy).journal
    journal.import_bundles(generate_demo(cases=12, notes=120, seed=1))
    couple = next(c for c in journal.list_cases() if ClientType.COUPLE in c.client_types)
    journal.save_goal(Goal(case_id=couple.id, text=LONG_GOAL))
    journal.lock()
    return vault_path


def open_window(
    qtbot: QtBot, vault: Path, policy: KdfPolicy, size: tuple[int, int]
) -> tuple[MainWindow, Workspace]:
    window = MainWindow(vault, policy=policy, tasks=SyncTaskRunner())
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    unlock(qtbot, window)
    workspace = window.workspace
    assert isinstance(workspace, Workspace)
    return window, workspace


def assert_reachable(root: QWidget, window: QWidget) -> None:
    assert shown_controls(root), "nothing shown to check"
    problems = unreachable(root, window)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "1440x900"])
def test_every_control_of_the_case_view_and_note_editor_is_reachable(
    qtbot: QtBot, demo_vault: Path, policy: KdfPolicy, size: tuple[int, int], text_scale: int
) -> None:
    window, workspace = open_window(qtbot, demo_vault, policy, size)
    scale_text(text_scale)
    assert window.journal is not None
    cases = window.journal.list_cases()
    journal = window.journal
    couple = next(c for c in cases if ClientType.COUPLE in c.client_types)
    assert journal.notes_for_case(couple.id)
    workspace.restore_location(couple.id, None)
    view = workspace.case_view
    qtbot.waitUntil(view.isVisible)
    for tab in range(view.tabs.count()):
        view.tabs.setCurrentIndex(tab)
        assert_reachable(view, window)
        # the header's buttons stay in view whichever tab is open
        assert view.new_note_button.isVisible() and view.edit_button.isVisible()
    # The sessions keep room for a few of them at any text size (the header folds its
    # chips away when they would take too much of a short view).
    timeline = view.timeline
    assert timeline.viewport().height() >= 3 * timeline.sizeHintForRow(0)
    view.show_trash_check.setChecked(True)  # the restore button shows too
    assert_reachable(view, window)

    note = window.journal.notes_for_case(couple.id)[0]
    assert workspace.open_note(couple.id, note.id)
    editor = workspace.editor
    editor.set_reflection_shown(True)
    qtbot.waitUntil(lambda: editor.reflection_panel.isVisible() and editor.width() > 0)
    # Every prompt form there (they are built a few per turn) and laid out.
    qtbot.waitUntil(lambda: not editor.reflection_panel.is_building())
    qtbot.wait(10)
    assert LONG_GOAL[:20] in " ".join(c.text() for c in editor.goal_links.checks.values())
    body = editor.body_scroll
    # The splitter gives the panel its share once both sides have laid out (a few events).
    qtbot.waitUntil(
        lambda: body.widget() is not None and body.widget().width() <= body.viewport().width()
    )
    assert_reachable(editor, window)
    assert body.widget() is not None
    assert body.widget().width() <= body.viewport().width()  # the note's text fits across
    window.tasks.wait_idle()
    window.journal.lock()


def assert_fits(dialog: QDialog, size: tuple[int, int]) -> None:
    """``dialog`` as it opens on a screen of ``size`` (the offscreen screen has a size of
    its own): inside it, every control reachable and no paragraph cut short."""
    dialog.fit_to(QRect(0, 0, *size))  # type: ignore[attr-defined]
    QApplication.processEvents()
    assert dialog.width() <= size[0] and dialog.height() <= size[1]
    assert_reachable(dialog, dialog)
    assert not cut_paragraphs(dialog), cut_paragraphs(dialog)


def assert_headings_whole(table: QTableView, *, through: int) -> None:
    """Every heading of ``table`` as wide as it asks (not cut to "placeme"), and the
    columns up to ``through`` in view without scrolling sideways."""
    header = table.horizontalHeader()
    for column in range(header.count()):
        assert header.sectionSize(column) >= header.sectionSizeHint(column), column
    end = header.sectionPosition(through) + header.sectionSize(through)
    assert end <= table.viewport().width()


def in_scroll_area(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def assert_on_screen(dialog: QDialog) -> None:
    """Opened on the real (offscreen) screen: never larger than its free area."""
    screen = dialog.screen()
    assert screen is not None
    area = screen.availableGeometry()
    assert dialog.width() <= area.width() and dialog.height() <= area.height()


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "1440x900"])
def test_the_summary_and_its_review_fit_and_every_control_is_reachable(
    qtbot: QtBot,
    demo_vault: Path,
    policy: KdfPolicy,
    size: tuple[int, int],
    text_scale: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The couple's range holds an individual session: the modal question is answered Yes.
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    )
    window, workspace = open_window(qtbot, demo_vault, policy, size)
    scale_text(text_scale)
    assert window.journal is not None
    couple = next(c for c in window.journal.list_cases() if ClientType.COUPLE in c.client_types)
    workspace.restore_location(couple.id, None)
    window.summary_action.trigger()
    summary = window.summary_dialog
    assert summary is not None
    qtbot.waitUntil(summary.review_button.isEnabled)
    assert_on_screen(summary)
    assert_fits(summary, size)
    # The buttons sit below the part that scrolls: in view however short the screen.
    assert not summary.body_scroll.isAncestorOf(summary.review_button)

    summary.start_review()
    qtbot.waitUntil(lambda: summary.review is not None)
    review = summary.review
    assert review is not None
    qtbot.waitExposed(review)
    assert_on_screen(review)
    assert_fits(review, size)
    assert not review.body_scroll.isAncestorOf(review.export_button)
    assert_headings_whole(review.table, through=COL_STATE)
    review.reject()
    summary.reject()
    window.tasks.wait_idle()
    window.journal.lock()


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "1440x900"])
def test_the_first_run_recovery_key_page_shows_the_key_whole_and_every_control(
    qtbot: QtBot, vault_path: Path, policy: KdfPolicy, size: tuple[int, int], text_scale: int
) -> None:
    window = MainWindow(vault_path, policy=policy, tasks=SyncTaskRunner())
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    scale_text(text_scale)
    page = window.first_run
    assert page is not None
    page.go_to(CHOOSE_PASSPHRASE)
    qtbot.keyClicks(page.passphrase.edit, PASSPHRASE)
    qtbot.keyClicks(page.confirmation.edit, PASSPHRASE)
    page.passphrase_next.click()
    assert page.steps.currentIndex() == KEY
    step = page.steps.currentWidget()
    qtbot.waitUntil(lambda: page.kit_button.isVisible())
    assert_reachable(step, window)
    assert not cut_paragraphs(step), cut_paragraphs(step)
    # The page scrolls rather than squeeze: each button as wide as it asks ...
    for button in (page.copy_button, page.print_button, page.kit_button, page.key_next):
        assert button.width() >= button.sizeHint().width(), button.text()
    # ... and the key whole, every line of it inside its frame.
    label = page.key_label
    assert label.text().replace("\n", "") == page.recovery_key
    room = label.contentsRect().width()
    for line in label.text().split("\n"):
        assert label.fontMetrics().horizontalAdvance(line) <= room, line
    page.reset()


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "1440x900"])
def test_the_recovery_dialog_fits_and_its_text_is_whole(
    qtbot: QtBot, demo_vault: Path, policy: KdfPolicy, size: tuple[int, int], text_scale: int
) -> None:
    window = MainWindow(demo_vault, policy=policy, tasks=SyncTaskRunner())
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    scale_text(text_scale)
    page = window.unlock_page
    assert page is not None
    page.open_recovery()
    dialog = page.recovery_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.key_edit, "ABCDE-FGHIJ")  # a line under the key shows too
    assert_on_screen(dialog)
    assert_fits(dialog, size)
    assert not dialog.body_scroll.isAncestorOf(dialog.reset_button)
    dialog.reject()


def test_the_settings_and_key_dialogs_fit_and_their_text_is_whole(
    qtbot: QtBot, demo_vault: Path, policy: KdfPolicy, text_scale: int
) -> None:
    size = SIZES[0]  # the smaller screen: what fits there fits the larger one
    window, _workspace = open_window(qtbot, demo_vault, policy, size)
    scale_text(text_scale)
    opened: list[tuple[Callable[[], None], Callable[[], Any]]] = [
        (window.open_settings, lambda: window.settings_dialog),
        (window.open_change_passphrase, lambda: window.passphrase_dialog),
        (window.open_rekey, lambda: window.rekey_dialog),
    ]
    for open_it, get in opened:
        open_it()
        dialog = get()
        assert isinstance(dialog, QDialog)
        qtbot.waitExposed(dialog)
        assert_on_screen(dialog)
        assert_fits(dialog, size)
        # Its buttons sit below the part that scrolls: in view however short the screen.
        buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisible()]
        assert buttons and not any(in_scroll_area(b, dialog) for b in buttons)
        dialog.reject()
    assert window.journal is not None
    window.tasks.wait_idle()
    window.journal.lock()
