"""The effective library: the practitioner's edits, hidden prompts, added prompts and order
survive an update of the default library, which still reaches every untouched field."""

from __future__ import annotations

from dataclasses import replace

from casenotes.core.domain import ClientType
from casenotes.core.prompts import (
    Prompt,
    PromptCustomisation,
    PromptKind,
    PromptLibrary,
    PromptOption,
    all_prompts_with_state,
    apply_customisations,
    customise,
    parse_library,
    prompts_for,
    reorder,
    set_hidden,
)

V1 = """\
version = 1

[[prompt]]
id = "alpha"
text = "Alpha?"
help = "Alpha help."
kind = "text"

[[prompt]]
id = "beta"
text = "Beta?"
help = "Beta help."
kind = "single"
options = [{ id = "x", label = "X" }, { id = "y", label = "Y" }]

[[prompt]]
id = "gamma"
text = "Gamma?"
kind = "text"
client_types = ["couple"]

[[prompt]]
id = "delta"
text = "Delta?"
kind = "text"
"""

# Version 2: a new prompt between beta and gamma, and new default wording for alpha and beta.
V2 = (
    V1.replace("version = 1", "version = 2")
    .replace('help = "Alpha help."', 'help = "Alpha help, reworded."')
    .replace('text = "Beta?"', 'text = "Beta, reworded?"')
    .replace(
        '[[prompt]]\nid = "gamma"',
        '[[prompt]]\nid = "epsilon"\ntext = "Epsilon?"\nkind = "text"\n\n[[prompt]]\nid = "gamma"',
    )
)


def lib(text: str) -> PromptLibrary:
    return parse_library(text, "test.toml")


def ids(library: PromptLibrary) -> list[str]:
    return [p.id for p in library.prompts]


def practitioner_changes(v1: PromptLibrary) -> list[PromptCustomisation]:
    alpha = v1.get("alpha")
    assert alpha is not None
    edited = customise(None, alpha, replace(alpha, text="My alpha?"))
    assert edited is not None
    hidden = set_hidden(None, "gamma", True)
    assert hidden is not None
    mine = Prompt(id="mine", text="My own?", kind=PromptKind.TEXT)
    added = PromptCustomisation(prompt_id="mine", added=mine)
    customisations = [edited, hidden, added]
    # The practitioner's order: delta first, then their own prompt, then the rest.
    return reorder(v1, customisations, ["delta", "mine", "alpha", "beta", "gamma"])


def test_no_customisations_is_the_library() -> None:
    v1 = lib(V1)
    assert apply_customisations(v1, []) == v1


def test_customisations_apply() -> None:
    v1 = lib(V1)
    effective = apply_customisations(v1, practitioner_changes(v1))
    assert ids(effective) == ["delta", "mine", "alpha", "beta"]
    mine = effective.get("mine")
    assert mine is not None and mine.custom
    alpha = effective.get("alpha")
    assert alpha is not None
    assert (alpha.text, alpha.help, alpha.custom) == ("My alpha?", "Alpha help.", False)


def test_customisations_survive_a_library_update() -> None:
    v1, v2 = lib(V1), lib(V2)
    customisations = practitioner_changes(v1)
    effective = apply_customisations(v2, customisations)
    assert effective.version == 2
    # The new prompt sits after its library predecessor; the practitioner's order is kept.
    assert ids(effective) == ["delta", "mine", "alpha", "beta", "epsilon"]
    alpha = effective.get("alpha")
    beta = effective.get("beta")
    assert alpha is not None and beta is not None
    assert alpha.text == "My alpha?"  # the practitioner's edit is kept
    assert alpha.help == "Alpha help, reworded."  # the untouched field follows the default
    assert beta.text == "Beta, reworded?"
    assert effective.get("gamma") is None  # hidden stays hidden
    states = all_prompts_with_state(v2, customisations)
    assert [p.id for p, _ in states] == ["delta", "mine", "alpha", "beta", "epsilon", "gamma"]
    gamma_state = dict((p.id, c) for p, c in states)["gamma"]
    assert gamma_state is not None and gamma_state.hidden
    assert dict((p.id, c) for p, c in states)["epsilon"] is None


def test_new_first_prompt_and_no_positions_keep_library_order() -> None:
    v1 = lib(V1)
    first = '[[prompt]]\nid = "zero"\ntext = "Zero?"\nkind = "text"\n\n'
    v2 = lib(V1.replace("[[prompt]]", first + "[[prompt]]", 1))
    beta = v1.get("beta")
    assert beta is not None
    edit = customise(None, beta, replace(beta, help="Mine."))
    assert edit is not None
    assert ids(apply_customisations(v2, [edit])) == ["zero", "alpha", "beta", "gamma", "delta"]


def test_customisations_of_removed_prompts_are_ignored() -> None:
    v1 = lib(V1)
    stale = [
        PromptCustomisation(prompt_id="gone", text="Old?"),
        PromptCustomisation(prompt_id="gone_too", hidden=True, position=0),
    ]
    assert apply_customisations(v1, stale) == v1


def test_customise_records_only_differences() -> None:
    v1 = lib(V1)
    beta = v1.get("beta")
    assert beta is not None
    assert customise(None, beta, beta) is None
    options = (PromptOption("x", "Ex"), PromptOption("z", "Zed"))
    edited = replace(beta, options=options, client_types=frozenset({ClientType.OCSB}))
    custom = customise(None, beta, edited)
    assert custom is not None
    assert custom.text is None and custom.help is None
    assert custom.options == options
    assert custom.client_types == frozenset({ClientType.OCSB})
    # Editing back to the default clears the override but keeps the row's id and position.
    positioned = replace(custom, position=3)
    again = customise(positioned, beta, replace(edited, options=beta.options))
    assert again is not None
    assert again.id == custom.id and again.options is None and again.position == 3
    cleared = customise(custom, beta, beta)
    assert cleared is None


def test_customising_an_added_prompt_replaces_its_definition() -> None:
    mine = Prompt(id="mine", text="Mine?", kind=PromptKind.TEXT)
    row = PromptCustomisation(prompt_id="mine", added=mine, position=1)
    updated = customise(row, mine, replace(mine, text="Mine, better?"))
    assert updated is not None and updated.added is not None
    assert updated.added.text == "Mine, better?" and updated.added.custom
    assert (updated.id, updated.position) == (row.id, 1)


def test_set_hidden_and_unhide() -> None:
    hidden = set_hidden(None, "alpha", True)
    assert hidden is not None and hidden.hidden
    assert set_hidden(hidden, "alpha", False) is None
    with_text = PromptCustomisation(prompt_id="alpha", text="T", hidden=True)
    shown = set_hidden(with_text, "alpha", False)
    assert shown is not None and not shown.hidden and shown.text == "T"


def test_reorder_returns_every_row_to_save_without_mutating() -> None:
    v1 = lib(V1)
    existing = PromptCustomisation(prompt_id="beta", text="B?")
    rows = reorder(v1, [existing], ["gamma", "beta", "nonsense", "alpha", "delta", "beta"])
    assert existing.position is None
    assert [(r.prompt_id, r.position) for r in rows] == [
        ("beta", 1),
        ("gamma", 0),
        ("alpha", 2),
        ("delta", 3),
    ]
    assert rows[0].id == existing.id and rows[0].text == "B?"
    assert ids(apply_customisations(v1, rows)) == ["gamma", "beta", "alpha", "delta"]


def test_prompts_for_uses_customised_client_types() -> None:
    v1 = lib(V1)
    delta = v1.get("delta")
    assert delta is not None
    custom = customise(None, delta, replace(delta, client_types=frozenset({ClientType.OCSB})))
    assert custom is not None
    effective = apply_customisations(v1, [custom])
    assert [p.id for p in prompts_for(effective, [ClientType.OCSB])] == ["alpha", "beta", "delta"]
    assert [p.id for p in prompts_for(effective, [ClientType.COUPLE])] == ["alpha", "beta", "gamma"]
