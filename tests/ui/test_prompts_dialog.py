"""The reflection prompts dialog: edits, order, hiding, own prompts, reset, sharing a set, and
that nothing reaches the vault before Save. Real widgets and a real (cheap-KDF) vault; only
the modal file dialogs and questions are stubbed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from casenotes.core.journal import Journal
from casenotes.core.prompts.library import load_default_library
from casenotes.core.prompts.model import PromptKind
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.main_window import MainWindow
from casenotes.ui.prompts_dialog import EXPORT_NOTE, PromptsDialog

from .support import PASSPHRASE, unlock

NEEDS = "cosw_needs_met"


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question is answered Yes (and recorded)."""
    asked: list[str] = []

    def question(parent: object, title: str, text: str, *args: object) -> Any:
        asked.append(f"{title}\n{text}")
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def make_journal(path: Path) -> Journal:
    return Journal.create(path, PASSPHRASE, KdfPolicy.testing()).journal


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    journal = make_journal(tmp_path / "one.vault")
    yield journal
    journal.lock()


@pytest.fixture
def dialog(qtbot: QtBot, journal: Journal) -> PromptsDialog:
    dialog = PromptsDialog(journal)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def ids(journal: Journal) -> list[str]:
    return [p.id for p in journal.prompt_library().prompts]


def choose_files(
    monkeypatch: pytest.MonkeyPatch, *, save: Path | None = None, open_: Path | None = None
) -> None:
    if save is not None:
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(save), ""))
        )
    if open_ is not None:
        monkeypatch.setattr(
            QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(open_), ""))
        )


def test_lists_every_prompt_in_order(dialog: PromptsDialog) -> None:
    library = load_default_library()
    assert dialog.visible_ids() == [p.id for p in library.prompts]
    assert dialog.selected_id() == library.prompts[0].id
    assert dialog.form.kind_label.text() == "Choose any"
    assert dialog.form.text_edit.toPlainText() == library.prompts[0].text
    assert not dialog.delete_button.isEnabled()
    assert not dialog.reset_button.isEnabled()


def test_edit_hide_move_add_then_save(
    qtbot: QtBot, journal: Journal, dialog: PromptsDialog
) -> None:
    before = ids(journal)
    # edit the wording of the first prompt
    dialog.select(NEEDS)
    dialog.form.text_edit.setPlainText(
        "Which needs does paying for sex meet, in the client's words?"
    )
    # hide the second
    dialog.select("cosw_agreement")
    dialog.hide_button.click()
    assert dialog.hide_button.text() == "S&how"
    item = dialog.list.currentItem()
    assert item.text().endswith("(hidden)")
    # move the third up with Alt+Up
    dialog.select("cosw_assert_needs")
    dialog.list.setFocus()
    QTest.keyClick(dialog.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert dialog.visible_ids()[:3] == [NEEDS, "cosw_assert_needs", "cosw_agreement"]
    # add one's own
    new_id = dialog.add_prompt(PromptKind.TEXT)
    assert dialog.selected_id() == new_id
    dialog.form.text_edit.setPlainText("What did I learn from this session?")
    assert dialog.delete_button.isEnabled()
    assert ids(journal) == before  # nothing saved yet

    with qtbot.waitSignal(dialog.saved):
        dialog.save_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted

    library = journal.prompt_library()
    assert library.get(NEEDS).text == "Which needs does paying for sex meet, in the client's words?"
    assert library.get("cosw_agreement") is None  # hidden
    order = [p.id for p in library.prompts]
    assert order[:2] == [NEEDS, "cosw_assert_needs"]
    own = library.get(new_id)
    assert own is not None and own.custom and own.kind == PromptKind.TEXT
    assert own.text == "What did I learn from this session?"
    customs = {c.prompt_id: c for c in journal.prompt_customisations()}
    assert customs[NEEDS].text is not None
    assert customs["cosw_agreement"].hidden
    assert customs[new_id].added is not None


def test_options_keep_their_ids(journal: Journal, dialog: PromptsDialog) -> None:
    dialog.select(NEEDS)
    items = dialog.form.options_list
    assert items.count() == 6
    # rename "Physical" (ids never change for existing options)
    physical = items.item(1)
    physical.setText("Physical closeness")
    # add one; its id comes from its label
    dialog.form.new_option.setText("Feeling desired")
    dialog.form.add_option_button.click()
    # move it up, remove "Something else"
    items.setCurrentRow(items.count() - 1)
    dialog.form.option_up.click()
    labels = [items.item(r).text() for r in range(items.count())]
    items.setCurrentRow(labels.index("Something else"))
    dialog.form.option_remove.click()
    dialog.save()
    prompt = journal.prompt_library().get(NEEDS)
    assert [(o.id, o.label) for o in prompt.options] == [
        ("emotional", "Emotional"),
        ("physical", "Physical closeness"),
        ("not_allowed", "A kind of sex not “allowed” in the relationship"),
        ("companionship", "Companionship"),
        ("feeling_desired", "Feeling desired"),
        ("none", "None of these"),
    ]


def test_client_types_and_filter(journal: Journal, dialog: PromptsDialog) -> None:
    dialog.filter_combo.setCurrentIndex(dialog.filter_combo.findData("couple"))
    visible = dialog.visible_ids()
    assert "couple_agreements" in visible
    assert NEEDS not in visible
    assert "self_check_feelings" in visible  # for every case
    dialog.select("self_check_feelings")
    checks = dialog.form.type_checks
    checks[next(t for t in checks if t.value == "ocsb")].setChecked(True)
    assert dialog.list.currentItem().data(Qt.ItemDataRole.UserRole) == "self_check_feelings"
    dialog.save()
    prompt = journal.prompt_library().get("self_check_feelings")
    assert {t.value for t in prompt.client_types} == {"ocsb"}


def test_reset_to_default(journal: Journal, qtbot: QtBot, dialog: PromptsDialog) -> None:
    dialog.select("self_check_feelings")
    dialog.form.text_edit.setPlainText("Reworded")
    dialog.hide_button.click()
    dialog.save()
    assert journal.prompt_customisations()
    again = PromptsDialog(journal)
    qtbot.addWidget(again)
    again.select("self_check_feelings")
    assert again.reset_button.isEnabled()
    assert again.list.currentItem().text() == "Reworded  (hidden) (edited)"
    again.reset_button.click()
    assert (
        again.form.text_edit.toPlainText() == load_default_library().get("self_check_feelings").text
    )
    assert not again.reset_button.isEnabled()
    again.save()
    assert journal.prompt_customisations() == []
    assert journal.prompt_library() == load_default_library()


def test_delete_own_prompt(
    journal: Journal, qtbot: QtBot, answers: list[str], dialog: PromptsDialog
) -> None:
    new_id = dialog.add_prompt(PromptKind.SCALE)
    dialog.save()
    assert journal.prompt_library().get(new_id) is not None
    again = PromptsDialog(journal)
    qtbot.addWidget(again)
    again.select(new_id)
    assert again.form.scale_low.isVisibleTo(again)
    again.delete_button.click()
    assert answers and "stay in the notes" in answers[0]
    assert new_id not in again.visible_ids()
    again.save()
    assert journal.prompt_library().get(new_id) is None
    assert journal.prompt_customisations() == []


def test_a_choice_prompt_needs_two_options(journal: Journal, dialog: PromptsDialog) -> None:
    new_id = dialog.add_prompt(PromptKind.SINGLE)
    dialog.save()
    assert dialog.problem.isVisible()
    assert "two options" in dialog.problem.label.text()
    assert journal.prompt_customisations() == []
    for label in ("Yes", "Not yet"):
        dialog.form.new_option.setText(label)
        dialog.form.add_option_button.click()
    dialog.save()
    prompt = journal.prompt_library().get(new_id)
    assert [o.id for o in prompt.options] == ["yes", "not_yet"]


def test_cancel_changes_nothing(journal: Journal, dialog: PromptsDialog) -> None:
    dialog.select(NEEDS)
    dialog.form.text_edit.setPlainText("Something else entirely")
    dialog.hide_button.click()
    dialog.add_prompt(PromptKind.TEXT)
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert journal.prompt_customisations() == []
    assert journal.prompt_library() == load_default_library()


def test_export_then_import_into_a_fresh_vault(
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],
    journal: Journal,
    dialog: PromptsDialog,
) -> None:
    dialog.select("self_check_feelings")
    dialog.form.text_edit.setPlainText("What do I notice in myself?")
    dialog.select("cosw_agreement")
    dialog.hide_button.click()
    dialog.move_down()
    own = dialog.add_prompt(PromptKind.TEXT)
    dialog.form.text_edit.setPlainText("What would the client like me to remember?")
    dialog.save()

    again = PromptsDialog(journal)
    qtbot.addWidget(again)
    target = tmp_path / "shared" / "my-prompts"
    target.parent.mkdir()
    choose_files(monkeypatch, save=target)
    again.export_button.click()
    written = target.with_suffix(".toml")
    assert written.exists()
    assert written.stat().st_mode & 0o777 == 0o600  # like every other export
    assert EXPORT_NOTE in again.notice.label.text()
    text = written.read_text(encoding="utf-8")
    assert "What would the client like me to remember?" in text
    again.reject()

    fresh = make_journal(tmp_path / "two.vault")
    try:
        other = PromptsDialog(fresh)
        qtbot.addWidget(other)
        choose_files(monkeypatch, open_=written)
        other.import_button.click()
        assert answers and "Import this prompt set?" in answers[-1]
        assert "1 new prompt" in answers[-1]
        assert fresh.prompt_customisations() == []  # not before Save
        other.save()
        assert fresh.prompt_library() == journal.prompt_library()
        assert fresh.prompt_library().get(own) is not None
    finally:
        fresh.lock()


def test_a_malformed_import_says_where_and_changes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],
    journal: Journal,
    dialog: PromptsDialog,
) -> None:
    bad = tmp_path / "broken-set.toml"
    bad.write_text(
        'kind = "casenotes-prompt-set"\nversion = 1\n\n[[prompt]]\nid = "x"\nkind = "text"\n',
        encoding="utf-8",
    )
    before = dialog.customisations()
    choose_files(monkeypatch, open_=bad)
    dialog.import_button.click()
    assert dialog.problem.isVisible()
    message = dialog.problem.label.text()
    assert "broken-set.toml, line 4" in message
    assert "Nothing was imported" in message
    assert answers == []
    assert dialog.customisations() == before
    dialog.save()
    assert journal.prompt_customisations() == []


def test_menu_item_opens_the_dialog_while_unlocked(
    qtbot: QtBot, shell_env: None, make_window: Any, recovery_key: str
) -> None:
    window: MainWindow = make_window()
    assert not window.prompts_action.isEnabled()
    unlock(qtbot, window)
    assert window.prompts_action.isEnabled()
    reloaded: list[bool] = []
    window.workspace.reload_prompts = lambda: reloaded.append(True)  # type: ignore[union-attr]
    window.prompts_action.trigger()
    dialog = window.prompts_dialog
    assert isinstance(dialog, PromptsDialog)
    dialog.select("self_check_feelings")
    dialog.hide_button.click()
    dialog.save_button.click()
    assert reloaded == [True]
    assert window.journal is not None
    assert window.journal.prompt_library().get("self_check_feelings") is None
    window.lock()
    assert not window.prompts_action.isEnabled()


# ---- keys, focus and what the dialog says (from the usability test) ----------------------


def test_save_is_the_default_and_has_shortcuts(
    qtbot: QtBot, journal: Journal, dialog: PromptsDialog
) -> None:
    from .mnemonics import assert_unique_mnemonics

    assert dialog.save_button.isDefault()
    assert_unique_mnemonics(dialog)
    dialog.select(NEEDS)  # a choice prompt: the options show
    assert_unique_mnemonics(dialog)
    scale = next(p for p in load_default_library().prompts if p.kind is PromptKind.SCALE)
    dialog.select(scale.id)  # a scale: its end points show
    assert_unique_mnemonics(dialog)
    dialog.select(NEEDS)
    dialog.form.text_edit.setPlainText("Which needs were met, in the client's words?")
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.keyClick(dialog.list, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert journal.prompt_library().get(NEEDS).text.startswith("Which needs were met")


def test_ctrl_return_saves(qtbot: QtBot, journal: Journal, dialog: PromptsDialog) -> None:
    dialog.select(NEEDS)
    dialog.form.help_edit.setFocus()
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.keyClick(
            dialog.form.help_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )


def test_tab_skips_the_scroll_area_and_the_help_line_shows_its_start(
    qtbot: QtBot, dialog: PromptsDialog
) -> None:
    from PySide6.QtWidgets import QScrollArea

    scroll = dialog.form.parentWidget().parentWidget().parentWidget()
    assert isinstance(scroll, QScrollArea)
    assert scroll.focusPolicy() == Qt.FocusPolicy.NoFocus
    # Tab from the last control on the left goes into a field, never the bare area.
    dialog.hide_button.setFocus()
    qtbot.keyClick(dialog.hide_button, Qt.Key.Key_Tab)
    focused = dialog.focusWidget()
    assert focused is not scroll and focused is not scroll.viewport()
    long_help = next(p for p in load_default_library().prompts if len(p.help) > 40)
    dialog.select(long_help.id)
    assert dialog.form.help_edit.text() == long_help.help
    assert dialog.form.help_edit.cursorPosition() == 0


def test_the_every_case_hint_only_when_none_ticked(dialog: PromptsDialog) -> None:
    from casenotes.core.domain.client_types import ClientType

    everyone = next(p for p in load_default_library().prompts if not p.client_types)
    some = next(p for p in load_default_library().prompts if p.client_types)
    dialog.select(everyone.id)
    assert dialog.form.types_hint.isVisible()
    dialog.select(some.id)
    assert not dialog.form.types_hint.isVisible()
    dialog.select(everyone.id)
    dialog.form.type_checks[next(iter(ClientType))].click()
    assert not dialog.form.types_hint.isVisible()
    dialog.form.type_checks[next(iter(ClientType))].click()
    assert dialog.form.types_hint.isVisible()


def test_an_import_lists_the_prompts_it_changes(
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],
    journal: Journal,
    dialog: PromptsDialog,
) -> None:
    long_text = (
        "What does the client hope the next few weeks bring, in work, in love and "
        "in rest, in their own words?"
    )
    dialog.select(NEEDS)
    dialog.form.text_edit.setPlainText(long_text)
    dialog.select("cosw_agreement")
    dialog.hide_button.click()
    target = tmp_path / "set.toml"
    choose_files(monkeypatch, save=target, open_=target)
    dialog.export_button.click()
    dialog.reject()

    other = PromptsDialog(journal)  # the vault's prompts as they were (nothing saved)
    qtbot.addWidget(other)
    other.import_button.click()
    asked = answers[-1]
    assert "reworded or changed" in asked
    assert f"• {long_text[:59]}…" in asked.replace(long_text[:59].rstrip(), long_text[:59])
    agreement = load_default_library().get("cosw_agreement")
    assert agreement is not None and agreement.text[:40] in asked
    assert "hidden" in asked
