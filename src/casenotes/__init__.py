"""Casenotes: a private, encrypted case-notes journal for psychotherapists."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version is looked up on first use: importlib.metadata takes longer to import than
    # the one-off search needs to start, and only --version and the About box show it.
    if name != "__version__":
        raise AttributeError(f"module 'casenotes' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("casenotes")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.1.0"
    globals()["__version__"] = found
    return found
