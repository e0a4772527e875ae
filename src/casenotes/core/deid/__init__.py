"""De-identification of case notes: known identifiers, patterns, and a default-deny lexicon.

Pure Python, no Qt. Each finding is a ``Span`` with a kind and a consistent label; the
practitioner reviews every span before anything leaves the app.
"""

from casenotes.core.deid.engine import Deidentifier, deidentify
from casenotes.core.deid.spans import KINDS, DeidResult, Span, apply_spans
from casenotes.core.domain import Identifiers, Member

__all__ = [
    "KINDS",
    "DeidResult",
    "Deidentifier",
    "Identifiers",
    "Member",
    "Span",
    "apply_spans",
    "deidentify",
]
