#!/usr/bin/env python
"""Train small floret (hashed subword) vectors on the raw text of the training corpora.

Usage: python training/train_vectors.py [RAW_TEXT] [OUT_PREFIX]
Defaults: training/corpus/raw_text.txt -> training/vectors/de_news_floret(.floret)
The raw text never contains the held-out GermEval dev split (see convert.py).
Then: python -m spacy init vectors de training/vectors/de_news_floret.floret \
      training/vectors/spacy --mode floret
"""
import sys
from pathlib import Path

import floret

REPO = Path(__file__).resolve().parent.parent
raw = sys.argv[1] if len(sys.argv) > 1 else str(REPO / "training/corpus/raw_text.txt")
out = sys.argv[2] if len(sys.argv) > 2 else str(REPO / "training/vectors/de_news_floret")
Path(out).parent.mkdir(parents=True, exist_ok=True)
model = floret.train_unsupervised(
    raw, model="cbow", mode="floret", hashCount=2, bucket=40000, minn=4, maxn=5,
    minCount=2, dim=96, epoch=10, lr=0.05, thread=1,
)
model.save_floret_vectors(out + ".floret")
print("saved", out + ".floret")
