"""Alt mnemonics: each visible control of a dialog has its own letter, or Alt+letter only
moves the focus between the controls that share it instead of acting."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic_of(text: str) -> str | None:
    """The letter after a single "&" ("&&" is a literal ampersand), lower case."""
    match = _MNEMONIC.search(text.replace("&&", ""))
    return match.group(1).casefold() if match else None


def mnemonics(root: QWidget) -> dict[str, list[str]]:
    """Letter → the texts of the visible buttons and buddied labels that use it."""
    found: dict[str, list[str]] = defaultdict(list)
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.window() is not root.window():
            continue
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        if not (isinstance(widget, QAbstractButton) or labelled):
            continue
        letter = mnemonic_of(widget.text())
        if letter is not None:
            found[letter].append(widget.text())
    return dict(found)


def assert_unique_mnemonics(root: QWidget) -> dict[str, list[str]]:
    found = mnemonics(root)
    duplicates = {letter: texts for letter, texts in found.items() if len(texts) > 1}
    assert not duplicates, f"{root.windowTitle()}: shared Alt mnemonics {duplicates}"
    return found
