"""One trash for cases, notes and goals: a goal goes to the trash and back, what the trash
holds, and deleting a goal for good (a reason before the retention date, logged without
content)."""

from __future__ import annotations

from datetime import date

import pytest
from tests.core.conftest import RawVault

from casenotes.core.domain import Case, Goal, Note
from casenotes.core.interchange import dumps_interchange, parse_interchange, to_interchange
from casenotes.core.journal import Journal
from casenotes.core.retention import RetentionError
from casenotes.core.vault.errors import VaultError


def _case_with_goal(journal: Journal) -> tuple[Case, Goal]:
    case = journal.save_case(Case(code="TR-01", display_name="Wren"))
    goal = journal.save_goal(Goal(case_id=case.id, text="Sleep before midnight on work nights"))
    return case, goal


def test_a_goal_goes_to_the_trash_and_comes_back(journal: Journal) -> None:
    case, goal = _case_with_goal(journal)
    journal.trash_goal(goal.id)
    assert journal.goals_for_case(case.id) == []
    assert journal.all_goals() == []
    [trashed] = journal.goals_for_case(case.id, include_deleted=True)
    assert trashed.deleted_at is not None
    assert trashed.history == goal.history  # the trash is no change of the goal itself
    assert [g.id for g in journal.trash_contents().goals] == [goal.id]

    journal.restore_goal(goal.id)
    [back] = journal.goals_for_case(case.id)
    assert (back.id, back.text, back.deleted_at) == (goal.id, goal.text, None)
    assert journal.trash_contents().goals == []


def test_the_trash_holds_cases_and_the_notes_and_goals_of_live_cases(journal: Journal) -> None:
    case, goal = _case_with_goal(journal)
    note = journal.save_note(Note(case_id=case.id, session_date=date(2026, 3, 2)))
    gone = journal.save_case(Case(code="TR-02", display_name="Ash"))
    gone_goal = journal.save_goal(Goal(case_id=gone.id, text="Rest"))
    journal.trash_goal(goal.id)
    journal.trash_note(note.id)
    journal.trash_goal(gone_goal.id)
    journal.trash_case(gone.id)
    trash = journal.trash_contents()
    assert [c.id for c in trash.cases] == [gone.id]
    assert [n.id for n in trash.notes] == [note.id]
    # A trashed case's own goals come back, or go, with it.
    assert [g.id for g in trash.goals] == [goal.id]
    assert trash.owners[case.id].code == "TR-01"


def test_only_a_goal_in_the_trash_is_deleted_for_good(journal: Journal) -> None:
    _case, goal = _case_with_goal(journal)
    with pytest.raises(VaultError, match="in the trash"):
        journal.purge_goal(goal.id, reason="Duplicate")
    with pytest.raises(VaultError):
        journal.trash_goal("no-such-goal")


def test_purging_a_goal_early_needs_a_reason_and_logs_no_content(
    journal: Journal, raw_vault: RawVault
) -> None:
    case, goal = _case_with_goal(journal)
    journal.trash_goal(goal.id)
    with pytest.raises(RetentionError, match="needs a reason"):
        journal.purge_goal(goal.id)
    assert journal.goals_for_case(case.id, include_deleted=True) != []  # nothing deleted
    journal.purge_goal(goal.id, reason="Entered twice")
    assert journal.goals_for_case(case.id, include_deleted=True) == []
    [entry] = journal.destruction_log()
    assert (entry.kind, entry.record_id, entry.reason) == ("goal", goal.id, "Entered twice")
    assert entry.retained_until == journal.retention_date(case.id)
    journal.lock()
    for word in (b"midnight", b"Wren", b"twice"):
        assert all(
            word not in bytes(row[0])
            for row in raw_vault.query("SELECT entry_enc FROM destruction_log")
        )


def test_purging_a_goal_past_the_retention_date_needs_no_reason(journal: Journal) -> None:
    case = journal.save_case(Case(code="TR-03", display_name="Old", intake_date=date(2001, 1, 1)))
    journal.save_note(Note(case_id=case.id, session_date=date(2002, 1, 1)))
    goal = journal.save_goal(Goal(case_id=case.id, text="Finish the course"))
    journal.trash_goal(goal.id)
    journal.purge_goal(goal.id)
    [entry] = journal.destruction_log()
    assert (entry.kind, entry.reason, entry.retained_until) == ("goal", "", None)


def test_a_trashed_goal_round_trips_through_the_interchange_format(journal: Journal) -> None:
    case, goal = _case_with_goal(journal)
    live = journal.save_goal(Goal(case_id=case.id, text="Call a friend weekly"))
    journal.trash_goal(goal.id)
    bundles = journal.export_bundles()
    written = to_interchange(bundles)["cases"][0]["goals"]
    # Written only when set, so a file without trashed goals stays byte-identical.
    assert ["deleted_at" in g for g in written] == [True, False]
    [bundle] = parse_interchange(dumps_interchange(bundles))
    by_text = {g.text: g for g in bundle.goals}
    assert by_text[goal.text].deleted_at is not None
    assert by_text[live.text].deleted_at is None
