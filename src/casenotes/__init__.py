"""Casenotes: a private, encrypted case-notes journal for psychotherapists."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("casenotes")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"
