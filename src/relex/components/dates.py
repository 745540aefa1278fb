"""``relex_dates``: DATE candidates (``24. November``, ``im Februar``, ``2026-2027``,
``Januar - April 2022``, ``im vergangenen Jahr``).

The patterns are regular expressions over the text, built from the month names in
``resources/triggers.json``; dates are short, and a regex states them more plainly
than token patterns do.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import load_lexicon
from ..regex_trie import regex_trie
from ._spans import add_candidates, span_text, text_of


WEEKDAYS = "(?:" + regex_trie(["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]) + ")"


@lru_cache(maxsize=1)
def date_pattern() -> re.Pattern:
    months = regex_trie(m.capitalize() for m in load_lexicon("triggers.json")["months"])
    year = r"(?:19|20)\d\d"
    parts = [
        rf"(?:{months})\s?[-–/]\s?(?:{months})(?:\s{year})?",
        rf"\d{{1,2}}\.\s(?:{months})(?:\s{year})?",
        rf"\d{{1,2}}\.\d{{1,2}}\.(?:{year})?",
        rf"(?:im\s|Im\s)?(?:{months})(?:\s{year})?",
        rf"{year}\s?[-–/]\s?{year}",
        r"(?:im|Im)\s(?:vergangenen|laufenden|kommenden|nächsten|letzten|ersten|zweiten)\s(?:Jahr|Halbjahr|Quartal|Monat)",
        rf"(?:im\s|Im\s)?(?:Jahre?\s)?{year}",
        rf"(?:am\s|Am\s)?{WEEKDAYS}",
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


class DateFinder:
    def __init__(self, name: str = "relex_dates"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match in date_pattern().finditer(text_of(doc)):
            span = doc.char_span(match.start(), match.end(), label="DATE", alignment_mode="contract")
            if span is not None and len(span):
                span._.canonical = span_text(span)
                spans.append(span)
        add_candidates(doc, spans)
        return doc


@Language.factory("relex_dates")
def make_date_finder(nlp: Language, name: str) -> DateFinder:
    return DateFinder(name)
