"""casenotes.ui.prompt_form: one prompt's fields, shown and read back, in a real widget."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from casenotes.core.domain.client_types import ClientType
from casenotes.core.prompts.library import load_default_library
from casenotes.core.prompts.model import Prompt, PromptKind, PromptOption
from casenotes.ui.prompt_form import EVERY_CASE_HINT, PromptForm

pytestmark = pytest.mark.usefixtures("shell_env")


def _prompt(kind: PromptKind) -> Prompt:
    return next(p for p in load_default_library().prompts if p.kind is kind)


@pytest.fixture
def form(qtbot: QtBot) -> PromptForm:
    form = PromptForm()
    qtbot.addWidget(form)
    form.show()
    return form


def test_showing_a_prompt_fills_the_fields_and_reports_no_edit(form: PromptForm) -> None:
    prompt = _prompt(PromptKind.MULTIPLE)
    edits: list[None] = []
    form.edited_by_user.connect(lambda: edits.append(None))
    form.show_prompt(prompt, ["Goals", prompt.group], "As Casenotes ships it.")
    assert not edits
    assert form.text_edit.toPlainText() == prompt.text
    assert form.options() == prompt.options and form.options_box.isVisible()
    assert not form.scale_low.isVisible()
    assert form.state_label.text() == "As Casenotes ships it."
    assert form.edited() == prompt


def test_what_the_practitioner_changes_comes_back_as_the_prompt(form: PromptForm) -> None:
    prompt = _prompt(PromptKind.SCALE)
    form.show_prompt(prompt, [], "")
    assert form.scale_low.isVisible() and not form.options_box.isVisible()
    edits: list[None] = []
    form.edited_by_user.connect(lambda: edits.append(None))
    form.help_edit.setText("  In their words  ")
    form.help_edit.textEdited.emit(form.help_edit.text())
    form.type_checks[ClientType.COUPLE].setChecked(True)
    edited = form.edited()
    assert edited is not None and edits
    assert edited.help == "In their words"
    assert ClientType.COUPLE in edited.client_types
    form.text_edit.setPlainText("   ")  # an empty wording keeps the old one
    edited = form.edited()
    assert edited is not None and edited.text == prompt.text


def test_the_every_case_hint_shows_while_no_type_is_ticked(form: PromptForm) -> None:
    form.show_prompt(
        Prompt(id="own_1", text="Fictional prompt", kind=PromptKind.TEXT, custom=True), [], ""
    )
    assert form.types_hint.text() == EVERY_CASE_HINT and form.types_hint.isVisible()
    form.type_checks[ClientType.OCSB].setChecked(True)
    assert not form.types_hint.isVisible()


def test_options_are_added_with_the_id_given_moved_and_removed(form: PromptForm) -> None:
    prompt = _prompt(PromptKind.SINGLE)
    form.show_prompt(prompt, [], "")
    wanted: list[str] = []
    form.new_option_wanted.connect(wanted.append)
    form.new_option.setText("  Feeling   desired ")
    form.add_option()
    assert wanted == ["Feeling desired"]
    form.option_added(PromptOption("feeling_desired", "Feeling desired"))
    assert form.options()[-1] == PromptOption("feeling_desired", "Feeling desired")
    assert form.new_option.text() == ""
    form.option_up.click()
    assert form.options()[-2].id == "feeling_desired"
    form.option_remove.click()
    assert "feeling_desired" not in {o.id for o in form.options()}


def test_an_option_renamed_to_nothing_gets_its_label_back(form: PromptForm) -> None:
    prompt = _prompt(PromptKind.SINGLE)
    form.show_prompt(prompt, [], "")
    item = form.options_list.item(0)
    item.setText("  ")
    assert item.text() == prompt.options[0].label
