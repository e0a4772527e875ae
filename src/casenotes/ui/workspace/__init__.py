"""The workspace of the desktop app: search, cases, the case view and the note editor."""

from casenotes.ui.workspace.workspace import Workspace

__all__ = ["Workspace"]
