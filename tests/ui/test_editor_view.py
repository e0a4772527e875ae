"""casenotes.ui.editor_view: the open note's cursor and scroll, captured at lock and put back
after unlock (the round trip through a real window is in test_with_real_workspace.py)."""

from __future__ import annotations

from casenotes.ui.editor_view import EditorView, capture, restore


class _Closed:
    """An editor with no note open."""

    def is_open(self) -> bool:
        return False

    def note_id(self) -> str | None:
        return None


def test_nothing_to_capture_without_an_open_note() -> None:
    assert capture(None) is None
    assert capture(_Closed()) is None


def test_a_view_comes_back_only_to_its_own_note() -> None:
    view = EditorView(note_id="n1", section="body", cursor=5, anchor=5, scroll=40, offset=10)
    assert restore(None, view) is False
    assert restore(_Closed(), view) is False  # another (no) note is open: nothing moves
    assert restore(_Closed(), None) is False
