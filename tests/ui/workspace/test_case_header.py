"""The case view's header: code, name outside privacy mode, chips, and the two buttons; the
chips take a new text size at once; an arrow folds the chips away. All people and details
are fictional."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casenotes.ui.shared.widgets import Chip
from casenotes.ui.workspace.case_header import CaseHeader


@pytest.fixture
def header(qtbot: QtBot) -> CaseHeader:
    made = CaseHeader()
    qtbot.addWidget(made)
    made.resize(800, 200)
    made.show()
    qtbot.waitExposed(made)
    return made


@pytest.fixture
def larger_text() -> Iterator[float]:
    """Doubles the application's text size for the test, then puts it back."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    original = font.pointSizeF()
    yield original
    font.setPointSizeF(original)
    app.setFont(font)


def chip_texts(header: CaseHeader) -> list[str]:
    return [w.text() for w in header.chips.widgets() if isinstance(w, Chip)]


def test_the_case_with_its_chips(header: CaseHeader, small: dict[str, Any]) -> None:
    header.show_case(small["couple"], private=False, mask=str)
    assert "CPL-07" in header.title.text() and "Rowan &amp; Kit" in header.title.text()
    assert chip_texts(header) == ["Active", "Couple", "Client of sex workers", "#agreements"]
    assert header.edit_button.isEnabled()
    assert header.new_note_button.text() == "New note"


def test_privacy_mode_shows_the_code_and_masked_tags(
    header: CaseHeader, small: dict[str, Any]
) -> None:
    header.show_case(small["couple"], private=True, mask=lambda text: "[Tag]")
    assert "Rowan" not in header.title.text()
    assert "#[Tag]" in chip_texts(header)
    assert not header.edit_button.isEnabled()
    assert header.edit_button.toolTip()


def test_chips_follow_the_text_size_at_once(
    qtbot: QtBot, header: CaseHeader, small: dict[str, Any], larger_text: float
) -> None:
    header.show_case(small["couple"], private=False, mask=str)
    chip = next(w for w in header.chips.widgets() if isinstance(w, Chip))
    before = chip.sizeHint().height()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    font.setPointSizeF(larger_text * 2)
    app.setFont(font)
    qtbot.waitUntil(lambda: chip.font().pointSizeF() == larger_text * 2)
    assert chip.sizeHint().height() > before * 1.5
    assert header.chips.sizeHint().height() >= chip.sizeHint().height()


def test_the_arrow_folds_the_details_and_says_what_it_does(
    qtbot: QtBot, header: CaseHeader, small: dict[str, Any]
) -> None:
    header.show_case(small["couple"], private=False, mask=str)
    assert header.details_shown() and header.chips.isVisible()
    assert header.details_toggle.accessibleName() == "Hide status, client types and tags"
    with qtbot.waitSignal(header.details_chosen) as chosen:
        qtbot.mouseClick(header.details_toggle, Qt.MouseButton.LeftButton)
    assert chosen.args == [False]
    header.set_details_shown(False)  # the case view decides; here as it would
    assert not header.chips.isVisible() and header.title.isVisible()
    assert header.details_toggle.accessibleName() == "Show status, client types and tags"
    # folded, the chips are still read out with the title
    assert "Couple" in header.title.accessibleDescription()
    assert header.details_height(header.title.width()) > 0  # what unfolding would take
