"""Starting the window: the shipped prompt library is validated first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from casenotes.core.prompts import library
from casenotes.ui import app


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


def test_the_shipped_library_is_sound() -> None:
    assert app.prompt_library_is_sound()


def test_the_application_icon_has_every_shipped_size(qapp: object) -> None:
    icon = app.application_icon()
    assert not icon.isNull()
    sizes = {size.width() for size in icon.availableSizes()}
    assert sizes == set(app.ICON_SIZES)
    assert not app.create_application().windowIcon().isNull()
