"""Help → User guide: the README's guide, shipped, shown offline; no link is followed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from casenotes.ui.guide_dialog import GuideDialog, guide_markdown
from casenotes.ui.main_window import MainWindow

from .conftest import MakeWindow

pytestmark = pytest.mark.usefixtures("shell_env")


def test_the_guide_is_shipped_and_complete() -> None:
    text = guide_markdown()
    assert text.startswith("# Casenotes user guide")
    for heading in (
        "## Using Casenotes",
        "## Changing your passphrase",
        "## Your recovery key",
        "## Backups, and getting your notes out",
    ):
        assert heading in text
    assert "](" not in text  # no picture or link to fetch or follow


def test_help_opens_the_guide_from_the_menu(
    qtbot: QtBot, make_window: MakeWindow, recovery_key: str
) -> None:
    window: MainWindow = make_window()  # locked: the guide is there before unlocking too
    assert window.guide_action.isEnabled()
    help_menu = window.menuBar().actions()[-1].menu()
    assert help_menu is not None and window.guide_action in help_menu.actions()
    window.guide_action.trigger()
    dialog = window.guide_dialog
    assert isinstance(dialog, GuideDialog)
    qtbot.waitUntil(dialog.isVisible)
    shown = dialog.browser.toPlainText()
    assert "Privacy mode" in shown and "**" not in shown  # rendered, not raw Markdown
    dialog.reject()


def test_the_browser_loads_nothing_and_follows_no_link(qtbot: QtBot) -> None:
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    browser = dialog.browser
    assert not browser.openLinks() and not browser.openExternalLinks()
    resource = browser.loadResource(
        int(QTextDocument.ResourceType.ImageResource), QUrl("https://example.org/pixel.png")
    )
    assert resource is None
    before = browser.source()
    browser.setMarkdown("[a page](https://example.org/)")
    browser.anchorClicked.emit(QUrl("https://example.org/"))
    assert browser.source() == before
