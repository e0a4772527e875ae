"""The review model: restore, reapply, redact, edit freely, and the last guard before export."""

from __future__ import annotations

import pytest

from casenotes.core.export import ReviewDocument, SummaryRequest, build_summary

from .sample import PARTNER_A, PARTNER_B, Sample


def document(sample: Sample) -> ReviewDocument:
    request = SummaryRequest(sample.case.id, question="What am I missing?")
    return ReviewDocument(
        build_summary(sample.case, sample.notes, sample.goals, sample.library, request)
    )


def first(doc: ReviewDocument, original: str) -> int:
    return min(
        (i for i, f in enumerate(doc.findings) if f.span.text == original),
        key=lambda i: doc.findings[i].span.start,
    )


def test_starts_as_the_draft_text_with_every_finding_active(sample: Sample) -> None:
    doc = document(sample)
    assert doc.text == doc.draft.text
    assert all(f.active for f in doc.findings)
    segments = doc.segments()
    assert "".join(s.text for s in segments) == doc.text
    shown = [s for s in segments if s.finding is not None]
    assert len(shown) == len(doc.findings)
    assert all(
        s.text == doc.findings[s.finding].span.replacement for s in shown if s.finding is not None
    )


def test_restore_and_reapply(sample: Sample) -> None:
    doc = document(sample)
    place = first(doc, "Quillmouth")
    doc.restore(place)
    assert not doc.findings[place].active
    assert doc.text.count("Quillmouth") == 1
    assert "Quillmouth" in doc.unreviewed_identifiers()
    doc.reapply(place)
    assert "Quillmouth" not in doc.text
    assert doc.unreviewed_identifiers() == []


def test_redact_plain_text_by_hand(sample: Sample) -> None:
    doc = document(sample)
    text = doc.text
    start = (
        text.index("keeps the peace")
        if "keeps the peace" in text
        else text.index("What am I missing?")
    )
    end = start + len("What am I")
    before = len(doc.findings)
    index = doc.redact(start, end)
    assert index == before
    span = doc.findings[index].span
    assert span.source == "manual" and span.replacement == "[Redacted]"
    assert doc.text[start:].startswith("[Redacted] missing?")
    named = doc.redact(doc.text.index("missing"), doc.text.index("missing") + 7, "name")
    assert doc.findings[named].span.replacement == "[Name]"
    assert "[Redacted] [Name]?" in doc.text
    doc.restore(index)
    assert "What am I [Name]?" in doc.text


def test_redact_refuses_a_finding_or_nothing(sample: Sample) -> None:
    doc = document(sample)
    label = doc.text.index("[Place]")
    with pytest.raises(ValueError):
        doc.redact(label, label + 3)  # inside a finding's label
    with pytest.raises(ValueError):
        doc.redact(label - 3, label + 2)  # across plain text and a finding
    with pytest.raises(ValueError):
        doc.redact(5, 5)
    with pytest.raises(ValueError):
        doc.redact(0, 4, "nonsense")


def test_replace_text_rescans_with_the_same_labels(sample: Sample) -> None:
    doc = document(sample)
    before = [f.span.text for f in doc.findings]
    edited = doc.text + f"\nLater {PARTNER_A} and {PARTNER_B} met [Person 9] in Quillmouth.\n"
    report = doc.replace_text(edited)
    assert doc.draft.source != edited
    new = doc.text
    assert PARTNER_A not in new and "Quillmouth" not in new
    assert "Later [Partner A] and [Partner B] met [Person 9] in [Place]." in new
    # Labels already in the text are not flagged again.
    assert not any(f.span.text.startswith("[") for f in doc.findings)
    # Every earlier finding is still there, and the three new ones follow.
    assert [f.span.text for f in doc.findings] == [*before, PARTNER_A, PARTNER_B, "Quillmouth"]
    assert (report.kept, report.dropped, report.added) == (len(before), 0, 3)
    assert doc.unreviewed_identifiers() == []


def test_unsure_lists_uncertain_findings(sample: Sample) -> None:
    doc = document(sample)
    assert doc.unsure() == []
    doc.replace_text(doc.text + "\nRavindta (a typo) called about ref 123456789.\n")
    unsure = doc.unsure()
    assert unsure == [i for i, f in enumerate(doc.findings) if not f.span.certain]
    assert "Ravindta" in {doc.findings[i].span.text for i in unsure}
    assert "[Partner A] (a typo)" in doc.text


def test_unreviewed_identifiers_guards_the_export(sample: Sample) -> None:
    doc = document(sample)
    assert doc.unreviewed_identifiers() == []
    for value in ("Ravindra", "tamsin.vell@example.org", "+1 415 555 0142"):
        doc.restore(first(doc, value))
    still = doc.unreviewed_identifiers()
    assert "tamsin.vell@example.org" in still and "+1 415 555 0142" in still
    # a name restored by halves still counts as the name's word, not the whole value
    assert PARTNER_A not in still
    doc.replace_text(doc.text + "\nphone 415-555-0142\n")
    # An edit keeps what was restored, and scans what was typed.
    assert "+1 415 555 0142" in doc.text
    assert "415-555-0142" not in doc.text


def test_a_restored_first_name_is_reported(sample: Sample) -> None:
    """The last guard sees every variant of a known identifier, not just the full value:
    "Ravindra" restored alone is reported (through ``Deidentifier.find_known``)."""
    doc = document(sample)
    doc.restore(first(doc, "Ravindra"))
    assert "Ravindra" in doc.unreviewed_identifiers()


def test_unreviewed_identifiers_uses_the_identifier_layer(
    sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever ``find_known`` reports in the final text is returned, each text once."""
    from casenotes.core.deid import Span

    doc = document(sample)
    calls: list[str] = []

    def find_known(text: str) -> list[Span]:
        calls.append(text)
        return [Span(i, i + 4, "name", "Oskr", "[Client]") for i in (0, 5)]

    monkeypatch.setattr(doc.draft.deidentifier, "find_known", find_known, raising=False)
    assert doc.unreviewed_identifiers() == ["Oskr"]
    assert calls and calls[0] == doc.text


def test_the_case_code_and_display_name_are_guarded(sample: Sample) -> None:
    doc = document(sample)
    doc.replace_text(doc.text + "\nSee C-417 (Okonkwo-Hale and Vell).\n")
    for finding in range(len(doc.findings)):
        doc.restore(finding)
    still = doc.unreviewed_identifiers()
    assert "C-417" in still and "Okonkwo-Hale and Vell" in still


def test_an_edit_keeps_restorations_and_leaves_added_redactions_as_labels(sample: Sample) -> None:
    doc = document(sample)
    restored = first(doc, "Ravindra")
    doc.restore(restored)
    states = [(f.span.text, f.active) for f in doc.findings]
    start = doc.text.index("Ravindra")
    assert doc.unreviewed_identifiers()  # restored: the guard says so
    doc.replace_text(doc.text[:start] + doc.text[start:] + "\nA line typed in the review.\n")
    assert "Ravindra" in doc.text
    # Each finding keeps its own decision: the one restored, and only it, stays restored.
    assert [(f.span.text, f.active) for f in doc.findings] == states
