#!/usr/bin/env python
"""Convert the open German NER corpora in the shared data folder to spaCy DocBin files.

Usage: python training/convert.py [DATA_DIR] [--out training/corpus]

DATA_DIR defaults to ../shared/data relative to the repository root.

Label scheme: PER, LOC, ORG, MISC (outer spans only).

Outputs (all under --out):
  heldout.spacy            GermEval 2014 *dev* (2,200 sentences). HELD-OUT: never trained on.
  dev.spacy                every 10th sentence of GermEval 2014 test (510 sentences); spaCy's
                           dev set for model selection during training.
  train/germeval.spacy     the other 90% of GermEval 2014 test (4,590 sentences)
  train/smartdata.spacy    DFKI SmartData v1 train + test (news, tweets, traffic reports)
  train/ler.spacy          a seeded subsample of the Legal NER corpus (reconstructed train)
  train/zefys.spacy        ZEFYS2025 historical newspapers (OCR), split into pseudo-sentences
  train/europeana.spacy    Europeana Newspapers German (OCR), split into pseudo-sentences
  raw_text.txt             raw training text (one sentence/doc per line) for static vectors;
                           never contains GermEval dev.

Mappings (decisions):
  GermEval: PER->PER, LOC->LOC, ORG->ORG, OTH->MISC; all *deriv and *part types -> O
            (they are adjectives/compounds such as "deutsche", "FIFA-Schiedsrichter",
            which are not names of the entity itself). Outer (first) BIO column only.
  SmartData v1: person->PER; location, location-city, location-street->LOC;
            organization, organization-company->ORG; everything else ignored (O).
  LER: PER/RR/AN->PER; LD/ST/LDS/STR->LOC; ORG/UN/INN/GRT/MRK->ORG; rest (laws, decisions,
       literature, ...) -> O.
  ZEFYS / Europeana: PER/LOC/ORG as is (malformed Europeana tags repaired where obvious).
"""
import argparse
import gzip
import json
import random
import re
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.training.iob_utils import iob_to_biluo, biluo_tags_to_spans
from spacy.util import filter_spans

REPO = Path(__file__).resolve().parent.parent
SEED = 13
N_LER = 6000  # sentences with at least one mapped entity
N_LER_EMPTY = 1500  # sentences without mapped entities

GERMEVAL_MAP = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "MISC"}
SMARTDATA_MAP = {
    "person": "PER",
    "location": "LOC",
    "location-city": "LOC",
    "location-street": "LOC",
    "organization": "ORG",
    "organization-company": "ORG",
}
LER_MAP = {
    "PER": "PER", "RR": "PER", "AN": "PER",
    "LD": "LOC", "ST": "LOC", "LDS": "LOC", "STR": "LOC",
    "ORG": "ORG", "UN": "ORG", "INN": "ORG", "GRT": "ORG", "MRK": "ORG",
}
HIST_MAP = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}


def map_tags(tags, mapping):
    out = []
    for t in tags:
        t = t.strip()
        if t in ("", "O") or "-" not in t:
            out.append("O")
            continue
        prefix, label = t.split("-", 1)
        new = mapping.get(label)
        out.append(f"{prefix}-{new}" if new and prefix in ("B", "I") else "O")
    # repair I- after O (IOB1 style / removed B) -> B-
    fixed = []
    prev = "O"
    for t in out:
        if t.startswith("I-") and (prev == "O" or prev[2:] != t[2:]):
            t = "B-" + t[2:]
        fixed.append(t)
        prev = t
    return fixed


def make_doc(vocab, words, tags):
    doc = Doc(vocab, words=words)
    spans = biluo_tags_to_spans(doc, iob_to_biluo(tags))
    doc.ents = filter_spans(spans)
    return doc


def read_germeval(path):
    sents, words, tags = [], [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("#\t") or line.startswith("# "):
            continue
        if not line.strip():
            if words:
                sents.append((words, tags))
            words, tags = [], []
            continue
        cols = line.split("\t")
        words.append(cols[1])
        tags.append(cols[2])
    if words:
        sents.append((words, tags))
    return [(w, map_tags(t, GERMEVAL_MAP)) for w, t in sents]


def read_conll_blocks(path, sep=None):
    """token<sep>tag lines, blank line between blocks."""
    sents, words, tags = [], [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.rstrip("\r")
        if not line.strip():
            if words:
                sents.append((words, tags))
            words, tags = [], []
            continue
        parts = line.split(sep) if sep else line.split()
        if len(parts) < 2 or not parts[0].strip():
            continue
        words.append(parts[0])
        tags.append(parts[-1] if sep is None else parts[1])
    if words:
        sents.append((words, tags))
    return sents


def split_stream(words, tags, max_len=70):
    """Split a token stream without sentence boundaries at . ! ? (and at max_len)."""
    out, cw, ct = [], [], []
    for w, t in zip(words, tags):
        cw.append(w)
        ct.append(t)
        if (w in (".", "!", "?") and len(cw) >= 4) or (len(cw) >= max_len and t == "O"):
            out.append((cw, ct))
            cw, ct = [], []
    if cw:
        out.append((cw, ct))
    return out


def fix_hist_tag(t):
    t = t.strip()
    m = re.match(r"^([BI])[-_](PER|LOC|ORG)", t, re.I)
    if m:
        return f"{m.group(1).upper()}-{m.group(2).upper()}"
    return "O"


def read_smartdata(path, nlp):
    text = gzip.open(path, "rt", encoding="utf-8").read()
    dec = json.JSONDecoder()
    i, docs = 0, []
    n_ok = n_bad = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        obj, i = dec.raw_decode(text, i)
        t = obj["text"]["string"]
        doc = nlp.make_doc(t)
        spans = []
        for m in obj.get("conceptMentions", {}).get("array", []):
            label = SMARTDATA_MAP.get(m["type"])
            if not label:
                continue
            sp = doc.char_span(m["span"]["start"], m["span"]["end"], label=label,
                               alignment_mode="contract")
            if sp is None or len(sp) == 0:
                n_bad += 1
                continue
            n_ok += 1
            spans.append(sp)
        doc.ents = filter_spans(spans)
        docs.append(doc)
    print(f"  {path.name}: {len(docs)} docs, {n_ok} spans aligned, {n_bad} dropped")
    return docs


def clean_ents(doc):
    """Trim whitespace/punctuation-only edge tokens off entity spans (spaCy's NER cannot
    learn spans that start or end with whitespace)."""
    spans = []
    for e in doc.ents:
        s, t = e.start, e.end
        while s < t and (doc[s].is_space or not doc[s].text.strip()):
            s += 1
        while t > s and (doc[t - 1].is_space or not doc[t - 1].text.strip()):
            t -= 1
        if t > s and not any(doc[i].is_space for i in range(s, t)):
            spans.append(doc[s:t])
            spans[-1].label_ = e.label_
    doc.ents = [Span(doc, sp.start, sp.end, label=sp.label_) for sp in spans]
    return doc


def save(docs, path):
    docs = [clean_ents(d) for d in docs]
    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    n_ents = sum(len(d.ents) for d in docs)
    n_tok = sum(len(d) for d in docs)
    print(f"wrote {path} ({len(docs)} docs, {n_tok} tokens, {n_ents} entities)")


MIXES = {  # training mixes (directories of symlinks; spaCy reads every .spacy file in them)
    "all": ["germeval", "smartdata", "ler", "zefys", "europeana"],
    # in-domain oversampling: GermEval 3x (two extra links to the same file)
    "all_ge3": ["germeval", "germeval*2", "germeval*3", "smartdata", "ler", "zefys",
                "europeana"],
    "news": ["germeval", "smartdata", "ler"],
    "ge_sd": ["germeval", "smartdata"],
    "ge_hist": ["germeval", "zefys", "europeana"],
    "ge": ["germeval"],
}


def make_mixes(out):
    for name, sources in MIXES.items():
        d = out / "mixes" / name
        d.mkdir(parents=True, exist_ok=True)
        for f in d.glob("*.spacy"):
            f.unlink()
        for src in sources:
            name = src.replace("*", "_copy")
            target = src.split("*")[0]
            (d / f"{name}.spacy").symlink_to(Path("..") / ".." / "train" / f"{target}.spacy")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir", nargs="?", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument("--out", default=str(REPO / "training" / "corpus"))
    args = ap.parse_args()
    data = Path(args.data_dir)
    out = Path(args.out)
    nlp = spacy.blank("de")
    vocab = nlp.vocab
    raw_lines = []

    # GermEval 2014
    ge = data / "germeval2014_ner"
    dev = read_germeval(ge / "NER-de-dev.tsv")
    assert len(dev) == 2200, len(dev)
    save([make_doc(vocab, w, t) for w, t in dev], out / "heldout.spacy")
    test = read_germeval(ge / "NER-de-test.tsv")
    assert len(test) == 5100, len(test)
    spacy_dev = [s for i, s in enumerate(test) if i % 10 == 9]
    ge_train = [s for i, s in enumerate(test) if i % 10 != 9]
    save([make_doc(vocab, w, t) for w, t in spacy_dev], out / "dev.spacy")
    save([make_doc(vocab, w, t) for w, t in ge_train], out / "train" / "germeval.spacy")
    raw_lines += [" ".join(w) for w, _ in ge_train]

    # SmartData v1 (train + test; v3 is a re-release of the same documents: not used)
    sd = data / "smartdata_corpus" / "v1_20180119"
    sd_docs = read_smartdata(sd / "train.json.gz", nlp) + read_smartdata(sd / "test.json.gz", nlp)
    # de-duplicate by text
    seen, uniq = set(), []
    for d in sd_docs:
        if d.text not in seen:
            seen.add(d.text)
            uniq.append(d)
    save(uniq, out / "train" / "smartdata.spacy")
    raw_lines += [" ".join(t.text for t in d) for d in uniq]

    # LER: seeded subsample of the reconstructed train split
    ler = read_conll_blocks(data / "legal_ner_ler" / "ler_train_reconstructed.conll")
    ler = [(w, map_tags(t, LER_MAP)) for w, t in ler]
    rng = random.Random(SEED)
    with_ents = [s for s in ler if any(t != "O" for t in s[1])]
    without = [s for s in ler if all(t == "O" for t in s[1])]
    rng.shuffle(with_ents)
    rng.shuffle(without)
    ler_sub = with_ents[:N_LER] + without[:N_LER_EMPTY]
    rng.shuffle(ler_sub)
    save([make_doc(vocab, w, t) for w, t in ler_sub], out / "train" / "ler.spacy")
    raw_lines += [" ".join(w) for w, _ in ler]  # all LER text for vectors

    # ZEFYS2025 (all splits: none of it is our held-out set)
    zs = []
    for split in ("train", "dev", "test"):
        for w, t in read_conll_blocks(data / "zefys2025_ner_supergleber" / f"{split}.tsv", sep="\t"):
            zs += split_stream(w, [fix_hist_tag(x) for x in t])
    save([make_doc(vocab, w, t) for w, t in zs], out / "train" / "zefys.spacy")
    raw_lines += [" ".join(w) for w, _ in zs]

    # Europeana Newspapers (German)
    es = []
    for f in sorted((data / "europeana_newspapers_ner_de").glob("enp_DE.*.bio")):
        words, tags = [], []
        for line in f.read_text(encoding="utf-8").splitlines():
            parts = line.strip().split(" ")
            if len(parts) != 2 or not parts[0]:
                continue
            words.append(parts[0])
            tags.append(fix_hist_tag(parts[1]))
        es += split_stream(words, tags)
    save([make_doc(vocab, w, t) for w, t in es], out / "train" / "europeana.spacy")
    raw_lines += [" ".join(w) for w, _ in es]

    make_mixes(out)
    (out / "raw_text.txt").write_text("\n".join(raw_lines) + "\n", encoding="utf-8")
    print(f"wrote {out / 'raw_text.txt'} ({len(raw_lines)} lines)")


if __name__ == "__main__":
    main()
