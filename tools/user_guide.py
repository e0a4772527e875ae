"""Write the user guide that Help → User guide shows, from the README.

    python tools/user_guide.py          # rewrite resources/guide/user-guide.md
    python tools/user_guide.py --check  # exit 1 if it is out of date (the tests do this too)

The guide is the README from "Using Casenotes" up to (not including) "Performance", shipped as
package data so the window shows it offline. Pictures are left out (the screenshots are not
shipped) and links keep only their words: the guide window follows no link."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GUIDE = ROOT / "resources" / "guide" / "user-guide.md"
FIRST = "## Using Casenotes"
STOP = "## Performance"

_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)\s*$")
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\([^)]*\)")


def guide_text(readme: str) -> str:
    start = readme.index(FIRST)
    end = readme.index(STOP, start)
    lines = [line for line in readme[start:end].splitlines() if not _IMAGE.match(line)]
    text = "\n".join(_LINK.sub(r"\1", line) for line in lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return "# Casenotes user guide\n\n" + text.replace(FIRST, "## Using Casenotes", 1) + "\n"


def main(argv: list[str]) -> int:
    wanted = guide_text(README.read_text(encoding="utf-8"))
    if "--check" in argv:
        current = GUIDE.read_text(encoding="utf-8") if GUIDE.exists() else ""
        if current != wanted:
            print("resources/guide/user-guide.md is out of date: run tools/user_guide.py")
            return 1
        return 0
    GUIDE.parent.mkdir(parents=True, exist_ok=True)
    GUIDE.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
