"""Editing the reviewed text never loses the review: spans are mapped through the edit, every
earlier finding and decision stays, and only the edited parts are scanned again.

All people and places here are fictional."""

from __future__ import annotations

from casenotes.core.deid import Span
from casenotes.core.domain import Case
from casenotes.core.export import ReviewDocument, SummaryRequest, build_summary
from casenotes.core.export.review import map_position, map_ranges, text_opcodes
from casenotes.core.journal import Journal

from .sample import PARTNER_A, Sample

# ---- map_ranges: pure offsets ------------------------------------------------------------


def test_ranges_shift_through_unchanged_text() -> None:
    old = "Ana met Bo in Tarrow.\nThen Bo left.\n"
    new = "Last week Ana met Bo in Tarrow.\nThen Bo left early.\n"
    ranges = [(0, 3), (8, 10), (14, 20), (27, 29)]
    mapped = map_ranges(old, new, ranges)
    assert [new[a:b] for a, b in mapped] == ["Ana", "Bo", "Tarrow", "Bo"]  # type: ignore[misc]


def test_a_range_typed_into_is_found_again_or_dropped() -> None:
    old = "[Client] saw [Person 1] at [Place].\n"
    # typed inside "[Person 1]" (now "[Person 12]"): those words are gone; "[Place]" moved.
    new = "At [Place], [Client] saw [Person 12].\n"
    ranges = [(0, 8), (13, 23), (27, 34)]
    mapped = map_ranges(old, new, ranges)
    assert mapped[0] is not None and new[mapped[0][0] : mapped[0][1]] == "[Client]"
    assert mapped[1] is None
    assert mapped[2] == (3, 10)


def test_a_moved_label_is_found_nearest_its_place_and_never_twice() -> None:
    old = "[Client] here. [Client] there.\n"
    new = "[Client] there. [Client] here.\n"
    mapped = map_ranges(old, new, [(0, 8), (15, 23)])
    assert None not in mapped
    assert len(set(mapped)) == 2  # two ranges, two places


def test_positions_map_to_the_start_of_an_edit() -> None:
    old, new = "abc def ghi", "abc XYZ ghi"
    ops = text_opcodes(old, new)
    assert map_position(ops, 1) == 1
    assert map_position(ops, 5) == 4
    assert map_position(ops, 9) == 9


def test_line_diff_and_character_diff_agree_on_a_long_text() -> None:
    old = "".join(f"Line {i} keeps [Person {i}] in it.\n" for i in range(400))
    new = old.replace("Line 200 keeps", "Line 200, edited, keeps")
    ranges = [
        (old.index(f"[Person {i}]"), old.index(f"[Person {i}]") + len(f"[Person {i}]"))
        for i in range(400)
    ]
    mapped = map_ranges(old, new, ranges)
    assert [new[a:b] for a, b in mapped] == [f"[Person {i}]" for i in range(400)]  # type: ignore[misc]


# ---- the review document -----------------------------------------------------------------


def document(sample: Sample) -> ReviewDocument:
    request = SummaryRequest(sample.case.id, question="What am I missing?")
    return ReviewDocument(
        build_summary(sample.case, sample.notes, sample.goals, sample.library, request)
    )


def test_edit_then_rescan_keeps_every_finding_and_decision(sample: Sample) -> None:
    doc = document(sample)
    count = len(doc.findings)
    assert count > 20
    place = min(
        (i for i, f in enumerate(doc.findings) if f.span.text == "Quillmouth"),
        key=lambda i: doc.findings[i].span.start,
    )
    doc.restore(place)
    start = doc.text.index("What am I missing?")
    manual = doc.redact(start + len("What am I "), start + len("What am I missing"), "other")
    before = [(f.span.text, f.span.replacement, f.active) for f in doc.findings]

    # Edit near the top (shifts everything after it) and add a sentence with a new name.
    text = doc.text.replace("What am I [Redacted]?", "What, honestly, am I [Redacted]?")
    text += f"\nLater {PARTNER_A} phoned from Vellmarsh Quay.\n"
    report = doc.replace_text(text)

    after = [(f.span.text, f.span.replacement, f.active) for f in doc.findings]
    assert after[: len(before)] == before  # same findings, same order, same decisions
    assert report.kept == len(before) and report.dropped == 0 and report.added >= 1
    assert doc.findings[manual].active and doc.findings[manual].span.source == "manual"
    assert not doc.findings[place].active and "Quillmouth" in doc.text
    assert "What, honestly, am I [Redacted]?" in doc.text
    assert PARTNER_A not in doc.text
    assert "Later [Partner A] phoned from" in doc.text
    # The source holds the original words again, and findings point at them.
    for finding in doc.findings:
        assert doc.source[finding.span.start : finding.span.end] == finding.span.text


def test_a_second_edit_keeps_the_first_edits_findings(sample: Sample) -> None:
    doc = document(sample)
    doc.replace_text(doc.text + f"\n{PARTNER_A} again.\n")
    first_count = len(doc.findings)
    doc.replace_text("Intro line.\n" + doc.text)
    assert len(doc.findings) == first_count
    assert doc.text.startswith("Intro line.\n")


def test_deleting_a_label_drops_that_finding_only(sample: Sample) -> None:
    doc = document(sample)
    count = len(doc.findings)
    text = doc.text
    at = text.index("[Place]")
    report = doc.replace_text(text[:at] + "the coast" + text[at + len("[Place]") :])
    assert report.dropped == 1 and report.dropped_restored == 0
    assert len(doc.findings) == count - 1
    assert "the coast" in doc.text and "Quillmouth" not in doc.text


def test_an_unchanged_part_is_not_scanned_again(sample: Sample) -> None:
    """Fixed headings were never scanned; an edit elsewhere must not start flagging them."""
    doc = document(sample)
    count = len(doc.findings)
    report = doc.replace_text(doc.text + "\nOne more plain line.\n")
    assert report.added == 0 and len(doc.findings) == count


def test_findings_keep_their_reason(sample: Sample) -> None:
    doc = document(sample)
    doc.findings[0].span = Span(
        doc.findings[0].span.start,
        doc.findings[0].span.end,
        doc.findings[0].span.kind,
        doc.findings[0].span.text,
        doc.findings[0].span.replacement,
        False,
        doc.findings[0].span.source,
        "exact age",
    )
    doc.replace_text(doc.text + "\nMore.\n")
    assert doc.findings[0].span.reason == "exact age"


# ---- teaching the case -------------------------------------------------------------------


def test_learning_redacts_every_other_occurrence_and_later_edits(sample: Sample) -> None:
    request = SummaryRequest(
        sample.case.id, question="Why the blue door? The Blue Door matters to them."
    )
    doc = ReviewDocument(
        build_summary(sample.case, sample.notes, sample.goals, sample.library, request)
    )
    start = doc.text.index("blue door")
    manual = doc.redact(start, start + len("blue door"), "place")
    assert doc.identifier_value(manual) == "blue door" and not doc.is_known("blue door")
    added = doc.learn("blue door", "places", "[Place]")
    assert added == 1 and doc.is_known("Blue  Door")
    assert "blue door" not in doc.text.casefold()
    assert "Why the [Place]? The [Place] matters to them." in doc.text
    doc.replace_text(doc.text + "\nAt the blue door again.\n")
    assert "blue door" not in doc.text.casefold()
    # Restoring one shows it to the last guard as a known identifier now.
    doc.restore(manual)
    assert "blue door" in doc.unreviewed_identifiers()


def test_the_journal_adds_an_identifier_once(journal: Journal) -> None:
    case = journal.save_case(Case(code="C-808", display_name="Fictional Person"))
    assert journal.add_case_identifier(case.id, "places", "  blue   door ") is True
    assert journal.add_case_identifier(case.id, "places", "Blue Door") is False
    saved = journal.get_case(case.id)
    assert saved is not None and saved.identifiers.places == ["blue door"]


def test_a_surname_typed_after_a_restored_name_is_still_redacted(sample: Sample) -> None:
    doc = document(sample)
    doc.replace_text(doc.text + "\nLater Marguerite phoned.\n")
    first = max(
        (i for i, f in enumerate(doc.findings) if f.span.text == "Marguerite"),
        key=lambda i: doc.findings[i].span.start,
    )
    doc.restore(first)
    assert "Later Marguerite phoned." in doc.text
    report = doc.replace_text(
        doc.text.replace("Later Marguerite phoned.", "Later Marguerite Whitcombe phoned.")
    )
    assert report.added >= 1
    assert "Whitcombe" not in doc.text
    assert "Later Marguerite [" in doc.text  # the restored first name stays restored
