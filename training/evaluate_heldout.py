#!/usr/bin/env python
"""Evaluate a pipeline on the HELD-OUT set (GermEval 2014 dev, 2,200 sentences).

Usage: python training/evaluate_heldout.py [MODEL_DIR] [HELDOUT.spacy] [--json OUT.json]

Defaults: models/de_relex_news and training/corpus/heldout.spacy (made by
training/convert.py). Prints strict span-match P/R/F1 per type (PER, LOC, ORG, MISC),
micro-averaged over PER/LOC/ORG ("core") and over all four types.
"""
import argparse
import json
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

REPO = Path(__file__).resolve().parent.parent
TYPES = ["PER", "LOC", "ORG", "MISC"]


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(model_dir, heldout):
    nlp = spacy.load(model_dir)
    gold_docs = list(DocBin().from_disk(heldout).get_docs(nlp.vocab))
    # predict on the gold tokenisation (strict span match on the same tokens)
    preds = nlp.pipe((Doc(nlp.vocab, words=[t.text for t in d],
                          spaces=[bool(t.whitespace_) for t in d]) for d in gold_docs),
                     batch_size=256)
    counts = {t: [0, 0, 0] for t in TYPES}
    for gold, pred in zip(gold_docs, preds):
        g = {(e.start, e.end, e.label_) for e in gold.ents}
        p = {(e.start, e.end, e.label_) for e in pred.ents}
        for s in p:
            if s[2] in counts:
                counts[s[2]][0 if s in g else 1] += 1
        for s in g - p:
            if s[2] in counts:
                counts[s[2]][2] += 1
    res = {}
    for t in TYPES:
        res[t] = dict(zip(("p", "r", "f"), prf(*counts[t])), n=counts[t][0] + counts[t][2])
    for name, types in (("PER+LOC+ORG", TYPES[:3]), ("ALL", TYPES)):
        tp, fp, fn = (sum(counts[t][i] for t in types) for i in range(3))
        res[name] = dict(zip(("p", "r", "f"), prf(tp, fp, fn)), n=tp + fn)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model", nargs="?", default=str(REPO / "models" / "de_relex_news"))
    ap.add_argument("heldout", nargs="?", default=str(REPO / "training" / "corpus" / "heldout.spacy"))
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    res = evaluate(args.model, args.heldout)
    print(f"held-out: {args.heldout}\nmodel: {args.model}")
    print(f"{'type':<12} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
    for k, v in res.items():
        print(f"{k:<12} {v['p']:6.3f} {v['r']:6.3f} {v['f']:6.3f} {v['n']:6d}")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
