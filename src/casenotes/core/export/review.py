"""The review of a summary before export, without Qt: the model the review dialog drives.

The document is the draft's source with its findings. Each finding is shown as its label
(active) or as the original text (restored); the practitioner can redact more by hand, or edit
the final text freely, which re-scans it with the same ``Deidentifier`` so labels stay the
same. Nothing here keeps a copy of what was removed beyond the spans themselves.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from casenotes.core.deid import Deidentifier, Span
from casenotes.core.deid.spans import cut_out, resolve_overlaps
from casenotes.core.domain import IDENTIFIER_KINDS, Identifiers
from casenotes.core.export.markdown import unescape, unescape_with_offsets
from casenotes.core.export.summary import SummaryDraft

MANUAL_LABELS: dict[str, str] = {
    "name": "[Name]",
    "alias": "[Name]",
    "handle": "[Handle]",
    "phone": "[Phone]",
    "email": "[Email]",
    "url": "[URL]",
    "ip": "[IP address]",
    "date": "[Date]",
    "age": "[Age]",
    "address": "[Address]",
    "zip": "[ZIP]",
    "place": "[Place]",
    "employer": "[Workplace]",
    "id": "[ID number]",
    "vehicle": "[Vehicle]",
    "other": "[Redacted]",
}

# The case identifier kind a redaction by hand most likely is, for teaching it to the case.
IDENTIFIER_KIND_OF: dict[str, str] = {
    "name": "names",
    "alias": "aliases",
    "handle": "handles",
    "phone": "phones",
    "email": "emails",
    "place": "places",
    "employer": "employers",
}

# Labels the scan or the review put in: an edited text keeps them without re-flagging.
_NUMBERED_LABEL = re.compile(
    r"\[(?:Client|Partner [A-Z]|Person \d+|Workplace \d+|Session \d+|Date: session \d+)\]"
)
_ANY_LABEL = re.compile(r"\[[^\[\]\n]{1,40}\]")


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    finding: int | None  # None: plain text; else the index into ReviewDocument.findings


@dataclass(slots=True)
class Finding:
    span: Span
    active: bool = True


@dataclass(frozen=True, slots=True)
class RescanReport:
    """What an edit did to the findings: kept (mapped through it), dropped (their words are
    gone), of which restored, and added (new findings in the edited text)."""

    kept: int
    dropped: int
    dropped_restored: int
    added: int


Opcode = tuple[str, int, int, int, int]


def text_opcodes(old: str, new: str) -> list[Opcode]:
    """``SequenceMatcher`` opcodes (character offsets) turning ``old`` into ``new``.

    Lines are compared first and only replaced lines character by character: a summary is
    tens of kilobytes, and a character diff of all of it is quadratic."""
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    old_at = _line_starts(old_lines)
    new_at = _line_starts(new_lines)
    out: list[Opcode] = []
    by_line = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in by_line.get_opcodes():
        a1, a2, b1, b2 = old_at[i1], old_at[i2], new_at[j1], new_at[j2]
        if tag != "replace":
            out.append((tag, a1, a2, b1, b2))
            continue
        by_char = SequenceMatcher(None, old[a1:a2], new[b1:b2], autojunk=False)
        out.extend(
            (t, a1 + x1, a1 + x2, b1 + y1, b1 + y2) for t, x1, x2, y1, y2 in by_char.get_opcodes()
        )
    return out


def _line_starts(lines: Sequence[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def map_position(opcodes: Sequence[Opcode], offset: int) -> int:
    """Where ``offset`` of the old text lands in the new one (inside an edit: its start)."""
    for tag, i1, i2, j1, j2 in opcodes:
        if i1 <= offset < i2 or (offset == i2 and i1 == i2):
            return j1 + min(offset - i1, j2 - j1) if tag == "equal" else j1
    return opcodes[-1][4] if opcodes else offset


def map_ranges(
    old: str,
    new: str,
    ranges: Sequence[tuple[int, int]],
    opcodes: Sequence[Opcode] | None = None,
) -> list[tuple[int, int] | None]:
    """Where each (non-overlapping) range of ``old`` stands in ``new``, or None.

    A range inside text the edit left alone is shifted with it. A range the edit touched
    (text typed inside it, or the text around it moved) is found again: the same words,
    where no other range is, nearest to where it was; None only if its words are gone."""
    ops = list(opcodes) if opcodes is not None else text_opcodes(old, new)
    equal = [(i1, i2, j1) for tag, i1, i2, j1, _j2 in ops if tag == "equal"]
    starts = [block[0] for block in equal]
    result: list[tuple[int, int] | None] = [None] * len(ranges)
    claimed: list[tuple[int, int]] = []
    pending: list[int] = []
    for k, (a, b) in enumerate(ranges):
        i = bisect_right(starts, a) - 1
        if a < b and i >= 0 and b <= equal[i][1]:
            i1, _i2, j1 = equal[i]
            result[k] = (j1 + a - i1, j1 + b - i1)
            claimed.append(result[k])  # type: ignore[arg-type]
        else:
            pending.append(k)
    for k in pending:
        a, b = ranges[k]
        needle = old[a:b]
        if not needle:
            continue
        expected = map_position(ops, a)
        best: tuple[int, int] | None = None
        at = new.find(needle)
        while at >= 0:
            where = (at, at + len(needle))
            if not any(x < where[1] and where[0] < y for x, y in claimed) and (
                best is None or abs(at - expected) < abs(best[0] - expected)
            ):
                best = where
            at = new.find(needle, at + 1)
        if best is not None:
            result[k] = best
            claimed.append(best)
    return result


class ReviewDocument:
    """A summary under review: the source text, its findings, and what each shows."""

    def __init__(self, draft: SummaryDraft) -> None:
        self._draft = draft
        self._deid: Deidentifier = draft.deidentifier
        self._source = draft.source
        self.findings: list[Finding] = [Finding(span) for span in draft.spans]
        self._labels: set[str] = set(MANUAL_LABELS.values())
        self._labels.update(span.replacement for span in draft.spans)
        # What the practitioner taught the case during this review: an engine that knows
        # only that identifier, and the label its words get.
        self._taught: list[tuple[Deidentifier, str]] = []
        self._known: list[str] = list(draft.known_identifiers)

    @property
    def draft(self) -> SummaryDraft:
        return self._draft

    @property
    def source(self) -> str:
        return self._source

    # ---- the final text ----

    def _ordered(self) -> list[int]:
        return sorted(range(len(self.findings)), key=lambda i: self.findings[i].span.start)

    def segments(self) -> list[Segment]:
        out: list[Segment] = []
        pos = 0
        for index in self._ordered():
            finding = self.findings[index]
            span = finding.span
            if span.start < pos:  # never happens for findings this class made
                continue
            if span.start > pos:
                out.append(Segment(self._source[pos : span.start], None))
            out.append(Segment(span.replacement if finding.active else span.text, index))
            pos = span.end
        if pos < len(self._source):
            out.append(Segment(self._source[pos:], None))
        return out

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments())

    # ---- the practitioner's decisions ----

    def restore(self, index: int) -> None:
        """Show the original text of finding ``index`` again."""
        self.findings[index].active = False

    def reapply(self, index: int) -> None:
        self.findings[index].active = True

    def redact(self, start: int, end: int, kind: str = "other") -> int:
        """Redact ``text[start:end]`` (offsets into ``.text``), which must lie in plain text.

        Returns the index of the new finding (a manual span labelled by its kind)."""
        if kind not in MANUAL_LABELS:
            raise ValueError(f"unknown kind of redaction: {kind}")
        if not 0 <= start < end:
            raise ValueError("nothing selected to redact")
        text_pos = 0
        source_pos = 0
        for segment in self.segments():
            length = len(segment.text)
            if segment.finding is None and text_pos <= start and end <= text_pos + length:
                a = source_pos + (start - text_pos)
                b = source_pos + (end - text_pos)
                span = Span(a, b, kind, self._source[a:b], MANUAL_LABELS[kind], True, "manual")
                self.findings.append(Finding(span))
                return len(self.findings) - 1
            text_pos += length
            if segment.finding is None:
                source_pos += length
            else:
                source_pos = self.findings[segment.finding].span.end
            if text_pos >= end:
                break
        raise ValueError("a redaction must lie within text that is not already a finding")

    def replace_text(self, new_text: str) -> RescanReport:
        """Take the freely edited final text as the new source and scan what changed.

        Every earlier finding whose words are still there keeps its place and its decision
        (restored stays restored, a redaction made by hand stays redacted): its range in the
        old final text is mapped through the edit (``map_ranges``), and its label or restored
        words are put back to their original text in the new source. Only the edited parts
        are scanned again (the rest was scanned when the summary was built), with the same
        deidentifier so labels stay the same; labels already in the text ("[Client]",
        "[Redacted]") are not flagged again, and nothing new may overlap a kept finding."""
        old_text = self.text
        shown: list[tuple[int, int]] = []  # each finding's range in the old final text
        order: list[int] = []
        pos = 0
        for segment in self.segments():
            if segment.finding is not None:
                order.append(segment.finding)
                shown.append((pos, pos + len(segment.text)))
            pos += len(segment.text)
        opcodes = text_opcodes(old_text, new_text)
        mapped = map_ranges(old_text, new_text, shown, opcodes)
        placed = sorted(
            (
                (where, index)
                for where, index in zip(mapped, order, strict=True)
                if where is not None
            ),
            key=lambda item: item[0][0],
        )
        dropped = [
            self.findings[index]
            for where, index in zip(mapped, order, strict=True)
            if where is None
        ]

        # The new source: the edited text with each kept finding's original words back.
        pieces: list[str] = []
        runs: list[tuple[int, int, int]] = []  # plain runs: (text start, text end, source start)
        moved: dict[int, Finding] = {}
        text_pos = source_len = 0
        for (a, b), index in placed:
            finding = self.findings[index]
            plain = new_text[text_pos:a]
            runs.append((text_pos, a, source_len))
            pieces.append(plain)
            source_len += len(plain)
            original = finding.span.text
            moved[index] = Finding(
                replace(finding.span, start=source_len, end=source_len + len(original)),
                finding.active,
            )
            pieces.append(original)
            source_len += len(original)
            text_pos = b
        runs.append((text_pos, len(new_text), source_len))
        pieces.append(new_text[text_pos:])
        source = "".join(pieces)

        def to_source(offset: int) -> int:
            for start, end, at in runs:
                if start <= offset <= end:
                    return at + offset - start
            # inside a kept finding (never for an edited range): its source start
            return next((at for start, _end, at in runs if start >= offset), len(source))

        changed = [
            (to_source(j1), to_source(j2)) for tag, _i1, _i2, j1, j2 in opcodes if tag != "equal"
        ]
        for finding in self.findings:
            self._labels.add(finding.span.replacement)
        self._source = source
        # In their earlier order, so a finding keeps its index when none before it went.
        kept = [moved[index] for index in sorted(moved)]
        self.findings = kept
        kept_count = len(kept)
        added = self._merge(self._scan(source), within=changed)
        return RescanReport(
            kept=kept_count,
            dropped=len(dropped),
            dropped_restored=sum(1 for finding in dropped if not finding.active),
            added=added,
        )

    def _scan(self, text: str) -> list[Span]:
        """Everything the deidentifier finds in ``text``, and every occurrence of what the
        review taught the case (labelled as the practitioner chose)."""
        return [*self._deid.find(text), *_find_taught(text, self._taught)]

    def _merge(self, spans: Sequence[Span], within: Sequence[tuple[int, int]] | None = None) -> int:
        """Add the findings of a scan of the current source that overlap no finding already
        there (whatever its state: a decision stands) and no label in the text; with
        ``within``, only those touching one of those source ranges. New findings go last,
        so the indices of the others stay. Returns how many were added."""
        taken = [(f.span.start, f.span.end) for f in self.findings]
        protected = [
            (start + m.start(), start + m.end())
            for start, run in self._plain_runs()
            for m in _ANY_LABEL.finditer(run)
            if m.group() in self._labels or _NUMBERED_LABEL.fullmatch(m.group())
        ]
        added = 0
        for found in resolve_overlaps(spans):
            if within is not None and not any(
                found.start <= b and a <= found.end for a, b in within
            ):
                continue
            # A finding that overlaps a decision already made adds only what lies outside
            # it: "Tamsin" restored, then " Whitcombe" typed after it, still redacts the
            # surname.
            pieces = [(found.start, found.end)]
            for a, b in [*taken, *protected]:
                if a < found.end and found.start < b:
                    pieces = cut_out(pieces, a, b)
            for a, b in pieces:
                while a < b and not self._source[a].isalnum():
                    a += 1
                while b > a and not self._source[b - 1].isalnum():
                    b -= 1
                if sum(c.isalnum() for c in self._source[a:b]) < 2:
                    continue
                span = (
                    found
                    if (a, b) == (found.start, found.end)
                    else replace(found, start=a, end=b, text=self._source[a:b])
                )
                self.findings.append(Finding(span))
                self._labels.add(span.replacement)
                taken.append((span.start, span.end))
                added += 1
        return added

    def _plain_runs(self) -> list[tuple[int, str]]:
        """(source offset, text) of each stretch of the source that is no finding."""
        runs: list[tuple[int, str]] = []
        pos = 0
        for finding in sorted(self.findings, key=lambda f: f.span.start):
            if finding.span.start > pos:
                runs.append((pos, self._source[pos : finding.span.start]))
            pos = max(pos, finding.span.end)
        if pos < len(self._source):
            runs.append((pos, self._source[pos:]))
        return runs

    # ---- teaching the case ----

    def identifier_value(self, index: int) -> str:
        """The words of finding ``index`` as a reader sees them (Markdown escapes undone)."""
        return " ".join(unescape(self.findings[index].span.text).split())

    def is_known(self, value: str) -> bool:
        """Whether ``value`` is already a known identifier of the case (or taught here)."""
        folded = " ".join(value.split()).casefold()
        return any(" ".join(known.split()).casefold() == folded for known in self._known)

    def learn(self, value: str, kind: str, label: str) -> int:
        """Treat ``value`` as a known identifier of the case, of interchange ``kind``
        ("names", "places"…): every occurrence (and variant) of it in the summary that is not
        already a finding is redacted as ``label``, later edits are scanned for it, and the
        export's last guard looks for it. Saving it to the case is the caller's part
        (``Journal.add_case_identifier``). Returns how many findings were added."""
        if kind not in IDENTIFIER_KINDS:
            raise ValueError(f"unknown kind of identifier: {kind}")
        value = " ".join(value.split())
        if not value:
            raise ValueError("nothing to learn")
        engine = Deidentifier(Identifiers.from_dict({kind: [value]}))
        self._taught.append((engine, label))
        self._labels.add(label)
        if value not in self._known:
            self._known.append(value)
        return self._merge(_find_taught(self._source, [(engine, label)]))

    # ---- what is left to look at ----

    def unsure(self) -> list[int]:
        return [i for i, finding in enumerate(self.findings) if not finding.span.certain]

    def unreviewed_identifiers(self) -> list[str]:
        """Known identifiers of the case that still stand in the final text: each full value,
        and whatever the deidentifier's identifier layer finds (every variant of every known
        identifier: a first name alone, a surname, a nickname), as the text found there."""
        text = self.text
        plain = unescape(text)  # "@velvet\_fox" in the Markdown is "@velvet_fox" to a reader
        texts = [text] if plain == text else [text, plain]
        found: list[str] = []

        def add(value: str) -> None:
            if value and value not in found:
                found.append(value)

        for value in self._known:
            if any(_appears(value, t, t.casefold()) for t in texts):
                add(value)
        engines = [self._deid, *(engine for engine, _label in self._taught)]
        for engine in engines:
            find_known = getattr(engine, "find_known", None)
            if find_known is not None:  # the identifier layer alone (newer engines)
                for t in texts:
                    for span in find_known(t):
                        add(span.text.strip())
        return found


def _find_taught(text: str, taught: Sequence[tuple[Deidentifier, str]]) -> list[Span]:
    """Every occurrence in ``text`` of what the review taught, labelled as chosen."""
    if not taught:
        return []
    # Taught values are plain words ("velvet_fox"); the source is escaped Markdown.
    shown, starts = unescape_with_offsets(text)
    return [
        replace(
            span,
            start=starts[span.start],
            end=starts[span.end],
            text=text[starts[span.start] : starts[span.end]],
            replacement=label,
            certain=True,
            source="identifier",
        )
        for engine, label in taught
        for span in engine.find_known(shown)
    ]


def _overlaps(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return any(a < span.end and span.start < b for a, b in ranges)


def _appears(value: str, text: str, folded: str) -> bool:
    """Whether ``value`` stands in ``text``: case-insensitively, as a whole word or number."""
    needle = value.strip().casefold()
    if not needle:
        return False
    pattern = r"\s+".join(re.escape(part) for part in needle.split())
    if needle[0].isalnum():
        pattern = r"(?<!\w)" + pattern
    if needle[-1].isalnum():
        pattern = pattern + r"(?!\w)"
    if re.search(pattern, folded):
        return True
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 7 and len(digits) >= len(value.replace(" ", "")) - 4:
        # a phone number written with other separators
        return digits in re.sub(r"[\s().\-+/]", "", text)
    return False
