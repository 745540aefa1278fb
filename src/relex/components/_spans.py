"""Helpers for writing rule candidates into ``doc.spans``."""
from __future__ import annotations

from weakref import WeakKeyDictionary

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc, Span

CANDIDATES = "relex_candidates"


def add_candidates(doc: Doc, spans: list[Span]) -> None:
    """Append rule candidates; the ``relex_entities`` resolver decides which become ``doc.ents``."""
    if CANDIDATES in doc.spans:
        doc.spans[CANDIDATES].extend(spans)  # in place: no Span objects rebuilt for the old ones
    else:
        doc.spans[CANDIDATES] = spans


def candidates(doc: Doc, label: str | None = None) -> list[Span]:
    """The candidates so far (each call builds new Span objects: read once per component).

    Not cached per doc: a Span refers to its doc, so a weakly keyed cache of spans
    would keep every doc alive."""
    if CANDIDATES not in doc.spans:
        return []
    return [s for s in doc.spans[CANDIDATES] if label is None or s.label_ == label]


def set_span_group(doc: Doc, key: str, spans: list[Span]) -> None:
    """Set a span group, or remove it when empty: each group present costs a msgpack
    round (a few hundred microseconds in srsly) whenever the doc is serialised,
    which ``nlp.pipe(n_process=...)`` does for every doc."""
    if spans:
        doc.spans[key] = spans
    elif key in doc.spans:
        del doc.spans[key]


_TEXTS: WeakKeyDictionary = WeakKeyDictionary()  # a doc's text lives as long as the doc


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per doc: spaCy joins the tokens again on every access."""
    text = _TEXTS.get(doc)
    if text is None:
        # a token's trailing whitespace is one space or nothing, so words and SPACY flags
        # give the text back exactly, without a Token object per word
        spaces = doc.to_array(SPACY).tolist() if len(doc) else []
        text = _TEXTS[doc] = "".join([w + " " if s else w for w, s in zip(words_of(doc), spaces)])
    return text


def span_text(span: Span) -> str:
    """``span.text`` sliced from the doc's text instead of joined from new Token objects."""
    return text_of(span.doc)[span.start_char : span.end_char]


_WORDS: WeakKeyDictionary = WeakKeyDictionary()


def words_of(doc: Doc) -> list[str]:
    """The token texts, read once per doc from the ORTH array: several components scan
    them, and creating a Token object per word is what costs."""
    words = _WORDS.get(doc)
    if words is None:
        strings = doc.vocab.strings
        words = _WORDS[doc] = [strings[orth] for orth in doc.to_array(ORTH).tolist()] if len(doc) else []
    return words


_LOWERS: WeakKeyDictionary = WeakKeyDictionary()


def lowers_of(doc: Doc) -> list[str]:
    """The lower-cased token texts (``Token.lower_`` is ``str.lower`` of the text), once per doc."""
    lowers = _LOWERS.get(doc)
    if lowers is None:
        lowers = _LOWERS[doc] = [w.lower() for w in words_of(doc)]
    return lowers
