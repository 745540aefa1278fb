"""What the components share per doc: the rule candidates, and the token texts,
lower-cased texts and text read once from the doc's arrays (building a Token object per
access is what costs)."""
from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc, Span

CANDIDATES = "relex_candidates"


@dataclass(slots=True)  # not frozen: a frozen dataclass is three times slower to create
class Candidate:
    """A rule candidate as offsets and label, without a reference to its doc.

    Reading ``doc.spans`` builds a Span per member, and a Span refers to its doc (so a
    weakly keyed cache of Spans would keep every doc alive); these are cheap to keep."""

    start: int
    end: int
    label_: str

    def __len__(self) -> int:
        return self.end - self.start

    def span(self, doc: Doc) -> Span:
        return Span(doc, self.start, self.end, label=self.label_)


_CANDIDATES: WeakKeyDictionary = WeakKeyDictionary()  # doc -> list[Candidate]


def add_candidates(doc: Doc, spans: list[Span]) -> None:
    """Append rule candidates; the ``relex_entities`` resolver decides which become ``doc.ents``."""
    known = candidates(doc)
    if CANDIDATES in doc.spans:
        doc.spans[CANDIDATES].extend(spans)  # in place: no Span objects rebuilt for the old ones
    else:
        doc.spans[CANDIDATES] = spans
    _CANDIDATES[doc] = known + [Candidate(s.start, s.end, s.label_) for s in spans]


def candidates(doc: Doc, label: str | None = None) -> list[Candidate]:
    """The candidates so far; rebuilt from ``doc.spans`` only if the group changed elsewhere."""
    if CANDIDATES not in doc.spans:
        return []
    known = _CANDIDATES.get(doc)
    group = doc.spans[CANDIDATES]
    if known is None or len(known) != len(group):
        known = _CANDIDATES[doc] = [Candidate(s.start, s.end, s.label_) for s in group]
    return known if label is None else [c for c in known if c.label_ == label]


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
