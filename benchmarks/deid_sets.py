"""Score the de-identification engine on the phone set and the field-vocabulary set.

    python benchmarks/deid_sets.py [--phones FILE] [--vocab FILE] [--no-region] [--show]

Phones (``benchmarks/data/phones-check.json``): each sentence holds numbers written as
people write them in one country; a number is caught when a finding covers all its digits.
It is scored twice: with the sentence's country as the practitioner's region, and with no
region at all (the engine must still catch national formats then).

Field vocabulary (``benchmarks/data/vocab-check.json``): sentences with terms of the field
(laws, policy models, organisations, platforms, clinical models, answer words) that must
never be redacted; a term is left standing when no finding overlaps it.

Both sets were written apart from the engine. Always exits 0: this measures, it does not gate.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from casenotes.core.deid import Deidentifier, Identifiers

DATA = Path(__file__).resolve().parent / "data"


def score_phones(cases: list[dict[str, Any]], use_region: bool, show: bool) -> None:
    total: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    missed: list[str] = []
    for case in cases:
        text: str = case["text"]
        region = case["region"] if use_region else None
        spans = Deidentifier(Identifiers(), region=region).find(text)
        for phone in case["phones"]:
            start = text.index(phone)
            end = start + len(phone)
            digits = [i for i in range(start, end) if text[i].isdigit()]
            covered = all(any(s.start <= i < s.end for s in spans) for i in digits)
            total[case["region"]] += 1
            if covered:
                caught[case["region"]] += 1
            else:
                missed.append(f"  {case['region']}  {phone!r}  in {text!r}")
    label = "with the sentence's region" if use_region else "with no region"
    print(f"phones {label}: {sum(caught.values())}/{sum(total.values())} caught")
    print("  " + "  ".join(f"{r} {caught[r]}/{n}" for r, n in sorted(total.items())))
    if show and missed:
        print("\n".join(missed))


def score_vocab(sentences: list[dict[str, Any]], show: bool) -> None:
    kept = total = 0
    redacted: list[str] = []
    engine = Deidentifier(Identifiers())
    for item in sentences:
        text: str = item["text"]
        spans = engine.find(text)
        for term in item["terms"]:
            start = text.index(term)
            end = start + len(term)
            total += 1
            hit = [s for s in spans if s.start < end and start < s.end]
            if hit:
                redacted.append(f"  {term!r} as {hit[0].kind}  in {text!r}")
            else:
                kept += 1
    share = kept / total if total else 1.0
    print(f"field vocabulary left standing: {kept}/{total} ({share:.1%})")
    if show and redacted:
        print("\n".join(redacted))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=Path, default=DATA / "phones-check.json")
    parser.add_argument("--vocab", type=Path, default=DATA / "vocab-check.json")
    parser.add_argument("--show", action="store_true", help="list what was missed")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    phones = json.loads(args.phones.read_text(encoding="utf-8"))["cases"]
    score_phones(phones, True, args.show)
    score_phones(phones, False, args.show)
    vocab = json.loads(args.vocab.read_text(encoding="utf-8"))["sentences"]
    score_vocab(vocab, args.show)
    print(f"time: {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
