"""casenotes.ui.key_label: the recovery key broken between its groups onto as many lines as
its width needs, never a group cut or a line past the frame. Widths are compared with the
label's own font metrics, so nothing depends on the fonts installed. The key is fictional."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casenotes.ui.app import apply_font_size
from casenotes.ui.key_label import KeyLabel, key_lines

pytestmark = pytest.mark.usefixtures("shell_env")

KEY = "ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-Z2345-67ABC-DEFGH-IJKLM-NOPQR-STUVW"


def groups_per_line(text: str) -> list[int]:
    return [len(line.rstrip("-").split("-")) for line in text.split("\n")]


def test_key_lines_break_between_groups_and_share_the_lines_out_evenly() -> None:
    two_lines = "ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-Z2345-\n67ABC-DEFGH-IJKLM-NOPQR-STUVW"
    assert key_lines(KEY) == two_lines
    # five fit a line: 4, 4 and 3 groups, not 5, 5 and a lone one
    assert groups_per_line(key_lines(KEY, 5)) == groups_per_line(key_lines(KEY, 4)) == [4, 4, 3]
    assert key_lines(KEY, 1).count("\n") == 10
    for per_line in range(1, 12):
        assert key_lines(KEY, per_line).replace("\n", "") == KEY


def label_at(qtbot: QtBot, width: int) -> KeyLabel:
    label = KeyLabel(scale=1.45)
    qtbot.addWidget(label)
    label.set_key(KEY)
    label.resize(width, 200)
    label.show()
    qtbot.waitExposed(label)
    return label


def lines_fit(label: KeyLabel) -> bool:
    room = label.contentsRect().width()
    metrics = label.fontMetrics()
    return all(metrics.horizontalAdvance(line) <= room for line in label.text().split("\n"))


def test_a_wide_label_shows_the_key_on_two_lines(qtbot: QtBot) -> None:
    label = label_at(qtbot, 3000)
    assert label.text().count("\n") == 1
    assert label.text().replace("\n", "") == KEY == label.key


def test_a_narrow_label_takes_more_lines_and_each_fits(qtbot: QtBot) -> None:
    group = label_at(qtbot, 3000).fontMetrics().horizontalAdvance("W" * 6)
    label = label_at(qtbot, group * 3 + 40)
    assert label.text().count("\n") >= 3
    assert lines_fit(label)
    assert label.text().replace("\n", "") == KEY
    # it may be laid out as narrow as one group
    assert label.minimumSizeHint().width() <= group + 40


def test_larger_text_breaks_the_key_again(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    group = label_at(qtbot, 3000).fontMetrics().horizontalAdvance("W" * 6)
    label = label_at(qtbot, group * 4 + 40)
    before = label.text().count("\n")
    apply_font_size(0)
    apply_font_size(round(app.font().pointSizeF() * 2))  # as Settings does; shell_env undoes it
    qtbot.waitUntil(lambda: label.text().count("\n") > before)
    assert lines_fit(label)


def test_clear_forgets_the_key(qtbot: QtBot) -> None:
    label = label_at(qtbot, 800)
    label.clear()
    assert label.key == "" and label.text() == ""
    label.resize(400, 200)  # a later resize does not bring it back
    assert label.text() == ""
