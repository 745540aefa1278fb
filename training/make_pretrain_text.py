#!/usr/bin/env python
"""raw_text.txt -> JSONL for `spacy pretrain` (spacy.JsonlCorpus.v1 reads {"text": ...}).

Usage: python training/make_pretrain_text.py [RAW] [OUT.jsonl[.gz]] [--limit N]

Defaults: training/corpus/raw_text.txt -> training/pretrain/raw_text.jsonl. One record per
line of raw_text.txt (a sentence or short document of the *training* corpora; GermEval
2014 dev, the held-out set, is never in it). The lines are shuffled with a fixed seed:
raw_text.txt is ordered by source, and JsonlCorpus reads the file in order every epoch, so
without shuffling each epoch would end with ~500k tokens of historical OCR text.
Writes gzip when OUT ends in .gz (for carrying; spaCy itself needs the plain .jsonl).
"""
import argparse
import gzip
import json
import random
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("raw", nargs="?", default=str(REPO / "training/corpus/raw_text.txt"))
    ap.add_argument("out", nargs="?", default=str(REPO / "training/pretrain/raw_text.jsonl"))
    ap.add_argument("--limit", type=int, default=0, help="keep only the first N shuffled lines")
    args = ap.parse_args()
    lines = [l.strip() for l in Path(args.raw).read_text(encoding="utf-8").splitlines()]
    lines = [l for l in lines if l]
    random.Random(SEED).shuffle(lines)
    if args.limit:
        lines = lines[: args.limit]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    opener = gzip.open if out.suffix == ".gz" else open
    with opener(out, "wt", encoding="utf-8") as f:
        for l in lines:
            f.write(json.dumps({"text": l}, ensure_ascii=False) + "\n")
    n_words = sum(len(l.split()) for l in lines)
    print(f"wrote {out}: {len(lines)} records, {n_words} whitespace tokens")


if __name__ == "__main__":
    main()
