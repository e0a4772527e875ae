"""The streamed export: the same bytes as the whole-document writer, the same refusals, and
the journal's case-at-a-time reading gives what its all-at-once reading gives."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest

from casenotes.core.demo import generate_demo
from casenotes.core.interchange import (
    MAX_INPUT_BYTES,
    InterchangeError,
    dumps_interchange,
    parse_interchange,
    write_interchange,
)
from casenotes.core.interchange import writer as writer_module
from casenotes.core.journal import Journal


def _streamed(bundles: list) -> bytes:  # type: ignore[type-arg]
    out = io.BytesIO()
    size = write_interchange(iter(bundles), out.write)
    assert size == len(out.getvalue())
    return out.getvalue()


@pytest.mark.parametrize("cases", [0, 1, 7])
def test_streamed_bytes_are_the_whole_documents_bytes(cases: int) -> None:
    bundles = generate_demo(cases=cases, notes=cases * 9, seed=4) if cases else []
    assert _streamed(bundles) == dumps_interchange(bundles)
    assert len(parse_interchange(_streamed(bundles))) == cases


def test_a_repeated_code_is_refused_with_its_place() -> None:
    bundles = generate_demo(cases=3, notes=12, seed=2)
    bundles[2] = replace(bundles[2], case=replace(bundles[2].case, code=bundles[0].case.code))
    with pytest.raises(InterchangeError) as streamed:
        _streamed(bundles)
    with pytest.raises(InterchangeError) as whole:
        dumps_interchange(bundles)
    assert str(streamed.value) == str(whole.value)
    assert streamed.value.path.startswith("cases[2]")


def test_the_size_limit_holds_while_streaming(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_module, "MAX_INPUT_BYTES", 2000)
    with pytest.raises(InterchangeError, match="import limit"):
        _streamed(generate_demo(cases=3, notes=12, seed=2))
    assert MAX_INPUT_BYTES > 2000


def test_the_journal_streams_what_it_exports_whole(journal: Journal) -> None:
    journal.import_bundles(generate_demo(cases=6, notes=60, seed=9))
    cases = journal.list_cases()
    notes = journal.notes_for_case(cases[0].id)
    signed = next(n for n in notes if n.signed_at is not None)
    journal.add_addendum(signed.id, "Later: a kingfisher.")
    draft = next(n for n in notes if n.signed_at is None)
    key = next(iter(draft.sections))
    journal.save_note(replace(draft, sections={**draft.sections, key: "edited"}))
    assert list(journal.iter_export_bundles()) == journal.export_bundles()
    assert _streamed(list(journal.iter_export_bundles())) == dumps_interchange(
        journal.export_bundles()
    )
