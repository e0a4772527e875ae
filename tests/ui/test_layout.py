"""At 1280x800 and 1440x900, with the text at 100% and at 200% (double the application's
point size), every control of the case view (each tab) and of the note editor with its
reflection panel can be seen and reached. See ``layout_check`` for what that means; nothing
here depends on the fonts installed. All people and details are fictional."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from casenotes.core.demo import generate_demo
from casenotes.core.domain import ClientType, Goal
from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.app import apply_font_size
from casenotes.ui.main_window import MainWindow
from casenotes.ui.tasks import SyncTaskRunner
from casenotes.ui.workspace import Workspace

from .layout_check import shown_controls, unreachable
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
    view.show_trash_check.setChecked(True)  # the restore button shows too
    assert_reachable(view, window)

    note = window.journal.notes_for_case(couple.id)[0]
    assert workspace.open_note(couple.id, note.id)
    editor = workspace.editor
    editor.set_reflection_shown(True)
    qtbot.waitUntil(lambda: editor.reflection_panel.isVisible() and editor.width() > 0)
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
