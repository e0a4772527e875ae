"""casenotes.core.search.index: the in-memory full-text index of decrypted notes.

(Named test_search_index.py, not test_index.py: these test folders have no __init__.py, so
basenames must be unique across the tree.) All people, codes and details are fictional.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casenotes.core.domain import Addendum, Note
from casenotes.core.search import SearchHit, SearchIndex, SearchIndexClosedError
from casenotes.core.search.index import (
    MAX_QUERY_CHARS,
    match_expression,
    process_notes_text,
    reflection_text,
)

CASE_A = "case-a"
CASE_B = "case-b"


def make_note(
    body: str = "",
    *,
    case_id: str = CASE_A,
    session_date: date = date(2024, 3, 8),
    tags: list[str] | None = None,
    addenda: list[str] | None = None,
    note_id: str | None = None,
    deleted: bool = False,
) -> Note:
    note = Note(
        case_id=case_id,
        session_date=session_date,
        sections={"body": body} if body else {},
        tags=tags or [],
        deleted_at=datetime(2024, 5, 1, tzinfo=UTC) if deleted else None,
    )
    if note_id is not None:
        note.id = note_id
    note.addenda = [Addendum(note_id=note.id, text=text) for text in addenda or []]
    return note


def ids(hits: list[SearchHit]) -> list[str]:
    return [hit.note_id for hit in hits]


@pytest.fixture
def index() -> Iterator[SearchIndex]:
    with SearchIndex() as search_index:
        yield search_index


def _full_ranking(index: SearchIndex, query: str) -> list[tuple[str, float]]:
    """Every match in the index's order, from one ranked query over all of them."""
    conn = index._conn
    assert conn is not None
    rows = conn.execute(
        "SELECT m.note_id, bm25(note_fts) AS score FROM note_fts CROSS JOIN note_meta AS m"
        " ON m.doc = note_fts.rowid WHERE note_fts MATCH ?"
        " ORDER BY score, m.session_date DESC, m.doc",
        (match_expression(query),),
    ).fetchall()
    return [(note_id, score) for note_id, score in rows]


def test_the_top_results_are_the_full_ranking_cut_at_the_limit(index: SearchIndex) -> None:
    """search() ranks with FTS5 alone and joins only the best; the hits are the full
    ranking's first ``limit``, ties across the cut (identical notes, newest first) included."""
    notes = []
    for day in (3, 9, 1, 9, 5, 2, 7):  # the same text: the same score, told apart by date
        notes.append(make_note("rest and money", session_date=date(2024, 4, day)))
    notes += [make_note("rest " * n + "and sleep", session_date=date(2024, 5, n)) for n in (1, 2)]
    notes += [make_note("money worries, rest", session_date=date(2024, 6, 1))]
    notes += [make_note("nothing to find here")]
    # More tied notes than the margin fetched beyond the limit: the tie is fetched whole.
    notes += [
        make_note("grief", session_date=date(2023, 1 + n % 12, 1 + n % 28)) for n in range(45)
    ]
    index.add_notes((note, "SW-12") for note in notes)
    for query in ("rest", "money", "re", "rest money", "grief"):
        full = _full_ranking(index, query)
        assert full, query
        for limit in range(1, len(full) + 2):
            hits = index.search(query, limit=limit)
            assert [(hit.note_id, hit.rank) for hit in hits] == full[:limit], (query, limit)


def test_one_letter_shows_the_newest_matching_notes_first(index: SearchIndex) -> None:
    """A single letter matches nearly everything: the newest notes that match come first (the
    next letter ranks them), each with its score and snippet."""
    notes = [
        make_note("rest and money", session_date=date(2024, 4, 3)),
        make_note("rested", session_date=date(2024, 6, 1)),
        make_note("nothing to find", session_date=date(2024, 7, 1)),
        make_note("Rent is due", session_date=date(2024, 5, 1)),
        make_note("résumé sent", session_date=date(2024, 6, 1)),
        make_note("money only", session_date=date(2025, 1, 1)),
    ]
    index.add_notes((note, "SW-12") for note in notes)
    hits = index.search("r", limit=3, mark_start="<", mark_end=">")
    assert ids(hits) == [notes[1].id, notes[4].id, notes[3].id]  # newest first, then indexed
    ranked = {note_id: score for note_id, score in _full_ranking(index, "r")}
    assert len(ranked) == 4
    assert all(hit.rank == ranked[hit.note_id] for hit in hits)
    assert [hit.snippet for hit in hits] == ["<rested>", "<résumé> sent", "<Rent> is due"]
    assert ids(index.search("r", limit=10)) == [
        n.id for n in (notes[1], notes[4], notes[3], notes[0])
    ]


# ---- what is indexed ------------------------------------------------------------------


def test_finds_words_in_sections_tags_and_addenda(index: SearchIndex) -> None:
    in_section = make_note("Named a boundary with a regular client about late messages.")
    in_tag = make_note("Quiet session.", tags=["workplace-safety"])
    in_addendum = make_note("Short check-in.", addenda=["Asked to move the next session."])
    index.add_notes([(in_section, "SW-12"), (in_tag, "SW-12"), (in_addendum, "SW-12")])

    assert ids(index.search("regular client")) == [in_section.id]
    assert ids(index.search("workplace")) == [in_tag.id]
    assert ids(index.search("move the next")) == [in_addendum.id]
    assert len(index) == 3


def test_finds_words_in_a_reflection(index: SearchIndex) -> None:
    note = make_note("Short check-in.")
    note.reflection = {
        "need": ["emotional"],
        "function": "Keeps the week bearable.",
        "notes": {"need": "Says rest matters more than money now."},
    }
    other = make_note("Talked about rest and money.")
    index.add_notes([(note, "SW-12"), (other, "SW-12")])
    assert ids(index.search("bearable")) == [note.id]
    assert ids(index.search("matters more")) == [note.id]
    assert sorted(ids(index.search("rest money"))) == sorted([note.id, other.id])


def test_finds_the_free_process_notes_and_says_where_the_match_is(index: SearchIndex) -> None:
    note = make_note("Planned a rest week.")
    note.reflection = {"function": "Keeps the week bearable."}
    other = make_note("Talked about the lantern festival.")
    index.add_notes(
        [(note, "SW-12"), (other, "SW-12")],
        {note.id: "My own pull to fix the lantern question."},
    )
    (hit,) = index.search("pull fix")
    assert hit.note_id == note.id and hit.in_process_notes
    assert "[pull]" in hit.snippet
    (reflected,) = index.search("bearable")
    assert reflected.in_process_notes  # the reflection is part of the process notes
    (planned,) = index.search("rest week")
    assert not planned.in_process_notes
    # upsert keeps it, and without the text it is gone from the index.
    index.upsert_note(note, "SW-12", "Noticed a heron of calm.")
    assert ids(index.search("heron")) == [note.id] and not index.search("pull fix")
    index.upsert_note(note, "SW-12")
    assert not index.search("heron")


def test_an_excerpt_also_in_the_progress_note_is_not_called_private(index: SearchIndex) -> None:
    note = make_note("Rest.")
    index.upsert_note(note, "SW-12", "Rest.")
    (hit,) = index.search("rest")
    assert not hit.in_process_notes


def test_process_notes_text_joins_the_reflection_and_the_free_text() -> None:
    assert process_notes_text({"a": "first"}, "free") == "first\nfree"
    assert process_notes_text({}, "free") == "free"
    assert process_notes_text({"a": "first"}, "  ") == "first"


def test_reflection_text_is_every_string_in_order() -> None:
    reflection = {
        "a": "first",
        "scale": 3,
        "b": ["x", " ", "y"],
        "notes": {"a": "comment"},
        "empty": None,
    }
    assert reflection_text(reflection) == "first\nx\ny\ncomment"
    assert reflection_text({}) == ""


def _every_string(value: object) -> list[str]:
    """The reference: every non-blank string, depth first, in stored order."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        return [text for item in value.values() for text in _every_string(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _every_string(item)]
    return []


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.none() | st.integers() | st.text(alphabet=" \t\u00a0ab\u2003", max_size=4),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=2), inner),
        max_leaves=12,
    )
)
def test_reflection_text_of_any_shape(reflection: object) -> None:
    assert reflection_text(reflection) == "\n".join(_every_string(reflection))


def test_all_sections_are_indexed(index: SearchIndex) -> None:
    note = make_note()
    note.sections = {"data": "Compared drafts.", "assessment": "", "plan": "Bring one line each."}
    index.upsert_note(note, "CPL-07")

    assert ids(index.search("drafts")) == [note.id]
    assert ids(index.search("line each")) == [note.id]


def test_hit_carries_note_metadata(index: SearchIndex) -> None:
    note = make_note("Talked about the booking platform.", session_date=date(2024, 4, 2))
    index.upsert_note(note, "SW-12")

    [hit] = index.search("booking")

    assert (hit.note_id, hit.case_id, hit.case_code) == (note.id, CASE_A, "SW-12")
    assert hit.session_date == date(2024, 4, 2)
    assert isinstance(hit.rank, float)


def test_every_word_must_match(index: SearchIndex) -> None:
    both = make_note("Rest and sleep came up again.")
    one = make_note("Rest was the theme.")
    index.add_notes([(both, "C-1"), (one, "C-1")])

    assert ids(index.search("sleep rest")) == [both.id]
    assert set(ids(index.search("rest"))) == {both.id, one.id}


def test_matching_ignores_case(index: SearchIndex) -> None:
    note = make_note("Pride in the new routine.")
    index.upsert_note(note, "C-1")

    assert ids(index.search("PRIDE")) == [note.id]


def test_last_word_is_a_prefix(index: SearchIndex) -> None:
    note = make_note("Named a boundary about late messages.")
    index.upsert_note(note, "C-1")

    assert ids(index.search("boun")) == [note.id]
    assert ids(index.search("late boun")) == [note.id]
    # Only the last word is a prefix: earlier words are whole words.
    assert index.search("boun late") == []


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Met a friend at the café first.", "cafe"),
        ("Met a friend at the cafe first.", "café"),
        ("Met a friend at the cafe\u0301 first.", "cafe"),  # decomposed é
        ("A naïve question, asked kindly.", "naive"),
    ],
)
def test_diacritics_are_ignored(index: SearchIndex, text: str, query: str) -> None:
    note = make_note(text)
    index.upsert_note(note, "C-1")

    assert ids(index.search(query)) == [note.id]


def test_word_with_inner_punctuation_is_a_phrase(index: SearchIndex) -> None:
    note = make_note("Sees sex-work as steady income; doesn't want to change it.")
    other = make_note("Work on the agreement; sex came up briefly.")
    index.add_notes([(note, "SW-12"), (other, "CPL-07")])

    assert ids(index.search("sex-work")) == [note.id]
    assert ids(index.search("doesn't")) == [note.id]


# ---- ranking and filtering ------------------------------------------------------------


def test_ranked_by_bm25_best_first(index: SearchIndex) -> None:
    strong = make_note("Agreement review: the agreement and what the agreement protects.")
    weak = make_note(
        "Long session about work, rest, friends, budgeting and one agreement to revisit."
    )
    index.add_notes([(weak, "C-1"), (strong, "C-1")])

    hits = index.search("agreement")

    assert ids(hits) == [strong.id, weak.id]
    assert hits[0].rank < hits[1].rank


def test_equal_rank_puts_newer_session_first(index: SearchIndex) -> None:
    older = make_note("Check-in about rest.", session_date=date(2024, 3, 1))
    newer = make_note("Check-in about rest.", session_date=date(2024, 5, 1))
    index.add_notes([(older, "C-1"), (newer, "C-1")])

    hits = index.search("rest")

    assert hits[0].rank == hits[1].rank
    assert ids(hits) == [newer.id, older.id]


def test_limit(index: SearchIndex) -> None:
    index.add_notes((make_note(f"Routine check-in {n}."), "C-1") for n in range(5))

    assert len(index.search("routine", limit=2)) == 2
    assert index.search("routine", limit=0) == []
    with pytest.raises(ValueError, match="negative"):
        index.search("routine", limit=-1)


def test_case_filter(index: SearchIndex) -> None:
    in_a = make_note("Screening clients by phone first.", case_id=CASE_A)
    in_b = make_note("Screening questions for a new venue.", case_id=CASE_B)
    index.add_notes([(in_a, "SW-12"), (in_b, "SW-30")])

    assert ids(index.search("screening", case_id=CASE_B)) == [in_b.id]
    assert set(ids(index.search("screening"))) == {in_a.id, in_b.id}
    assert index.search("screening", case_id="no-such-case") == []


# ---- keeping the index current --------------------------------------------------------


def test_upsert_replaces_existing_entry(index: SearchIndex) -> None:
    note = make_note("First draft mentions rest.")
    index.upsert_note(note, "C-1")
    note.sections = {"body": "Second draft mentions sleep."}
    note.session_date = date(2024, 6, 1)
    index.upsert_note(note, "C-1")

    assert index.search("rest") == []
    [hit] = index.search("sleep")
    assert hit.note_id == note.id
    assert hit.session_date == date(2024, 6, 1)
    assert len(index) == 1


def test_add_notes_replaces_and_last_entry_wins(index: SearchIndex) -> None:
    note = make_note("Old wording about rest.", note_id="n-1")
    index.add_notes([(note, "C-1")])
    newer = make_note("New wording about sleep.", note_id="n-1")
    newest = make_note("Newest wording about calm.", note_id="n-1")
    index.add_notes([(newer, "C-1"), (newest, "C-1")])

    assert index.search("rest") == []
    assert index.search("sleep") == []
    assert ids(index.search("calm")) == ["n-1"]
    assert len(index) == 1


def test_failing_iterable_leaves_index_unchanged(index: SearchIndex) -> None:
    kept = make_note("Stays searchable.")
    index.upsert_note(kept, "C-1")

    def entries() -> Iterator[tuple[Note, str]]:
        yield make_note("Never indexed."), "C-1"
        raise RuntimeError("record would not decrypt")

    with pytest.raises(RuntimeError):
        index.add_notes(entries())

    assert ids(index.search("searchable")) == [kept.id]
    assert index.search("never") == []
    assert len(index) == 1


def test_remove_note(index: SearchIndex) -> None:
    gone = make_note("Grief after a move.")
    stays = make_note("Grief eased a little.")
    index.add_notes([(gone, "C-1"), (stays, "C-1")])

    index.remove_note(gone.id)
    index.remove_note("not-indexed")  # unknown ids are ignored

    assert ids(index.search("grief")) == [stays.id]
    assert len(index) == 1


def test_remove_case(index: SearchIndex) -> None:
    index.add_notes(
        [
            (make_note("Budgeting for a quiet month.", case_id=CASE_A), "SW-12"),
            (make_note("Budgeting talk again.", case_id=CASE_A), "SW-12"),
        ]
    )
    other = make_note("Budgeting with a partner.", case_id=CASE_B)
    index.upsert_note(other, "CPL-07")

    index.remove_case(CASE_A)

    assert ids(index.search("budgeting")) == [other.id]
    assert len(index) == 1


def test_rename_case(index: SearchIndex) -> None:
    note = make_note("Community organising plans.", case_id=CASE_A)
    other = make_note("Community garden.", case_id=CASE_B)
    index.add_notes([(note, "SW-12"), (other, "CPL-07")])

    index.rename_case(CASE_A, "SW-99")

    codes = {hit.note_id: hit.case_code for hit in index.search("community")}
    assert codes == {note.id: "SW-99", other.id: "CPL-07"}


def test_deleted_notes_are_not_indexed(index: SearchIndex) -> None:
    deleted = make_note("Moved to the trash.", deleted=True)
    index.add_notes([(deleted, "C-1")])

    assert index.search("trash") == []
    assert len(index) == 0


def test_upsert_of_deleted_note_removes_it(index: SearchIndex) -> None:
    note = make_note("Moved to the trash later.")
    index.upsert_note(note, "C-1")
    note.deleted_at = datetime(2024, 5, 1, tzinfo=UTC)
    index.upsert_note(note, "C-1")

    assert index.search("trash") == []
    assert len(index) == 0


# ---- snippets -------------------------------------------------------------------------


def test_snippet_marks_the_matched_words(index: SearchIndex) -> None:
    index.upsert_note(make_note("Named a boundary about late messages."), "C-1")

    [hit] = index.search("late boun")

    assert "[boundary]" in hit.snippet
    assert "[late]" in hit.snippet
    [custom] = index.search("boun", mark_start="<b>", mark_end="</b>")
    assert "<b>boundary</b>" in custom.snippet
    assert "[" not in custom.snippet


def test_snippet_comes_from_the_matching_column(index: SearchIndex) -> None:
    note = make_note("Session notes about rest.", addenda=["Moved next session to Thursday."])
    index.upsert_note(note, "C-1")

    [hit] = index.search("thursday")

    assert hit.snippet == "Moved next session to [Thursday]."


def test_long_snippet_is_cut_with_an_ellipsis_on_one_line(index: SearchIndex) -> None:
    words = [f"word{n}" for n in range(60)]
    words[30] = "curiosity"
    text = " ".join(words[:20]) + "\n\n" + " ".join(words[20:])
    index.upsert_note(make_note(text), "C-1")

    [hit] = index.search("curiosity")

    assert "[curiosity]" in hit.snippet
    assert "…" in hit.snippet
    assert "\n" not in hit.snippet
    assert len(hit.snippet.split()) <= 14  # about 12 tokens of context


def test_internal_marks_cannot_come_from_note_text(index: SearchIndex) -> None:
    index.upsert_note(make_note("Odd \ufdd0characters\ufdd1 pasted in, then calm."), "C-1")

    [hit] = index.search("calm")

    assert hit.snippet.count("[") == 1
    assert "[calm]" in hit.snippet


# ---- queries are text, never syntax ---------------------------------------------------


HOSTILE = [
    "",
    "   ",
    "\t\n",
    '"',
    '""',
    '"rest',
    "rest'",
    "(",
    ")",
    "(rest",
    "rest)",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "rest AND",
    "NOT rest",
    "rest NEAR/2 sleep",
    "NEAR(rest sleep)",
    "*",
    "rest*",
    "*rest",
    ":",
    "body:rest",
    "{body tags}: rest",
    "-",
    "-rest",
    "rest -sleep",
    "^rest",
    "+",
    "rest\x00sleep",
    "\x00",
    "\ud800",
    "rest \udfff",
    "…",
    "💬",
    "rest " * 5000,
    "x" * 100_000,
]


@pytest.fixture(scope="module")
def shared_index() -> Iterator[SearchIndex]:
    """A small filled index shared by the query fuzzing (hypothesis reruns one test often)."""
    with SearchIndex() as search_index:
        search_index.add_notes(
            [
                (make_note("Rest and sleep; NEAR the end, AND a note on OR."), "C-1"),
                (make_note("Body: a café visit.", tags=["rest"], addenda=["Not urgent."]), "C-2"),
            ]
        )
        yield search_index


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_return_a_list(shared_index: SearchIndex, query: str) -> None:
    hits = shared_index.search(query)

    assert isinstance(hits, list)


@given(st.text())
def test_any_text_is_a_valid_query(shared_index: SearchIndex, query: str) -> None:
    assert isinstance(shared_index.search(query), list)


@given(st.text())
def test_any_text_makes_a_safe_expression(query: str) -> None:
    expression = match_expression(query)

    assert expression is None or (expression.startswith('"') and expression.endswith('"*'))


def test_operators_are_plain_words(index: SearchIndex) -> None:
    only_rest = make_note("Rest was the theme.")
    with_or = make_note("Rest or sleep, whichever comes first.")
    index.add_notes([(only_rest, "C-1"), (with_or, "C-1")])

    assert ids(index.search("rest OR sleep")) == [with_or.id]
    assert index.search("NOT rest") == []


def test_empty_query_finds_nothing(index: SearchIndex) -> None:
    index.upsert_note(make_note("Anything at all."), "C-1")

    assert index.search("") == []
    assert index.search("  -- ") == []


def test_very_long_query_is_cut_but_still_finds_its_note(index: SearchIndex) -> None:
    text = " ".join(f"word{n}" for n in range(400))
    note = make_note(text)
    index.upsert_note(note, "C-1")

    assert len(text) > MAX_QUERY_CHARS
    assert ids(index.search(text)) == [note.id]


# ---- lifecycle ------------------------------------------------------------------------


def test_lives_only_in_memory(index: SearchIndex) -> None:
    conn = index._conn  # the private connection: no public way to ask where data lives
    assert conn is not None
    databases = conn.execute("PRAGMA database_list").fetchall()
    assert [(name, file) for _, name, file in databases] == [("main", "")]
    assert conn.execute("PRAGMA temp_store").fetchone() == (2,)  # MEMORY


def test_use_after_close_raises_a_clear_error() -> None:
    index = SearchIndex()
    index.upsert_note(make_note("Closed on lock."), "C-1")
    index.close()
    index.close()  # closing twice is harmless

    assert index._conn is None
    with pytest.raises(SearchIndexClosedError, match="closed"):
        index.search("closed")
    with pytest.raises(SearchIndexClosedError):
        index.search("")
    with pytest.raises(SearchIndexClosedError):
        len(index)
    with pytest.raises(SearchIndexClosedError):
        index.add_notes([])
    with pytest.raises(SearchIndexClosedError):
        index.upsert_note(make_note("Later."), "C-1")
    with pytest.raises(SearchIndexClosedError):
        index.remove_note("n-1")
    with pytest.raises(SearchIndexClosedError):
        index.remove_case(CASE_A)
    with pytest.raises(SearchIndexClosedError):
        index.rename_case(CASE_A, "C-2")


def test_context_manager_closes() -> None:
    with SearchIndex() as index:
        index.upsert_note(make_note("Inside."), "C-1")

    with pytest.raises(SearchIndexClosedError):
        index.search("inside")


def test_search_from_another_thread(index: SearchIndex) -> None:
    note = make_note("Searched from a worker thread.")
    index.upsert_note(note, "C-1")
    results: list[list[SearchHit]] = []

    worker = threading.Thread(target=lambda: results.append(index.search("worker")))
    worker.start()
    worker.join()

    assert [ids(hits) for hits in results] == [[note.id]]


# ---- fill(): the bulk fill at unlock ------------------------------------------------------------


def _fill_rows(count: int, start: int = 0) -> list[tuple[str, str, str, str, str, str, str, str]]:
    return [
        (
            f"note-{n:05d}",
            CASE_A if n % 2 else CASE_B,
            "C-1" if n % 2 else "C-2",
            f"2024-03-{1 + n % 28:02d}",
            f"heron {n} canal",
            "grief" if n % 3 else "",
            "",
            "kingfisher" if n % 5 == 0 else "",
        )
        for n in range(start, start + count)
    ]


def test_fill_takes_batches_of_any_size(index: SearchIndex) -> None:
    batches = [_fill_rows(2500), [], _fill_rows(3, start=2500), _fill_rows(1, start=2503)]
    assert index.fill(batches) == 2504
    assert len(index) == 2504
    assert sorted(ids(index.search("kingfisher", limit=3000))) == [
        f"note-{n:05d}" for n in range(0, 2504, 5)
    ]
    assert ids(index.search("2503")) == ["note-02503"]


def test_fill_rolls_back_when_the_rows_fail_midway(index: SearchIndex) -> None:
    def batches() -> Iterator[list[tuple[str, str, str, str, str, str, str, str]]]:
        yield _fill_rows(1000)
        yield _fill_rows(10, start=1000)
        raise RuntimeError("a batch could not be made")

    with pytest.raises(RuntimeError, match="could not be made"):
        index.fill(batches())
    assert len(index) == 0
    assert index.search("heron") == []
    assert index.fill([_fill_rows(2)]) == 2  # still empty, so it can be filled


def test_fill_rolls_back_when_a_row_cannot_be_written(index: SearchIndex) -> None:
    unbindable: list[object] = list(_fill_rows(2)[1])
    unbindable[4] = ["not", "text"]  # SQLite takes no list
    batches = [_fill_rows(1), [tuple(unbindable)], _fill_rows(1, start=5)]
    with pytest.raises(sqlite3.ProgrammingError):
        index.fill(batches)
    assert len(index) == 0
    assert index.search("heron") == []
