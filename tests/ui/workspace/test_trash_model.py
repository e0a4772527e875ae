"""The one trash's model without a window: cases, notes and goals in one list with their
kind, checked by QAbstractItemModelTester, and privacy mode's masking of what shows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication

from casenotes.core.domain import Case, Goal, Identifiers, Note
from casenotes.core.journal import TrashContents
from casenotes.core.privacy import PrivacyMasks
from casenotes.ui.shared.common import format_date
from casenotes.ui.workspace.trash_model import (
    COL_CASE,
    COL_ITEM,
    COL_KIND,
    HEADERS,
    TrashItem,
    TrashModel,
    TrashRole,
    trash_items,
)

Mode = QAbstractItemModelTester.FailureReportingMode


def _at(hour: int) -> datetime:
    return datetime(2026, 5, 4, hour, tzinfo=UTC)


@pytest.fixture
def contents() -> TrashContents:
    live = Case(
        code="CPL-07", display_name="Rowan & Kit", identifiers=Identifiers(names=["Rowan Pell"])
    )
    gone = Case(code="SW-12", display_name="Juno", deleted_at=_at(9))
    note = Note(
        case_id=live.id,
        session_date=date(2026, 3, 8),
        deleted_at=_at(10),
        signed_at=_at(8),
        content_hash="0" * 64,
    )
    goal = Goal(case_id=live.id, text="Rowan Pell plans a  rest week", deleted_at=_at(11))
    return TrashContents(
        cases=[gone], notes=[note], goals=[goal], owners={live.id: live, gone.id: gone}
    )


def _column(model: TrashModel, column: int) -> list[str]:
    return [str(model.data(model.index(r, column))) for r in range(model.rowCount())]


def test_one_list_with_a_kind_column_newest_first(
    qapp: QApplication, contents: TrashContents
) -> None:
    model = TrashModel()
    tester = QAbstractItemModelTester(model, Mode.Fatal)
    model.set_contents(contents)
    assert model.headerData(COL_KIND, Qt.Orientation.Horizontal) == HEADERS[COL_KIND] == "Kind"
    assert _column(model, COL_KIND) == ["Goal", "Note", "Case"]
    assert _column(model, COL_CASE) == ["CPL-07", "CPL-07", "SW-12"]
    items = _column(model, COL_ITEM)
    assert items[0] == "Rowan Pell plans a rest week"
    assert items[1] == f"Session of {format_date(date(2026, 3, 8), weekday=False)}, signed"
    assert items[2].startswith("Juno")
    item = model.data(model.index(1, 0), TrashRole.ITEM)
    assert isinstance(item, TrashItem) and item.is_signed_note
    assert item.case_id == contents.notes[0].case_id
    assert model.data(model.index(2, 0), TrashRole.KIND) == "case"

    model.remove(contents.notes[0].id)
    assert _column(model, COL_KIND) == ["Goal", "Case"]
    assert model.data(QModelIndex()) is None
    assert model.item(5) is None
    assert tester is not None


def test_privacy_mode_hides_names_and_masks_goals(
    qapp: QApplication, contents: TrashContents
) -> None:
    model = TrashModel()
    tester = QAbstractItemModelTester(model, Mode.Fatal)
    model.set_contents(contents)
    masks = PrivacyMasks()
    model.set_mask(masks.mask)
    goal_text, note_text, case_text = _column(model, COL_ITEM)
    assert "Rowan" not in goal_text and "Pell" not in goal_text
    assert "rest week" in goal_text
    assert "Juno" not in case_text and case_text.startswith("Hidden")
    assert note_text.startswith("Session of")  # a note shows its date only, never its text
    assert _column(model, COL_CASE) == ["CPL-07", "CPL-07", "SW-12"]  # codes still show
    model.set_mask(None)
    assert _column(model, COL_ITEM)[0] == "Rowan Pell plans a rest week"
    assert tester is not None


def test_a_goal_whose_case_cannot_be_read_shows_nothing_in_privacy_mode(qapp: QApplication) -> None:
    goal = Goal(case_id="missing", text="Rowan Pell plans", deleted_at=_at(1))
    model = TrashModel()
    model.set_contents(TrashContents(cases=[], notes=[], goals=[goal], owners={}))
    model.set_mask(PrivacyMasks().mask)
    assert _column(model, COL_ITEM) == ["Hidden"]
    assert _column(model, COL_CASE) == [""]


def test_items_not_in_the_trash_are_left_out(contents: TrashContents) -> None:
    live = next(iter(contents.owners.values()))
    extra = TrashContents(
        cases=[live], notes=[], goals=[Goal(case_id=live.id, text="x")], owners=contents.owners
    )
    assert trash_items(extra) == []
