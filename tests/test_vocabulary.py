"""The vocabulary check: no stigmatising term in any shipped prompt, template or string the
program can show or write. It reads every string literal of the package (with ``ast``, so
comments and identifiers do not count) and every shipped text resource."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from casenotes.core.prompts.vocabulary import find_stigmatising

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "casenotes"
RESOURCES = ROOT / "resources"

# Where the terms are listed in order to be refused, not said.
LISTS_OF_REFUSED_TERMS = {
    PACKAGE / "core" / "prompts" / "vocabulary.py",
    PACKAGE / "core" / "demo" / "phrases.py",  # BANNED_WORDS; its phrases are checked below
}
# Word lists that the de-identification engine matches against, not text anyone reads.
WORD_LISTS = RESOURCES / "deid"


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def _python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p not in LISTS_OF_REFUSED_TERMS)


def _resources() -> list[Path]:
    return sorted(p for p in RESOURCES.rglob("*")
                  if p.is_file() and p.suffix in {".toml", ".txt", ".json", ".qss", ".svg"}
                  and WORD_LISTS not in p.parents)


def test_the_check_finds_what_it_must() -> None:
    assert find_stigmatising("A note about a John and a Hooker") == ["john", "hooker"]
    assert find_stigmatising("sex\naddict") == ["sex addict"]
    assert find_stigmatising("Am I assuming victimhood or deviance?") == []


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_string_in_the_program_uses_a_stigmatising_term(path: Path) -> None:
    found = [(line, term) for line, text in _literals(path) for term in find_stigmatising(text)]
    assert found == [], f"{path.relative_to(ROOT)}: {found}"


@pytest.mark.parametrize("path", _resources(), ids=lambda p: str(p.relative_to(RESOURCES)))
def test_no_shipped_resource_uses_a_stigmatising_term(path: Path) -> None:
    assert find_stigmatising(path.read_text(encoding="utf-8")) == []


def test_the_documentation_is_clean() -> None:
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        assert find_stigmatising(path.read_text(encoding="utf-8")) == [], path.name


def test_the_demo_phrases_are_checked_apart_from_their_list_of_refused_words() -> None:
    from casenotes.core.demo import phrases

    refused = set(phrases.BANNED_WORDS)
    for line, text in _literals(PACKAGE / "core" / "demo" / "phrases.py"):
        if text.lower() in refused:
            continue
        assert find_stigmatising(text) == [], (line, text)


def test_the_generated_demo_is_clean() -> None:
    from casenotes.core.demo import generate_demo

    for bundle in generate_demo(cases=12, notes=240, seed=7):
        texts = [bundle.case.display_name, bundle.case.presenting_concerns,
                 *(g.text for g in bundle.goals)]
        for note in bundle.notes:
            texts += [*note.sections.values(), *(str(v) for v in note.reflection.values())]
            texts += [a.text for a in note.addenda]
        assert [t for t in texts if find_stigmatising(t)] == []
