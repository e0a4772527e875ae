"""A gentle note under the case code when the code reads like a name: codes are what privacy
mode shows. Only a note; the practitioner may keep the code."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

from casenotes.core.privacy import code_looks_like_a_name

NAME_LIKE_CODE = (
    "This looks like a name. The code is what privacy mode shows, so a code "
    "without names (e.g. CPL-07) keeps the case private on a shared screen."
)


def name_warning(code_edit: QLineEdit) -> QLabel:
    """A label (to place under ``code_edit``) shown while the code looks like a name."""
    label = QLabel(NAME_LIKE_CODE)
    label.setWordWrap(True)
    label.setAccessibleName("About this code")
    label.setObjectName("codeNameWarning")

    def check(text: str) -> None:
        label.setVisible(code_looks_like_a_name(" ".join(text.split())))

    code_edit.textChanged.connect(check)
    check(code_edit.text())
    return label
