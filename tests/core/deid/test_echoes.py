"""Later mentions of a name already found are caught too, in the same text and later parts."""

from __future__ import annotations

from casenotes.core.deid import Deidentifier, Identifiers
from casenotes.core.deid.echoes import Echo, EchoBook, seeds
from casenotes.core.deid.spans import Finding


def find_echoes(seen: str, phrases: dict[str, Echo], taken: list[Finding]) -> list[Finding]:
    book = EchoBook()
    book.add(phrases)
    return list(book.find(seen, taken))


def _engine() -> Deidentifier:
    return Deidentifier(Identifiers.from_dict({}))


def test_a_nickname_named_once_is_caught_bare_later_in_the_text() -> None:
    text = (
        'Her friend, known to everyone as "Biscuit", drives her home after shifts. '
        "Biscuit is the one she trusts."
    )
    out = _engine().redact(text).text
    assert "Biscuit" not in out
    assert out.count("[Person 1]") == 2


def test_the_everyday_word_in_lower_case_stays() -> None:
    text = 'Her friend, known as "Biscuit", drives her home. She had a biscuit with tea.'
    out = _engine().redact(text).text
    assert "a biscuit with tea" in out


def test_a_later_part_of_the_same_summary_keeps_the_name_and_its_label() -> None:
    engine = _engine()
    engine.redact('Her friend, known as "Biscuit", drives her home.')
    later = engine.redact("Biscuit rang twice this week.").text
    assert later == "[Person 1] rang twice this week."


def test_a_fresh_engine_remembers_nothing() -> None:
    _engine().redact('Her friend, known as "Biscuit", drives her home.')
    assert _engine().redact("Biscuit rang twice.").text == "Biscuit rang twice."


def test_seeds_skip_lower_case_guesses_and_short_everyday_words() -> None:
    seen = "cliente The Ondine"
    found = [
        Finding(0, 7, "name", "lexicon"),
        Finding(8, 11, "name", "lexicon"),
        Finding(12, 18, "name", "lexicon"),
    ]
    assert set(seeds(seen, found)) == {"ondine"}


def test_a_word_of_a_longer_name_that_is_an_everyday_word_is_matched_mid_sentence_only() -> None:
    seen = "Rose Achterberg came. Rose early. She said Rose knew."
    phrases = seeds(seen, [Finding(0, 15, "name", "lexicon")])
    assert phrases["rose"] == Echo("name", any_case=False, mid_sentence_only=True)
    again = [seen[f.start : f.end] + f"@{f.start}" for f in find_echoes(seen, phrases, [])]
    # The whole name where it stands, and "Rose" only where a sentence runs into it.
    assert again == ["Rose Achterberg@0", f"Rose@{seen.index('Rose knew')}"]


def test_echoes_never_overlap_what_is_already_taken() -> None:
    seen = "Ondine came. Ondine left."
    phrases = {"ondine": Echo("name", any_case=False)}
    taken = [Finding(0, 6, "name", "lexicon")]
    assert [(f.start, f.end) for f in find_echoes(seen, phrases, taken)] == [(13, 19)]


def test_a_case_identifier_that_no_dictionary_knows_is_matched_in_any_case() -> None:
    seen = "Zoltanka called. later zoltanka texted."
    phrases = seeds(seen, [Finding(0, 8, "alias", "identifier")])
    assert phrases["zoltanka"].any_case
    found = [
        (f.start, f.end) for f in find_echoes(seen, phrases, [Finding(0, 8, "alias", "identifier")])
    ]
    assert found == [(23, 31)]


def test_a_nickname_a_message_log_gave_away_is_found_in_lower_case_elsewhere() -> None:
    text = "Her flatmate, deano drives for them both.\n\ndeano 21:15: ill park up"
    out = Deidentifier(Identifiers.from_dict({})).redact(text).text
    assert "deano" not in out
