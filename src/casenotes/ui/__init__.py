"""The desktop app (PySide6). Qt is imported only under this package.

Entry point: ``casenotes.ui.app.run_gui``. The shell (window, first run, unlock, idle lock,
settings, about) lives here; the workspace (cases, notes, search) in ``ui.workspace``.
"""
