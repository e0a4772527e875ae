"""The vocabulary check: no stigmatising term in any shipped prompt, template or string the
program can show or write. It reads every string literal of the package (with ``ast``, so
comments and identifiers do not count) and every shipped text resource."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from casenotes.core.prompts.vocabulary import find_framing, find_stigmatising

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
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def _python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p not in LISTS_OF_REFUSED_TERMS)


def _resources() -> list[Path]:
    return sorted(
        p
        for p in RESOURCES.rglob("*")
        if p.is_file()
        and p.suffix in {".toml", ".txt", ".json", ".qss", ".svg"}
        and WORD_LISTS not in p.parents
    )


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
        texts = [
            bundle.case.display_name,
            bundle.case.presenting_concerns,
            *(g.text for g in bundle.goals),
        ]
        for note in bundle.notes:
            texts += [*note.sections.values(), *(str(v) for v in note.reflection.values())]
            texts += [a.text for a in note.addenda]
        assert [t for t in texts if find_stigmatising(t)] == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Renegotiating after one partner's visits came to light.", ["came to light"]),
        ("What has come to light since the last session?", ["came to light"]),
        ("Is a return to sex work a relapse?", ["relapse (of sex work)"]),
        ("She lapsed back into escorting", ["relapse (of sex work)"]),
        ("Worried about slipping back into the work.", ["relapse (of sex work)"]),
        ("Going back to the work would be a setback", ["relapse (of sex work)"]),
    ],
)
def test_the_framing_check_finds_what_it_must(text: str, found: list[str]) -> None:
    assert find_framing(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "After one partner told the other about the visits.",
        "Is the client thinking about going back to the work?",
        "A setback at the new job; the light in the room was harsh.",
        "The bad date list helps.",
    ],
)
def test_the_framing_check_leaves_ordinary_wording_alone(text: str) -> None:
    assert find_framing(text) == []


def _prompt_texts() -> list[tuple[str, str]]:
    from casenotes.core.prompts import load_default_library

    texts = []
    for prompt in load_default_library().prompts:
        for text in (
            prompt.text,
            prompt.help,
            prompt.group,
            prompt.scale_low,
            prompt.scale_high,
            *(o.label for o in prompt.options),
        ):
            texts.append((prompt.id, text))
    return texts


def test_no_prompt_frames_sex_work_as_a_relapse_or_a_disclosure_as_coming_to_light() -> None:
    found = [
        (prompt_id, text, find_framing(text))
        for prompt_id, text in _prompt_texts()
        if find_framing(text)
    ]
    assert found == []
    assert all(find_stigmatising(text) == [] for _, text in _prompt_texts())


def test_the_shipped_resources_and_demo_phrases_avoid_the_framings() -> None:
    from casenotes.core.demo import phrases

    for path in _resources():
        assert find_framing(path.read_text(encoding="utf-8")) == [], path.name
    for line, text in _literals(PACKAGE / "core" / "demo" / "phrases.py"):
        assert find_framing(text) == [], (line, text)
    assert "came to light" not in " ".join(phrases.PRESENTING_CONCERNS[phrases.CT.COUPLE])
