"""tools/user_guide.py: the shipped guide is the README's, up to date."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "user_guide.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("casenotes_user_guide_tool", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_the_shipped_guide_matches_the_readme() -> None:
    tool = _tool()
    assert tool.main(["--check"]) == 0, "run: python tools/user_guide.py"


def test_pictures_go_and_links_keep_their_words() -> None:
    tool = _tool()
    readme = (
        "# X\n\n## Using Casenotes\n\nSee [the docs](docs/a.md).\n\n"
        "![A picture](docs/p.png)\n\nMore.\n\n## Performance\n\nFast.\n"
    )
    assert tool.guide_text(readme) == (
        "# Casenotes user guide\n\n## Using Casenotes\n\nSee the docs.\n\nMore.\n"
    )
