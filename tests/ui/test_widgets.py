"""Caps Lock detection, the passphrase field and the strength meter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from casenotes.ui.app import apply_font_size
from casenotes.ui.widgets import (
    STRONG_ENOUGH,
    VERDICTS,
    PassphraseField,
    StrengthMeter,
    caps_lock_from_key,
    heading,
)

from .support import PASSPHRASE, WEAK_PASSPHRASE

pytestmark = pytest.mark.usefixtures("shell_env")


@pytest.mark.parametrize(
    ("text", "shift", "expected"),
    [
        ("a", False, False),
        ("A", True, False),
        ("A", False, True),  # a capital without Shift: Caps Lock is on
        ("a", True, True),  # a small letter with Shift: Caps Lock is on
        ("é", False, False),
        ("É", False, True),
        ("1", False, None),  # digits and punctuation tell nothing
        ("!", True, None),
        (" ", False, None),
        ("", False, None),
        ("ab", False, None),
        ("中", False, None),  # letters without case tell nothing
    ],
)
def test_caps_lock_from_key(text: str, shift: bool, expected: bool | None) -> None:
    assert caps_lock_from_key(text, shift) is expected


def test_the_field_warns_about_caps_lock(qtbot: QtBot) -> None:
    field = PassphraseField("Passphrase")
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClick(field.edit, "A")  # QTest sends no Shift: looks like Caps Lock
    assert field.caps_lock_on
    assert field.caps_label.isVisible()
    qtbot.keyClick(field.edit, Qt.Key.Key_CapsLock)  # switched off
    assert not field.caps_lock_on
    assert not field.caps_label.isVisible()
    qtbot.keyClick(field.edit, Qt.Key.Key_CapsLock)
    assert field.caps_lock_on
    qtbot.keyClick(field.edit, "b")
    assert not field.caps_lock_on
    qtbot.keyClick(field.edit, "7")  # tells nothing, changes nothing
    assert not field.caps_lock_on


def test_show_and_hide(qtbot: QtBot) -> None:
    field = PassphraseField("Passphrase")
    qtbot.addWidget(field)
    assert field.edit.echoMode() == QLineEdit.EchoMode.Password
    field.toggle.click()
    assert field.edit.echoMode() == QLineEdit.EchoMode.Normal
    assert field.toggle.text() == "Hide"
    field.toggle.click()
    assert field.edit.echoMode() == QLineEdit.EchoMode.Password
    assert field.edit.accessibleName() == "Passphrase"
    assert field.toggle.accessibleName()


def test_the_meter_gives_zxcvbn_advice(qtbot: QtBot) -> None:
    meter = StrengthMeter()
    qtbot.addWidget(meter)
    strength = meter.set_passphrase(WEAK_PASSPHRASE)
    assert not meter.acceptable
    assert strength.score < 3
    assert meter.verdict.text().startswith("Strength: ")
    assert meter.advice.text()  # zxcvbn's warning or suggestions
    for part in (strength.warning, *strength.suggestions):
        assert part in meter.advice.text()
    meter.set_passphrase(PASSPHRASE)
    assert meter.acceptable
    assert meter.bar.value() >= 3
    meter.set_passphrase("")
    assert not meter.acceptable
    assert meter.bar.value() == 0


@pytest.mark.parametrize(
    "passphrase",
    [PASSPHRASE, "correct horse battery staple lantern", "Tr0ub4dor&3 quietly hums at noon"],
)
def test_the_meter_says_one_thing_on_one_scale(qtbot: QtBot, passphrase: str) -> None:
    """Never "Very strong" beside "time to guess: 4 months": an acceptable passphrase gets
    its verdict and one plain sentence, with no time on another scale."""
    meter = StrengthMeter()
    qtbot.addWidget(meter)
    strength = meter.set_passphrase(passphrase)
    assert strength.acceptable
    assert meter.verdict.text() == f"Strength: {VERDICTS[strength.score]}"
    assert meter.advice.text() == STRONG_ENOUGH
    assert strength.crack_time not in meter.advice.text()


def test_themed_styles_follow_a_theme_change(qtbot: QtBot) -> None:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication, QPushButton

    from casenotes.ui.app import apply_theme
    from casenotes.ui.widgets import set_themed_style

    button = QPushButton("Forgot your passphrase?")
    qtbot.addWidget(button)
    set_themed_style(button, "QPushButton { color: $link; }")
    button.show()
    apply_theme("dark")
    link = QApplication.palette().color(QPalette.ColorRole.Link).name()
    qtbot.waitUntil(lambda: link in button.styleSheet())  # the change is posted
    button.hide()
    apply_theme("light")  # hidden: brought up to date when shown again
    button.show()
    light = QApplication.palette().color(QPalette.ColorRole.Link).name()
    assert light != link
    qtbot.waitUntil(lambda: light in button.styleSheet())


def test_a_heading_follows_the_text_size_at_once(qtbot: QtBot) -> None:
    """Only windows hear of an application font change: a heading inside one must still
    take the new size without being rebuilt."""
    window = QWidget()
    layout = QVBoxLayout(window)
    label = heading("Sessions", scale=1.2)
    layout.addWidget(label)
    qtbot.addWidget(window)
    window.show()
    base = QApplication.font().pointSizeF()
    try:
        apply_font_size(round(base * 2))
        qtbot.waitUntil(lambda: label.font().pointSizeF() >= base * 2)
    finally:
        apply_font_size(0)
    assert abs(label.font().pointSizeF() - QApplication.font().pointSizeF() * 1.2) < 0.2
