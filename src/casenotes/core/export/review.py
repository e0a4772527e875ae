"""The review of a summary before export, without Qt: the model the review dialog drives.

The document is the draft's source with its findings. Each finding is shown as its label
(active) or as the original text (restored); the practitioner can redact more by hand, or edit
the final text freely, which re-scans it with the same ``Deidentifier`` so labels stay the
same. Nothing here keeps a copy of what was removed beyond the spans themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from casenotes.core.deid import Deidentifier, Span
from casenotes.core.export.markdown import unescape
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


class ReviewDocument:
    """A summary under review: the source text, its findings, and what each shows."""

    def __init__(self, draft: SummaryDraft) -> None:
        self._draft = draft
        self._deid: Deidentifier = draft.deidentifier
        self._source = draft.source
        self.findings: list[Finding] = [Finding(span) for span in draft.spans]
        self._labels: set[str] = set(MANUAL_LABELS.values())
        self._labels.update(span.replacement for span in draft.spans)

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

    def replace_text(self, new_text: str) -> None:
        """Take the freely edited final text as the new source and scan it again.

        Labels already in the text ("[Client]", "[Person 2]", "[Redacted]") are not flagged
        again; everything else is found afresh with the same deidentifier. What the
        practitioner chose to restore stays restored: the same words found again are shown
        as they are (a redaction they added is already a label in the edited text)."""
        restored = {finding.span.text.casefold() for finding in self.findings
                    if not finding.active}
        for finding in self.findings:
            self._labels.add(finding.span.replacement)
        protected = [
            (m.start(), m.end())
            for m in _ANY_LABEL.finditer(new_text)
            if m.group() in self._labels or _NUMBERED_LABEL.fullmatch(m.group())
        ]
        spans = self._deid.find(new_text)
        kept = [s for s in spans if not _overlaps(s, protected)]
        self._source = new_text
        self.findings = [Finding(span, active=span.text.casefold() not in restored)
                         for span in kept]
        self._labels.update(span.replacement for span in kept)

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

        for value in self._draft.known_identifiers:
            if any(_appears(value, t, t.casefold()) for t in texts):
                add(value)
        find_known = getattr(self._deid, "find_known", None)
        if find_known is not None:  # the identifier layer alone (newer engines)
            for t in texts:
                for span in find_known(t):
                    add(span.text.strip())
        return found


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
