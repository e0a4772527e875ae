"""The one error the interchange format reports.

Messages name a place in the file (a *path*) and what is wrong there. They never repeat a value
from the file, because a value may be note text or a name, and errors may be shown or logged.
"""

from __future__ import annotations

#: The path used for problems with the file as a whole (size, encoding, JSON syntax).
ROOT_PATH = "file"


class InterchangeError(ValueError):
    """A file (or a set of records) that is not valid interchange data.

    ``str(error)`` is ``f"{path}: {message}"``, e.g.
    ``"cases[3].notes[12].session_date: not an ISO date (YYYY-MM-DD)"``.
    """

    path: str
    message: str

    def __init__(self, path: str, message: str) -> None:
        # A path is "" for the file itself; "{3}" (a key position) at the top gets the root name.
        self.path = ROOT_PATH + path if not path or path.startswith("{") else path
        self.message = message
        super().__init__(f"{self.path}: {message}")

    def __reduce__(self) -> tuple[type[InterchangeError], tuple[str, str]]:
        return (type(self), (self.path, self.message))
