"""``relex_agreements``: AGREEMENT candidates (documents that are signed or agreed).

Heads are compounds matched by suffix (``Kooperationsprogramm``,
``Partnerschaftsabkommen``); the span keeps modifiers such as ``gemeinsame`` and the
complement that names the document (``für 2026-2027``, ``zur Änderung des
Abkommens``). ``Span._.canonical`` drops the genitive ending of the head.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import register_extensions
from ..german import DEFINITE, strip_adjective_ending
from ..lexicon import LexiconMixin, WordCache, load_lexicon
from ._spans import add_candidates, lowers_of, words_of

YEARS = re.compile(r"^(19|20)\d\d$")


class AgreementFinder(LexiconMixin):
    def __init__(self, name: str = "relex_agreements", lexicon: str = "agreements.json"):
        self.name = name
        self.lexicon = load_lexicon(lexicon)
        register_extensions()
        self._lexicon_changed()

    def _lexicon_changed(self) -> None:
        lex = self.lexicon
        self.heads = tuple(sorted(lex["heads"], key=len, reverse=True))
        self.not_agreements = set(lex["not_agreements"])
        self.generic = set(lex["generic_references"])
        self.kept = set(lex["kept_modifiers"])
        self.needs_modifier = set(lex.get("needs_modifier", []))
        self._heads_seen = WordCache(self._examine_head)

    def is_head(self, word: str) -> bool:
        return self._heads_seen[word]

    def _examine_head(self, word: str) -> bool:
        low = word.lower()
        if not word[:1].isupper() or low in self.not_agreements:
            return False
        return low.endswith(self.heads) or low.rstrip("s") in self.generic

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        words, lowers = words_of(doc), lowers_of(doc)
        for i, word in enumerate(words):
            modified = word.lower() in self.needs_modifier  # "gemeinsame Erklärung", not any statement
            if not word.isalpha() or not (modified or self.is_head(word)):
                continue
            start = i
            while start > 0 and words[start - 1].islower() and strip_adjective_ending(lowers[start - 1]) in self.kept:
                start -= 1
            if modified and start == i:
                continue
            end = self._complement_end(doc, i + 1)
            span = Span(doc, start, end, label="AGREEMENT")
            span._.canonical = self._canonical(span, i)
            spans.append(span)
        add_candidates(doc, spans)
        return doc

    def _complement_end(self, doc: Doc, j: int) -> int:
        lowers = lowers_of(doc)
        words = words_of(doc)
        n = len(doc)
        if j >= n:
            return j
        word = lowers[j]
        if word == "für" and j + 1 < n and YEARS.match(words[j + 1]):
            end = j + 2
            if end + 1 < n and words[end] in ("-", "–", "/") and YEARS.match(words[end + 1]):
                end += 2
            return end
        if word in ("zur", "zum", "über"):
            k = j + 1
            if word == "über" and k < n and lowers[k] in DEFINITE:
                k += 1
            while k < n and words[k].islower() and strip_adjective_ending(words[k]) != words[k]:
                k += 1
            if k < n and words[k].istitle() and words[k].isalpha():
                end = k + 1
                if end + 1 < n and lowers[end] in DEFINITE and words[end + 1].istitle():
                    end += 2
                return end
        return j

    @staticmethod
    def _canonical(span: Span, head_i: int) -> str:
        """The head without its genitive ending, modifiers in the nominative, spacing as written."""
        out = []
        for t in span:
            word = t.text
            if t.i == head_i and word.endswith(("ums", "mms", "kommens", "okolls", "rags", "rages", "ents", "lans")):
                word = word[:-2] if word.endswith("es") and not word.endswith("ens") else word[:-1]
            elif t.i < head_i and t.is_lower:
                word = strip_adjective_ending(word) + "e"
            out.append(word + (t.whitespace_ if t.i < span.end - 1 else ""))
        return "".join(out)


@Language.factory("relex_agreements", default_config={"lexicon": "agreements.json"})
def make_agreement_finder(nlp: Language, name: str, lexicon: str) -> AgreementFinder:
    return AgreementFinder(name, lexicon)
