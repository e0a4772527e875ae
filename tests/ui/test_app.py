"""Starting the window: the shipped prompt library is validated first; the text size sets
the size of check box and radio button indicators too."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QMessageBox,
    QRadioButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from casenotes.core.journal import Journal
from casenotes.core.prompts import library
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui import app, window_memory
from casenotes.ui.indicator_style import ScaledIndicators
from casenotes.ui.workspace.wrapping_buttons import WrappingCheckBox


def test_a_damaged_prompt_library_stops_the_start_with_its_file_and_line(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    broken = 'version = 1\n\n[[prompt]]\nid = "x"\ntext = "A prompt"\nkind = "sometimes"\n'
    monkeypatch.setattr(library, "read_default_library_text", lambda: broken)
    library.load_default_library.cache_clear()
    try:
        assert app.run_gui(tmp_path / "casenotes.vault") == 1
    finally:
        monkeypatch.undo()
        library.load_default_library.cache_clear()
    [message] = shown
    assert "default-prompts.toml, line 3" in message
    assert not (tmp_path / "casenotes.vault").exists()


@pytest.mark.usefixtures("shell_env", "recovery_key")
def test_a_damaged_prompt_library_stops_the_start_before_an_existing_vault_is_opened(
    monkeypatch: pytest.MonkeyPatch, vault_path: Path, policy: KdfPolicy
) -> None:
    """With a vault, the library is checked after the unlock page is painted, on the worker,
    before the journal opens: the same message, status 1, and the vault left as it was."""
    shown: list[str] = []
    opened: list[Path] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    broken = 'version = 1\n\n[[prompt]]\nid = "x"\ntext = "A prompt"\nkind = "sometimes"\n'
    monkeypatch.setattr(library, "read_default_library_text", lambda: broken)
    monkeypatch.setattr(Journal, "open", classmethod(lambda _cls, path, *_: opened.append(path)))
    monkeypatch.setattr(window_memory, "default_memory", lambda: None)
    before = vault_path.read_bytes()
    library.load_default_library.cache_clear()
    try:
        assert app.run_gui(vault_path, policy=policy) == 1
    finally:
        monkeypatch.undo()
        library.load_default_library.cache_clear()
    [message] = shown
    assert "default-prompts.toml, line 3" in message
    assert opened == []
    assert vault_path.read_bytes() == before


def test_the_shipped_library_is_sound() -> None:
    assert app.prompt_library_is_sound()


def test_the_application_icon_has_every_shipped_size(qapp: object) -> None:
    icon = app.application_icon()
    assert not icon.isNull()
    sizes = {size.width() for size in icon.availableSizes()}
    assert sizes == set(app.ICON_SIZES)
    assert not app.create_application().windowIcon().isNull()


@pytest.mark.usefixtures("shell_env")
def test_check_and_radio_indicators_grow_with_the_text_size(qtbot: QtBot) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    check, radio, wrapping = QCheckBox("Include safety"), QRadioButton("Yes"), WrappingCheckBox("A")
    tree = QTreeWidget()
    item = QTreeWidgetItem(["An excerpt"])
    item.setCheckState(0, Qt.CheckState.Checked)
    tree.addTopLevelItem(item)
    for widget in (check, radio, wrapping, tree):
        layout.addWidget(widget)
    box.show()
    qtbot.waitExposed(box)
    metric = QStyle.PixelMetric

    def sizes() -> tuple[int, int, int, int]:
        QApplication.processEvents()
        return (
            check.style().pixelMetric(metric.PM_IndicatorWidth, None, check),
            radio.style().pixelMetric(metric.PM_ExclusiveIndicatorWidth, None, radio),
            wrapping.sizeHint().height(),
            tree.style().pixelMetric(metric.PM_IndicatorWidth, None, tree),
        )

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    app.apply_font_size(0)
    normal = sizes()
    app.apply_font_size(round(qapp.font().pointSizeF() * 2))
    large = sizes()
    # a theme painted by Casenotes sets its style again: still scaled
    app.apply_theme("dark")
    assert isinstance(qapp.style(), ScaledIndicators)
    app.apply_theme("system")
    assert isinstance(qapp.style(), ScaledIndicators)
    assert large[0] >= normal[0] * 2 - 1 and large[1] >= normal[1] * 2 - 1
    assert large[2] > normal[2] and large[3] >= normal[3] * 2 - 1
    app.apply_font_size(0)
    assert sizes() == normal  # back to the style's own size
    assert not isinstance(qapp.style(), ScaledIndicators)
