#!/usr/bin/env python
"""Copy a trained pipeline (spaCy model-best) to models/de_relex_news, keep it lean and fill
meta.json (name, description, sources/licences, author, held-out performance).

Usage: python training/package_model.py TRAINED_MODEL_DIR [OUT_DIR] [--heldout-json F]
"""
import argparse
import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KEEP = {"config.cfg", "meta.json", "tokenizer", "vocab", "tok2vec", "ner", "README.md"}

SOURCES = [
    {"name": "GermEval 2014 NER (NoSta-D), test split (dev split held out, not trained on)",
     "url": "https://sites.google.com/site/germeval2014ner/",
     "license": "CC BY 4.0",
     "author": "Benikova, Biemann, Reznicek (LREC 2014)"},
    {"name": "DFKI SmartData Corpus v1 (train+test)",
     "url": "https://github.com/DFKI-NLP/smartdata-corpus",
     "license": "CC BY 4.0",
     "author": "Schiersch, Mironova, Schmitt, Thomas, Gabryszak, Hennig (LREC 2018)"},
    {"name": "German Legal Entity Recognition corpus (LER), seeded subsample",
     "url": "https://github.com/elenanereiss/Legal-Entity-Recognition",
     "license": "CC BY 4.0",
     "author": "Leitner, Rehm, Moreno-Schneider (LREC 2020)"},
    {"name": "ZEFYS2025 historical newspaper NER (SuperGLEBer conversion)",
     "url": "https://github.com/qurator-spk/ZEFYS2025",
     "license": "CC BY 4.0",
     "author": "Staatsbibliothek zu Berlin - Preussischer Kulturbesitz"},
    {"name": "Europeana Newspapers NER corpora (German)",
     "url": "https://github.com/EuropeanaNewspapers/ner-corpora",
     "license": "CC0 1.0",
     "author": "Europeana Newspapers Project, 2012-2015 (Neudecker, LREC 2016)"},
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trained")
    ap.add_argument("out", nargs="?", default=str(REPO / "models" / "de_relex_news"))
    ap.add_argument("--heldout-json", default=None)
    ap.add_argument("--sources", default="germeval,smartdata,ler,zefys,europeana",
                    help="comma-separated training sources actually used")
    ap.add_argument("--vectors", action="store_true", help="pipeline has floret vectors")
    args = ap.parse_args()
    src, out = Path(args.trained), Path(args.out)
    card = out / "README.md"
    card_text = card.read_text(encoding="utf-8") if card.exists() else None
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for p in src.iterdir():
        if p.name not in KEEP:
            continue
        (shutil.copytree if p.is_dir() else shutil.copy2)(p, out / p.name)
    if card_text is not None:
        card.write_text(card_text, encoding="utf-8")
    meta = json.loads((out / "meta.json").read_text())
    used = args.sources.split(",")
    keys = ["germeval", "smartdata", "ler", "zefys", "europeana"]
    sources = [s for k, s in zip(keys, SOURCES) if k in used]
    if args.vectors:
        sources.append({"name": "floret static vectors trained here on the raw text of the "
                        "training corpora above (no held-out text)", "license": "CC BY 4.0"})
    meta.update({
        "lang": "de",
        "name": "relex_news",
        "version": "0.1.0",
        "description": "relex's German base pipeline for news: tok2vec + NER (PER, LOC, ORG, "
                       "MISC), CPU-efficient, trained only on openly licensed corpora. "
                       "'performance' holds strict-span scores on the held-out GermEval 2014 "
                       "dev split (never used for training or model selection).",
        "author": "relex contributors",
        "email": "",
        "url": "",
        "license": "CC BY 4.0",
        "sources": sources,
    })
    if args.heldout_json:
        res = json.loads(Path(args.heldout_json).read_text())
        perf = {
            "ents_p": res["ALL"]["p"], "ents_r": res["ALL"]["r"], "ents_f": res["ALL"]["f"],
            "ents_per_type": {t: {"p": res[t]["p"], "r": res[t]["r"], "f": res[t]["f"]}
                              for t in ("PER", "LOC", "ORG", "MISC")},
            "ents_f_per_loc_org": res["PER+LOC+ORG"]["f"],
            "evaluated_on": "GermEval 2014 dev (held out), strict span match",
        }
        meta["performance"] = perf
    meta.pop("spacy_git_version", None)
    meta["spacy_version"] = ">=3.8.0,<3.9.0"
    (out / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"packaged {src} -> {out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
