"""The case list as a user drives it: filter combos, sorting, privacy mode, keyboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from casenotes.core.domain import CaseStatus, ClientType
from casenotes.core.journal import Journal
from casenotes.ui.shared.common import model_data
from casenotes.ui.workspace import Workspace
from casenotes.ui.workspace.case_model import COL_CODE, COL_LAST_SESSION, COL_NAME, CaseRole


def listed_ids(workspace: Workspace) -> list[str]:
    proxy = workspace.case_list.proxy
    return [str(model_data(proxy.index(r, 0), CaseRole.CASE_ID)) for r in range(proxy.rowCount())]


def choose(combo: Any, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def test_lists_every_live_case_with_last_session(
    workspace: Workspace, demo_journal: Journal
) -> None:
    cases = demo_journal.list_cases()
    assert sorted(listed_ids(workspace)) == sorted(c.id for c in cases)
    proxy = workspace.case_list.proxy
    with_notes = {n.case_id for n in demo_journal.all_notes()}
    for row in range(proxy.rowCount()):
        case_id = model_data(proxy.index(row, 0), CaseRole.CASE_ID)
        text = proxy.data(proxy.index(row, COL_LAST_SESSION))
        assert bool(text) == (case_id in with_notes)


def test_filters_by_client_type_status_and_tag(workspace: Workspace, demo_journal: Journal) -> None:
    cases = demo_journal.list_cases()
    panel = workspace.case_list
    choose(panel.type_filter, "Couple")
    assert sorted(listed_ids(workspace)) == sorted(
        c.id for c in cases if ClientType.COUPLE in c.client_types
    )
    choose(panel.status_filter, "Active")
    assert sorted(listed_ids(workspace)) == sorted(
        c.id for c in cases if ClientType.COUPLE in c.client_types and c.status == CaseStatus.ACTIVE
    )
    choose(panel.type_filter, "All client types")
    choose(panel.status_filter, "Any status")
    tag = next(t for c in cases for t in c.tags)
    choose(panel.tag_filter, tag)
    assert sorted(listed_ids(workspace)) == sorted(c.id for c in cases if tag in c.tags)
    choose(panel.tag_filter, "Any tag")
    assert len(listed_ids(workspace)) == len(cases)


def test_empty_filter_result_says_so(workspace: Workspace, qtbot: QtBot) -> None:
    panel = workspace.case_list
    choose(panel.type_filter, "Former sex worker")
    choose(panel.status_filter, "Paused")
    if panel.proxy.rowCount() == 0:
        assert panel.empty_label.text() == "No cases match these filters."


def test_sorts_by_clicking_a_header(workspace: Workspace, qtbot: QtBot) -> None:
    table = workspace.case_list.table
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(COL_LAST_SESSION) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    proxy = workspace.case_list.proxy
    keys = [
        proxy.data(proxy.index(r, COL_LAST_SESSION), CaseRole.SORT) for r in range(proxy.rowCount())
    ]
    assert keys in (sorted(keys), sorted(keys, reverse=True))
    assert table.horizontalHeader().sortIndicatorSection() == COL_LAST_SESSION


def test_privacy_mode_shows_codes_only(
    workspace: Workspace, demo_journal: Journal, qtbot: QtBot
) -> None:
    cases = demo_journal.list_cases()
    workspace.case_list.select_case(cases[0].id)
    workspace.set_privacy_mode(True)
    table = workspace.case_list.table
    assert table.isColumnHidden(COL_NAME)
    proxy = workspace.case_list.proxy
    shown = {
        str(proxy.data(proxy.index(r, c)))
        for r in range(proxy.rowCount())
        for c in range(proxy.columnCount())
    }
    assert not shown & {c.display_name for c in cases}
    view = workspace.case_view
    assert cases[0].display_name not in view.title.text()
    assert cases[0].code in view.title.text()
    assert not view.identifiers.isVisible()
    assert not view.identifiers_toggle.isVisible()
    assert view.privacy_note.isVisible()
    workspace.set_privacy_mode(False)
    assert not table.isColumnHidden(COL_NAME)
    assert cases[0].display_name.split()[0] in view.title.text()


def test_privacy_mode_lists_by_code_what_was_listed_by_name(workspace: Workspace) -> None:
    table = workspace.case_list.table
    header = table.horizontalHeader()
    table.sortByColumn(COL_NAME, Qt.SortOrder.DescendingOrder)
    workspace.set_privacy_mode(True)
    assert header.sortIndicatorSection() == COL_CODE
    proxy = workspace.case_list.proxy
    codes = [str(proxy.data(proxy.index(r, COL_CODE))) for r in range(proxy.rowCount())]
    assert codes == sorted(codes, key=str.casefold)
    workspace.set_privacy_mode(False)
    assert header.sortIndicatorSection() == COL_NAME
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_keyboard_enter_opens_and_delete_trashes(
    workspace: Workspace, demo_journal: Journal, qtbot: QtBot, questions: list[str]
) -> None:
    table = workspace.case_list.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    case_id = workspace.case_list.current_case_id()
    assert case_id is not None
    assert workspace.location()[0] == case_id  # moving shows the case
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(workspace.case_view.timeline.hasFocus)  # Enter opens it: sessions get focus
    qtbot.keyClick(workspace.case_view.timeline, Qt.Key.Key_Return)
    assert workspace.editor.is_open()
    assert workspace.location() == (case_id, workspace.editor.note_id())

    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert questions and "trash" in questions[-1]
    assert case_id not in listed_ids(workspace)
    assert case_id in {c.id for c in demo_journal.trashed_cases()}
    assert workspace.location() != (case_id, None)


def test_delete_asks_first_and_cancel_keeps_the_case(
    workspace: Workspace, demo_journal: Journal, qtbot: QtBot
) -> None:
    # The shell's conftest answers every unstubbed question with its default: Cancel.
    table = workspace.case_list.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    case_id = workspace.case_list.current_case_id()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert case_id in listed_ids(workspace)
    assert not demo_journal.trashed_cases()


def test_a_case_s_row_as_shown_filtered_or_not(workspace: Workspace, demo_journal: Journal) -> None:
    cases = demo_journal.list_cases()
    proxy = workspace.case_list.proxy
    for row, case_id in enumerate(listed_ids(workspace)):
        assert proxy.row_of(case_id) == row
    choose(workspace.case_list.type_filter, "Couple")
    hidden = next(c for c in cases if ClientType.COUPLE not in c.client_types)
    assert proxy.row_of(hidden.id) == -1
    assert proxy.row_of("not-a-case") == -1
    for row, case_id in enumerate(listed_ids(workspace)):
        assert proxy.row_of(case_id) == row


def test_every_role_of_every_cell_answers_as_the_case_model_does(workspace: Workspace) -> None:
    """The list answers the roles its cells are painted with (font, colours, alignment…)
    without asking the case model, which answers none of them: what it does answer comes
    through unchanged, and in privacy mode the names are hidden for each role that shows
    them."""
    from casenotes.ui.workspace.case_filter import HIDDEN_NAME

    proxy = workspace.case_list.proxy
    source = workspace.case_model
    roles = list(range(int(Qt.ItemDataRole.UserRole) + 12))
    for row in range(min(proxy.rowCount(), 5)):
        for column in range(proxy.columnCount()):
            index = proxy.index(row, column)
            source_index = proxy.mapToSource(index)
            for role in roles:
                assert proxy.data(index, role) == source.data(source_index, role), (column, role)
    workspace.set_privacy_mode(True)
    try:
        name = proxy.index(0, COL_NAME)
        for role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            assert proxy.data(name, role) == HIDDEN_NAME
        assert proxy.data(proxy.index(0, COL_CODE), Qt.ItemDataRole.ToolTipRole) is None
    finally:
        workspace.set_privacy_mode(False)
