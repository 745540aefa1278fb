#!/usr/bin/env python
"""Measure the speed (words/second, one process) of relex's base German pipeline.

Usage: python benchmarks/base_model_speed.py [MODEL_DIR] [--data DATA_DIR] [--repeat N]

Text: the sentences of GermEval 2014 dev (DATA_DIR/germeval2014_ner/NER-de-dev.tsv,
DATA_DIR defaults to ../shared/data relative to the repository root), joined to plain
strings. Runs nlp.pipe(texts, batch_size=256) after one warm-up pass and prints
words/second (words = spaCy tokens produced).
"""
import argparse
import os
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def load_texts(data_dir):
    path = Path(data_dir) / "germeval2014_ner" / "NER-de-dev.tsv"
    texts, words = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#\t"):
            continue
        if not line.strip():
            if words:
                texts.append(" ".join(words))
            words = []
            continue
        words.append(line.split("\t")[1])
    if words:
        texts.append(" ".join(words))
    return texts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model", nargs="?", default=str(REPO / "models" / "de_relex_news"))
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import spacy

    nlp = spacy.load(args.model)
    texts = load_texts(args.data)
    list(nlp.pipe(texts[:500], batch_size=256))  # warm-up
    best = 0.0
    for _ in range(args.repeat):
        n_words = 0
        t0 = time.perf_counter()
        for doc in nlp.pipe(texts, batch_size=256):
            n_words += len(doc)
        dt = time.perf_counter() - t0
        best = max(best, n_words / dt)
        print(f"{n_words} words in {dt:.2f}s: {n_words / dt:,.0f} words/s")
    print(f"BEST {best:,.0f} words/s  (model={args.model}, pipes={nlp.pipe_names}, "
          f"texts={len(texts)}, batch_size=256, cpu_count={os.cpu_count()})")


if __name__ == "__main__":
    main()
