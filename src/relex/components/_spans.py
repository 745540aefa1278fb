"""Helpers for writing rule candidates into ``doc.spans``."""
from __future__ import annotations

from weakref import WeakKeyDictionary

from spacy.attrs import ORTH
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


_TEXTS: WeakKeyDictionary = WeakKeyDictionary()  # a doc's text lives as long as the doc


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per doc: spaCy joins the tokens again on every access."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


_WORDS: WeakKeyDictionary = WeakKeyDictionary()


def words_of(doc: Doc) -> list[str]:
    """The token texts, read once per doc from the ORTH array: several components scan
    them, and creating a Token object per word is what costs."""
    words = _WORDS.get(doc)
    if words is None:
        strings = doc.vocab.strings
        words = _WORDS[doc] = [strings[orth] for orth in doc.to_array(ORTH).tolist()] if len(doc) else []
    return words
