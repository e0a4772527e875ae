"""Fixtures for the summary tests: the fictional couple case of ``sample.py``."""

from __future__ import annotations

import pytest

from .sample import Sample, make_sample


@pytest.fixture
def sample() -> Sample:
    return make_sample()
