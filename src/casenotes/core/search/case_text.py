"""Search in a case's own text: its presenting concerns and its goals.

A vault has a few hundred cases with a few lines each, so this is a scan, not an index: the
same rules as the note index as far as a reader can tell (every word of the query must occur,
each as the start of a word, ignoring case and accents), and a snippet with the matches
marked. Nothing is kept here; the caller holds the texts (decrypted, in memory only)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from casenotes.core.search.index import MAX_QUERY_CHARS, SNIPPET_ELLIPSIS, SNIPPET_TOKENS

_WORD = re.compile(r"\w+")


class CaseField:
    """Where in a case a match was found (plain words, shown beside the snippet)."""

    CONCERNS = "Presenting concerns"
    GOAL = "Goal"


@dataclass(frozen=True, slots=True)
class CaseTextHit:
    case_id: str
    field: str  # a CaseField value
    snippet: str  # text around the matches, each wrapped in the caller's marks


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def query_words(query: str) -> list[str]:
    """The query's words, folded; empty when there is nothing to search for."""
    return [_fold(w) for w in _WORD.findall(query[:MAX_QUERY_CHARS])]


def snippet_for(text: str, words: list[str], mark: tuple[str, str]) -> str | None:
    """A snippet of ``text`` around its first match when every one of ``words`` starts some
    word of it, else None. Matched words within the snippet are wrapped in ``mark``."""
    if not words or not text:
        return None
    tokens = list(_WORD.finditer(text))
    folded = [_fold(t.group()) for t in tokens]
    matched = [i for i, token in enumerate(folded) if any(token.startswith(w) for w in words)]
    if not all(any(token.startswith(w) for token in folded) for w in words):
        return None
    first = matched[0]
    start = max(0, first - SNIPPET_TOKENS // 3)
    end = min(len(tokens), start + SNIPPET_TOKENS)
    start = max(0, end - SNIPPET_TOKENS)
    # The text's own start and end (with their punctuation) when the snippet reaches them.
    begin_at = 0 if start == 0 else tokens[start].start()
    end_at = len(text) if end == len(tokens) else tokens[end - 1].end()
    pieces: list[str] = []
    position = begin_at
    for i in range(start, end):
        token = tokens[i]
        pieces.append(text[position : token.start()])
        piece = token.group()
        pieces.append(f"{mark[0]}{piece}{mark[1]}" if i in matched else piece)
        position = token.end()
    pieces.append(text[position:end_at])
    body = " ".join("".join(pieces).split())  # one line for a result list
    before = SNIPPET_ELLIPSIS if begin_at > 0 else ""
    after = SNIPPET_ELLIPSIS if end_at < len(text) else ""
    return f"{before}{body}{after}"


def search_case_texts(
    query: str,
    texts: dict[str, tuple[str, list[str]]],
    *,
    mark: tuple[str, str] = ("[", "]"),
    limit: int = 10,
) -> list[CaseTextHit]:
    """Matches in each case's (presenting concerns, goal texts), in the order of ``texts``,
    concerns before goals, at most ``limit``."""
    words = query_words(query)
    hits: list[CaseTextHit] = []
    if not words:
        return hits
    for case_id, (concerns, goals) in texts.items():
        found = [(CaseField.CONCERNS, snippet_for(concerns, words, mark))]
        found += [(CaseField.GOAL, snippet_for(goal, words, mark)) for goal in goals]
        for field, snippet in found:
            if snippet is not None:
                hits.append(CaseTextHit(case_id, field, snippet))
                if len(hits) >= limit:
                    return hits
    return hits
