"""A prompt set exported and imported again gives the same effective library, whatever the
text holds; a malformed set is reported like a malformed library."""

from __future__ import annotations

import tomllib
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casenotes.core.domain import ClientType
from casenotes.core.prompts import (
    PROMPT_SET_KIND,
    Prompt,
    PromptCustomisation,
    PromptKind,
    PromptLibrary,
    PromptLibraryError,
    PromptOption,
    all_prompts_with_state,
    apply_customisations,
    customise,
    export_prompt_set,
    import_prompt_set,
    load_default_library,
    reorder,
    set_hidden,
)
from casenotes.core.prompts.prompt_set import toml_string

AWKWARD = [
    'She said "no"',
    "C:\\path\\",
    "line one\nline two\r\n",
    "tab\there",
    "ünïcödé ✓ 🌈",
    "\x00\x1f\x7f",
    "'''",
    '"""',
    "# not a comment",
    "[[prompt]]",
]

text_st = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=40)
nonblank_st = st.one_of(st.sampled_from(AWKWARD), text_st).filter(lambda t: bool(t.strip()))


def effective_state(library: PromptLibrary, rows: list[PromptCustomisation]) -> list[object]:
    return [
        (prompt, custom is not None and custom.hidden)
        for prompt, custom in all_prompts_with_state(library, rows)
    ]


def round_trip(library: PromptLibrary, rows: list[PromptCustomisation]) -> None:
    text = export_prompt_set(library, rows)
    data = tomllib.loads(text)
    assert data["kind"] == PROMPT_SET_KIND
    imported = import_prompt_set(text, "shared.toml", library, [])
    assert apply_customisations(library, imported) == apply_customisations(library, rows)
    assert effective_state(library, imported) == effective_state(library, rows)


@given(st.one_of(st.sampled_from(AWKWARD), text_st))
def test_toml_string_round_trips(value: str) -> None:
    assert tomllib.loads(f"v = {toml_string(value)}")["v"] == value


def test_default_library_round_trips_untouched() -> None:
    library = load_default_library()
    round_trip(library, [])
    rows = import_prompt_set(export_prompt_set(library, []), "s.toml", library, [])
    assert [row.position for row in rows] == list(range(len(library.prompts)))
    assert all(row.text is None and row.added is None and not row.hidden for row in rows)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=nonblank_st,
    help_text=text_st,
    group=text_st,
    label=nonblank_st,
    low=text_st,
    hide=st.booleans(),
    order=st.permutations(range(6)),
)
def test_customised_library_round_trips(
    text: str, help_text: str, group: str, label: str, low: str, hide: bool, order: list[int]
) -> None:
    library = load_default_library()
    needs = library.get("cosw_needs_met")
    scale = library.get("cosw_assert_needs")
    assert needs is not None and scale is not None
    rows: list[PromptCustomisation] = []
    edited = customise(
        None,
        needs,
        replace(
            needs,
            text=text,
            help=help_text,
            group=group,
            options=(*needs.options[:2], PromptOption("mine", label)),
            client_types=frozenset({ClientType.COUPLE, ClientType.OTHER}),
        ),
    )
    if edited is not None:
        rows.append(edited)
    scaled = customise(None, scale, replace(scale, scale_low=low))
    if scaled is not None:
        rows.append(scaled)
    hidden = set_hidden(None, "cosw_function", hide)
    if hidden is not None:
        rows.append(hidden)
    mine = Prompt(
        id="my_own",
        text=text,
        help=help_text,
        kind=PromptKind.SCALE,
        scale_min=0,
        scale_max=10,
        scale_high=label,
        group=group,
    )
    rows.append(PromptCustomisation(prompt_id="my_own", added=mine))
    first_six = ["my_own", *[p.id for p in library.prompts[:5]]]
    rows = reorder(library, rows, [first_six[i] for i in order])
    round_trip(library, rows)


def test_import_reuses_row_ids_and_keeps_own_prompts_hidden() -> None:
    library = load_default_library()
    needs = library.get("cosw_needs_met")
    assert needs is not None
    peer_rows = [PromptCustomisation(prompt_id="cosw_needs_met", help="The peer's help.")]
    text = export_prompt_set(library, peer_rows)
    mine = Prompt(id="mine", text="Mine?", kind=PromptKind.TEXT)
    existing = [
        PromptCustomisation(prompt_id="cosw_needs_met", text="My text."),
        PromptCustomisation(prompt_id="mine", added=mine),
    ]
    rows = import_prompt_set(text, "peer.toml", library, existing)
    by_id = {row.prompt_id: row for row in rows}
    assert by_id["cosw_needs_met"].id == existing[0].id
    assert by_id["cosw_needs_met"].text is None
    assert by_id["cosw_needs_met"].help == "The peer's help."
    assert by_id["mine"].hidden and by_id["mine"].id == existing[1].id
    assert by_id["mine"].position == len(library.prompts)
    effective = apply_customisations(library, rows)
    assert [p.id for p in effective.prompts] == [p.id for p in library.prompts]


def test_unknown_ids_become_added_prompts() -> None:
    library = load_default_library()
    text = export_prompt_set(library, []) + (
        '\n[[prompt]]\nid = "peer_prompt"\ntext = "What does the client enjoy?"\nkind = "text"\n'
    )
    rows = import_prompt_set(text, "peer.toml", library, [])
    added = [row for row in rows if row.added is not None]
    assert [row.prompt_id for row in added] == ["peer_prompt"]
    effective = apply_customisations(library, rows)
    assert effective.prompts[-1].id == "peer_prompt" and effective.prompts[-1].custom


def set_error(text: str) -> PromptLibraryError:
    with pytest.raises(PromptLibraryError) as caught:
        import_prompt_set(text, "peer.toml", load_default_library(), [])
    return caught.value


def test_malformed_sets_are_reported() -> None:
    good = export_prompt_set(load_default_library(), [])
    library_file = good.replace(f'kind = "{PROMPT_SET_KIND}"\n', "")
    assert "not a prompt set" in set_error(library_file).message
    error = set_error(good.replace('kind = "text"', 'kind = "scale"', 1))
    assert error.line is not None and error.line > 5
    assert "cannot change the kind" in error.message
    error = set_error(good.replace('kind = "text"', 'kind = "text"\nhidden = "yes"', 1))
    assert "'hidden' must be true or false" in error.message
    error = set_error(good + '\n[[prompt]]\nid = "x"\n')
    assert str(error).startswith("peer.toml, line ")
