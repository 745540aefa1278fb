"""Helpers for writing rule candidates into ``doc.spans``."""
from __future__ import annotations

from collections import OrderedDict

from spacy.tokens import Doc, Span

CANDIDATES = "relex_candidates"


def add_candidates(doc: Doc, spans: list[Span]) -> None:
    """Append rule candidates; the ``relex_entities`` resolver decides which become ``doc.ents``."""
    group = list(doc.spans[CANDIDATES]) if CANDIDATES in doc.spans else []
    group.extend(spans)
    doc.spans[CANDIDATES] = group


def candidates(doc: Doc, label: str | None = None) -> list[Span]:
    if CANDIDATES not in doc.spans:
        return []
    return [s for s in doc.spans[CANDIDATES] if label is None or s.label_ == label]


def covered(spans: list[Span]) -> set[int]:
    """Token indices that the spans cover."""
    return {i for s in spans for i in range(s.start, s.end)}


_TEXTS: OrderedDict[int, tuple[Doc, str]] = OrderedDict()
_TEXTS_KEPT = 512  # more than one nlp.pipe batch, so every component of a batch hits the cache


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per doc: spaCy joins the tokens again on every access."""
    hit = _TEXTS.get(id(doc))
    if hit is not None and hit[0] is doc:
        return hit[1]
    text = doc.text
    _TEXTS[id(doc)] = (doc, text)
    if len(_TEXTS) > _TEXTS_KEPT:
        _TEXTS.popitem(last=False)
    return text
