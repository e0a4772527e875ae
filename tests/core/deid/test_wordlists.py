"""The shipped word lists: present, headed with source and licence, small, loaded once."""

from __future__ import annotations

from importlib.resources import files

import pytest

from casenotes.core.deid import wordlists

FILES = (
    "english.txt",
    "first-names.txt",
    "allow.txt",
    "clinical-words.txt",
    "shorthand.txt",
    "other-languages.txt",
    "common-proper.txt",
    "org-suffixes.txt",
    "place-suffixes.txt",
    "place-prefixes.txt",
    "place-abbreviations.txt",
)


@pytest.mark.parametrize("name", FILES)
def test_list_has_a_header_and_entries(name: str) -> None:
    text = files("casenotes.resources").joinpath("deid", name).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# ")
    assert "licen" in lines[0].casefold() or "MIT" in lines[0]
    assert len(lines) > 10


def test_lists_are_small() -> None:
    total = sum(len(files("casenotes.resources").joinpath("deid", n).read_bytes()) for n in FILES)
    assert total < 2_000_000


def test_lists_are_loaded_once_as_frozensets() -> None:
    assert isinstance(wordlists.english(), frozenset)
    assert wordlists.english() is wordlists.english()
    assert "signal" in wordlists.english() and "Signal" not in wordlists.english()
    assert len(wordlists.first_names()) > 5000
    for name in ("fatima", "priya", "yuki", "ngozi", "bogdan", "taras", "mateo"):
        assert name in wordlists.first_names(), name
    assert "cbt" in wordlists.allowed() and "prep" in wordlists.allowed()


def test_place_words_counts_the_words_of_a_town_from_the_first() -> None:
    assert wordlists.place_words(["Port", "Hedland", "today"]) == 2
    assert wordlists.place_words(["Cairns", "note"]) == 1
    assert wordlists.place_words(["walked", "home"]) == 0


def test_the_dropped_g_of_fast_notes_is_listed_not_derived() -> None:
    english = wordlists.english()
    assert {"workin", "thinkin", "waitin"} <= english
    # Derived from "-ing" words these would be surnames, names, towns and German words.
    assert not {"rankin", "dunkin", "dustin", "tanglin", "termin"} & english


def test_the_gazetteer_holds_small_towns_whose_names_are_no_everyday_word() -> None:
    places = wordlists.places()
    # Towns of fewer than 15,000 people in the countries the notes are written in.
    for town in ("canmore", "stettler", "okotoks", "innisfail", "normanview"):
        assert town in places, town
    # Small towns named by words a note may use, by a nation, a region or a car, or by a
    # phrase of such words, are left out (the big cities stay, whatever their names).
    left_out = ("home", "front", "cash", "cut off", "nome", "que", "cherokee", "silverado")
    for word in (*left_out, "kiln", "headstone", "coven", "five points", "new town"):
        assert word not in places, word
    assert "reading" in places and "bath" in places
