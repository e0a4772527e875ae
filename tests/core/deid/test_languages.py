"""Notes in other languages: everyday words are no names (core.deid.languages)."""

from __future__ import annotations

import pytest

from casenotes.core.deid import Deidentifier, Identifiers, languages


def _redacted(text: str) -> str:
    return Deidentifier(Identifiers()).redact(text).text


GERMAN = (
    "Die Klientin berichtet, dass sie seit Wochen schlecht schläft. Sie arbeitet nachts. "
    "Termin mit Irmgard Zöllner am Montag."
)
SPANISH = (
    "Ella dice que su hermana vive con ella. Trabaja de noche en un piso. "
    "Hablamos de Rosalba Quintero y del apoyo que tiene."
)


def test_a_note_is_in_the_language_whose_function_words_it_uses() -> None:
    assert set(languages.detected(GERMAN)) == {"de"}
    assert "es" in languages.detected(SPANISH)
    assert languages.detected("She said her sister lives with her and works nights.") == {}


def test_german_nouns_and_pronouns_are_no_people() -> None:
    out = _redacted(GERMAN)
    for word in ("Klientin", "Wochen", "Sie arbeitet", "Termin"):
        assert word in out
    assert "Zöllner" not in out


def test_spanish_sentence_openers_are_no_people() -> None:
    out = _redacted(SPANISH)
    assert out.startswith("Ella dice")
    assert "Trabaja de noche" in out
    assert "Quintero" not in out


def test_a_capital_typed_mid_sentence_still_names_someone_outside_german() -> None:
    out = _redacted(SPANISH + " Un cliente que llaman el Sol no paga.")
    assert "el Sol" not in out


def test_the_same_word_in_english_text_is_still_a_name() -> None:
    assert "Ella" not in _redacted("Ella came in late and said the drive was fine.")


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("je dois aller à Lyon après le 12, dit-elle", "le 12"),
        ("preocupa el 18: mucha demanda, poco descanso", "el 18"),
        ("next: o dia 21 (sexta), after which she is off", "o dia 21"),
    ],
)
def test_a_day_of_the_month_with_its_article(text: str, gone: str) -> None:
    assert gone not in _redacted(text)


def test_an_article_before_a_count_dates_nothing() -> None:
    text = "tiene 2 hijos; el 50% del tiempo; il 3 volte; I am 3 weeks in"
    assert "[Date]" not in _redacted(text)
