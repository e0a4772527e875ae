"""Shared helpers for the de-identification tests. All people, places and numbers are
fictional (555 phone numbers, example.* domains, documentation IP ranges)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from casenotes.core.deid import Deidentifier, Identifiers, Span


def texts_of(spans: list[Span]) -> list[str]:
    return [s.text for s in spans]


@pytest.fixture
def find() -> Callable[..., list[Span]]:
    """find(text, **identifier_lists) -> spans, with a fresh engine."""

    def run(text: str, **lists: list[str]) -> list[Span]:
        return Deidentifier(Identifiers(**lists)).find(text)

    return run
