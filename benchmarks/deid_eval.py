"""Evaluate the de-identification engine on an annotated corpus.

    python benchmarks/deid_eval.py CORPUS.json [--case upper|lower] [--region CC]
                                   [--without LAYER ...] [--show-misses] [--show-false]

The corpus format is that of ``shared/deid-dev/dev.json``: documents with ``identifiers``
(what the therapist entered on the record), ``text`` and gold ``phi`` spans. Prints recall
(share of gold spans overlapped by at least one finding), precision (share of flagged
characters inside gold spans), recall per kind, leaks (gold strings still standing whole in
the redacted text) and the time taken. Always exits 0: this measures, it does not gate.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casenotes.core.deid import Deidentifier, Identifiers, Span


@dataclass
class Score:
    gold: Counter[str] = field(default_factory=Counter)
    hit: Counter[str] = field(default_factory=Counter)
    flagged_chars: int = 0
    true_chars: int = 0
    leaks: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    leaked: list[str] = field(default_factory=list)
    seconds: float = 0.0
    documents: int = 0


# Layers that can be switched off to measure what each adds (``--without``).
LAYERS = ("casing", "gazetteer", "vocabulary", "looks")


def switch_off(layer: str) -> None:
    from casenotes.core.deid import casing, engine, quasi, vocabulary, wordlists

    if layer == "casing":
        engine.casing.shadow = lambda text, known=(): text  # type: ignore[assignment]
    elif layer == "gazetteer":
        wordlists.places = lambda: frozenset()  # type: ignore[assignment]
    elif layer == "vocabulary":
        vocabulary.Vocabulary.find = lambda self, text: []  # type: ignore[method-assign]
    elif layer == "looks":
        quasi.find_looks = lambda text: iter(())  # type: ignore[assignment]
    del casing


def recase(doc: dict[str, Any], case: str) -> dict[str, Any]:
    """The document with its text in one letter case; offsets stay valid.

    Characters whose case mapping changes their length ("ß" → "SS") keep their case, so
    every gold span still points at its own text. The record's identifiers stay as typed:
    the practitioner entered them in ordinary case.
    """

    def convert(text: str) -> str:
        out = []
        for ch in text:
            changed = ch.upper() if case == "upper" else ch.lower()
            out.append(changed if len(changed) == 1 else ch)
        return "".join(out)

    text = convert(doc["text"])
    phi = [{**p, "text": text[p["start"] : p["end"]]} for p in doc["phi"]]
    return {**doc, "text": text, "phi": phi}


def score_document(doc: dict[str, Any], score: Score, region: str | None = None) -> None:
    text: str = doc["text"]
    engine = Deidentifier(Identifiers.from_dict(doc.get("identifiers", {})), region=region)
    started = time.perf_counter()
    result = engine.redact(text)
    score.seconds += time.perf_counter() - started
    score.documents += 1
    spans: tuple[Span, ...] = result.spans

    gold_chars = [False] * len(text)
    for phi in doc["phi"]:
        for i in range(phi["start"], phi["end"]):
            gold_chars[i] = True
        kind = phi["kind"]
        score.gold[kind] += 1
        if any(s.start < phi["end"] and phi["start"] < s.end for s in spans):
            score.hit[kind] += 1
        else:
            score.misses.append(f"{doc['id']}  {kind:<9} {phi['text']!r}")
        if phi["text"] in result.text:
            score.leaks += 1
            score.leaked.append(f"{doc['id']}  {kind:<9} {phi['text']!r}")
    for s in spans:
        inside = sum(gold_chars[s.start : s.end])
        score.flagged_chars += s.end - s.start
        score.true_chars += inside
        if inside < (s.end - s.start):
            mark = "" if s.certain else " (uncertain)"
            score.false.append(f"{doc['id']}  {s.kind:<9} {s.text!r} {s.source}{mark}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--case", choices=("upper", "lower"), help="score the text in one case")
    parser.add_argument("--region", help="the practitioner's country for phones (e.g. GB)")
    parser.add_argument("--show-misses", action="store_true", help="list gold spans missed")
    parser.add_argument(
        "--without",
        action="append",
        choices=LAYERS,
        default=[],
        help="switch a layer off, to measure what it adds",
    )
    parser.add_argument("--show-leaks", action="store_true", help="list gold strings left")
    parser.add_argument("--show-false", action="store_true", help="list spans beyond gold")
    args = parser.parse_args(argv)

    for layer in args.without:
        switch_off(layer)
    corpus = json.loads(args.corpus.read_text(encoding="utf-8"))
    score = Score()
    started = time.perf_counter()
    for doc in corpus["documents"]:
        score_document(recase(doc, args.case) if args.case else doc, score, args.region)
    wall = time.perf_counter() - started

    total_gold = sum(score.gold.values())
    recall = sum(score.hit.values()) / total_gold if total_gold else 1.0
    precision = score.true_chars / score.flagged_chars if score.flagged_chars else 1.0
    print(f"documents: {score.documents}   gold spans: {total_gold}")
    print(f"recall:    {recall:.3f}")
    print(f"precision: {precision:.3f}  (characters)")
    share = score.leaks / total_gold if total_gold else 0.0
    print(f"leaks:     {score.leaks}  ({share:.1%} of identifiers stand whole)")
    print("recall by kind:")
    for kind, count in score.gold.most_common():
        print(f"  {kind:<9} {score.hit[kind]:>4}/{count:<4} {score.hit[kind] / count:.3f}")
    per_doc = score.seconds / score.documents * 1000 if score.documents else 0.0
    print(f"time: {wall:.3f} s total (engine {score.seconds:.3f} s, {per_doc:.2f} ms/document)")
    if args.show_misses:
        print("\nmisses:")
        print("\n".join(f"  {m}" for m in score.misses) or "  none")
    if args.show_leaks:
        print("\nleaks:")
        print("\n".join(f"  {m}" for m in score.leaked) or "  none")
    if args.show_false:
        print("\nflagged beyond gold:")
        print("\n".join(f"  {f}" for f in score.false) or "  none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
