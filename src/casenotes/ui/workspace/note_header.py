"""The note editor's header: what the note is (case and session date, the client's
pronouns), how it stands (saved, not saved, signed), and what can be done with it. A view
only: the note editor connects the buttons and says what to show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from casenotes.ui.shared.widgets import Banner, FlowWidget, muted_label

REFLECTION_SHORTCUT = "Ctrl+Shift+R"


class NoteHeader(QWidget):
    def __init__(self, reflection_shown: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.bar = FlowWidget()
        self.saved_label = muted_label("", wrap=False)
        self.saved_label.setAccessibleName("Save status")
        self.history_button = QPushButton("History…")
        self.history_button.setAccessibleName("History of this note")
        self.history_button.setToolTip("Every saved state of this draft, to view or bring back")
        self.sign_button = QPushButton("Sign and lock…")
        self.sign_button.setAccessibleName("Sign and lock this note")
        self.sign_button.setToolTip("Finalise the note; afterwards only addenda can be added")
        self.close_button = QPushButton("Close note")
        self.close_button.setAccessibleName("Close this note")
        self.reflection_button = QPushButton("Reflection")
        self.reflection_button.setCheckable(True)
        self.reflection_button.setChecked(reflection_shown)
        self.reflection_button.setAccessibleName("Show the reflection prompts")
        self.reflection_button.setToolTip(
            f"Show or hide the reflection prompts beside the note ({REFLECTION_SHORTCUT})"
        )
        for widget in (
            self.saved_label,
            self.reflection_button,
            self.history_button,
            self.sign_button,
            self.close_button,
        ):
            self.bar.add(widget)
        # This note alone, out of the vault: the editor hands it to ui/record_export.
        self.output_button = QPushButton("Print or export")
        self.output_button.setAccessibleName("Print or export this note")
        output_menu = QMenu(self.output_button)
        self.export_pdf_action = output_menu.addAction("Export this note as PDF…")
        self.print_note_action = output_menu.addAction("Print note…")
        self.output_button.setMenu(output_menu)
        self.bar.add(self.output_button)
        layout.addWidget(self.bar)
        self.error_banner = Banner("warning", action="Try again", dismissable=False)
        self.error_banner.setAccessibleName("Save problem")
        layout.addWidget(self.error_banner)
        self.signed_banner = Banner("info", dismissable=False)
        self.signed_banner.setAccessibleName("Signed")
        layout.addWidget(self.signed_banner)

    def set_saved_text(self, text: str) -> None:
        self.saved_label.setText(text)
        self.saved_label.setAccessibleDescription(text)
