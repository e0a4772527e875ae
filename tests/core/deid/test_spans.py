"""Spans, results and applying a reviewed set of spans."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from casenotes.core.deid import KINDS, Deidentifier, Identifiers, Span, apply_spans
from casenotes.core.deid.spans import Finding, resolve_overlaps


def test_kinds_are_the_published_tuple() -> None:
    assert KINDS == (
        "name", "alias", "handle", "phone", "email", "url", "ip", "date", "age", "address",
        "zip", "place", "employer", "id", "vehicle", "other",
    )  # fmt: skip


def test_span_is_frozen() -> None:
    span = Span(0, 3, "name", "Ivo", "[Client]")
    assert span.certain and span.source == "pattern"
    with pytest.raises(FrozenInstanceError):
        span.start = 1  # type: ignore[misc]


def test_apply_spans_replaces_each_span() -> None:
    text = "Call Ivo at 555-0100 today."
    spans = [Span(5, 8, "name", "Ivo", "[Client]"), Span(12, 20, "phone", "555-0100", "[Phone]")]
    assert apply_spans(text, spans) == "Call [Client] at [Phone] today."


def test_apply_spans_with_reviewed_spans_removed_and_added() -> None:
    text = "Tomasz met Ivo in Brackwater on Tuesday."
    spans = Deidentifier(Identifiers(names=["Ivo Brandt"])).find(text)
    # The reviewer keeps "Ivo", drops everything else and marks a place by hand.
    kept = [s for s in spans if s.text == "Ivo"]
    start = text.index("Brackwater")
    kept.append(Span(start, start + 10, "place", "Brackwater", "[Place]", source="manual"))
    assert apply_spans(text, kept) == "Tomasz met [Client] in [Place] on Tuesday."


def test_apply_spans_accepts_unsorted_and_skips_overlapping_and_out_of_range() -> None:
    text = "abcdef"
    spans = [
        Span(3, 5, "other", "de", "[X]"),
        Span(0, 2, "other", "ab", "[Y]"),
        Span(1, 4, "other", "bcd", "[Z]"),  # overlaps [Y]: skipped
        Span(4, 99, "other", "", "[W]"),  # beyond the text: skipped
    ]
    assert apply_spans(text, spans) == "[Y]c[X]f"
    assert apply_spans("", []) == ""


def test_resolve_overlaps_prefers_identifier_then_pattern_then_length() -> None:
    findings = [
        Finding(0, 10, "name", "lexicon"),
        Finding(2, 5, "name", "identifier"),
        Finding(6, 12, "date", "pattern"),
        Finding(6, 8, "id", "pattern"),
    ]
    kept = resolve_overlaps(findings)
    assert [(f.start, f.end, f.source) for f in kept] == [
        (2, 5, "identifier"),
        (6, 12, "pattern"),
    ]
