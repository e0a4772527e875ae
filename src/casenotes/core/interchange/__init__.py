"""The interchange format: whole records as plaintext JSON, for the user's own import and export.

Format version 1 is described in docs/interchange-format.md. ``parse_interchange`` checks a whole
file before returning anything and reports the first problem as an :class:`InterchangeError`
whose message names a place in the file, never its content.
"""

from casenotes.core.interchange.errors import InterchangeError
from casenotes.core.interchange.reader import parse_interchange
from casenotes.core.interchange.spec import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_INPUT_BYTES,
    MAX_REFLECTION_DEPTH,
    MAX_TEXT_CHARS,
)
from casenotes.core.interchange.writer import (
    dumps_interchange,
    to_interchange,
    write_interchange,
)

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_INPUT_BYTES",
    "MAX_REFLECTION_DEPTH",
    "MAX_TEXT_CHARS",
    "InterchangeError",
    "dumps_interchange",
    "parse_interchange",
    "to_interchange",
    "write_interchange",
]
