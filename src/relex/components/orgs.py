"""``relex_orgs``: ORG candidates that a news NER model tends to miss.

Institutions in German news are mostly compounds (``Industrieministerium``) or a
head noun with complements (``Abteilung für Internationale Beziehungen der
Regierung der Region Jaroslawl``, ``belarussische Botschaft in Russland``); news
agencies sit in datelines and companies carry a legal form (``OAO MAZ``).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..extensions import register_extensions
from ..german import DEFINITE, is_name_like, strip_adjective_ending
from ..lexicon import LexiconMixin, WordCache, load_lexicon
from ._spans import add_candidates, lowers_of, span_text, words_of

SHORT_AGENCIES_NEED_PARENS = 2  # "lk", "AP": only inside a dateline's parentheses


class OrgFinder(LexiconMixin):
    def __init__(self, nlp: Language, name: str = "relex_orgs", lexicon: str = "orgs.json"):
        self.name = name
        self.make_doc = nlp.make_doc
        self.vocab = nlp.vocab
        self.lexicon = load_lexicon(lexicon)
        register_extensions()
        self._lexicon_changed()

    def _lexicon_changed(self) -> None:
        lex = self.lexicon
        self.suffixes = tuple(lex["suffixes"])
        self._suffix_re = re.compile(r"\w{4,}(?:" + "|".join(map(re.escape, self.suffixes)) + ")$")
        self.heads = set(lex["heads"])
        self.need_complement = set(lex["heads_need_complement"])
        self.agencies = set(lex["agencies"])
        self.forms_before = set(lex["legal_forms_before"])
        self.forms_after = set(lex["legal_forms_after"])
        self.not_orgs = set(lex["not_orgs"])
        self.parties = set(lex.get("parties", [])) - {"parteilos"}
        self._head_words = WordCache(self._examine_head_word)
        self.matcher = PhraseMatcher(self.vocab, attr="ORTH")
        self.matcher.add("ORG", [self.make_doc(t) for t in lex["standalone"]])
        regions = load_lexicon("regions.json")
        self.region_adjective_stems = {s.lower() for s in regions["countries"].values() if s}

    def _is_head(self, token) -> bool:
        return self._is_head_word(token.text)

    def _is_head_word(self, word: str) -> bool:
        return self._head_words[word]

    def _examine_head_word(self, word: str) -> bool:
        if word in self.not_orgs or not word[:1].isupper():
            return False
        if word in self.heads:
            return True
        # a compound needs a real first part: "Industrieministerium", not the name "Marat"
        return self._suffix_re.match(word.lower()) is not None

    def _region_like(self, token) -> bool:
        return is_name_like(token.text)

    def __call__(self, doc: Doc) -> Doc:
        words = words_of(doc)
        spans: list[Span] = []
        for _, s, e in self.matcher(doc):
            spans.append(Span(doc, s, e, label="ORG"))
        n = len(doc)
        for i, word in enumerate(words_of(doc)):
            if not (word in self.parties or word in self.agencies or word in self.forms_before or word[:1].isupper() and self._is_head_word(word)):
                continue
            token = doc[i]
            if token.text in self.parties and i > 0 and words[i - 1] == "(":
                spans.append(Span(doc, i, i + 1, label="ORG"))
            elif token.text in self.agencies:
                in_parens = i > 0 and words[i - 1] == "(" and i + 1 < n and words[i + 1] == ")"
                if len(token.text) > SHORT_AGENCIES_NEED_PARENS or in_parens:
                    spans.append(Span(doc, i, i + 1, label="ORG"))
            elif token.text in self.forms_before and i + 1 < n and words[i + 1][:1].isupper():
                end = i + 1
                while end < n and end - i <= 3 and (words[end][:1].isupper() or words[end] == "-") and words[end] not in self.forms_before:
                    end += 1
                spans.append(Span(doc, i, end, label="ORG"))
            elif self._is_head(token):
                span = self._head_phrase(doc, i)
                if span is not None:
                    spans.append(span)
        spans.extend(self._abbreviations(doc, spans))
        spans.extend(self._dateline_source(doc, spans))
        for span in spans:
            span._.canonical = span_text(span)
        add_candidates(doc, spans)
        return doc

    @staticmethod
    def _dateline_source(doc: Doc, spans: list[Span]) -> list[Span]:
        """``ASTANA, 12. Juni (Kazinform) -``: the source in a dateline's brackets is an agency."""
        words = words_of(doc)
        for i, text in enumerate(words[:40]):  # a dateline opens the article (after a headline, at most)
            if text == "(" and i + 3 < len(words) and words[i + 2] == ")" and words[i + 3] in ("-", "–", "—"):
                word = words[i + 1]
                # "(BelTA)", "(APA)"; not "(red)", an editor's mark
                if word.isalpha() and word[:1].isupper() and not any(s.start == i + 1 for s in spans):
                    return [Span(doc, i + 1, i + 2, label="ORG")]
        return []

    @staticmethod
    def _abbreviations(doc: Doc, spans: list[Span]) -> list[Span]:
        """``Belarussische Staatliche Universität (BGU)``: the bracketed short form and its later uses."""
        words = words_of(doc)
        short = set()
        for span in spans:
            e = span.end
            if e + 2 < len(doc) and words[e] == "(" and words[e + 2] == ")" and doc[e + 1].is_upper and len(doc[e + 1]) >= 2:
                short.add(words[e + 1])
        if not short:
            return []
        return [Span(doc, i, i + 1, label="ORG") for i, word in enumerate(words_of(doc)) if word in short]

    def _head_phrase(self, doc: Doc, i: int) -> Span | None:
        lowers = lowers_of(doc)
        words = words_of(doc)
        n = len(doc)
        start = i
        # preceding adjectives: "belarussische Botschaft", "Belarussischen Staatlichen Universität"
        while start > 0:
            prev = doc[start - 1]
            stem = strip_adjective_ending(prev.text)
            if prev.is_alpha and stem != prev.text and (prev.is_lower or (prev.is_title and prev.lower_ not in DEFINITE and start - 1 > 0 and not doc[start - 2].is_sent_end)):
                if prev.lower_ in ("der", "die", "das", "den", "dem", "des", "einer", "eine"):
                    break
                start -= 1
            else:
                break
        end = i + 1
        head = words[i]
        extended = True
        while extended and end < n:
            extended = False
            nxt = doc[end]
            if nxt.lower_ == "für" and end + 1 < n and words[end + 1].istitle():
                k = end + 1
                while k < n and (words[k].istitle() or lowers[k] == "und" or (words[k].islower() and strip_adjective_ending(words[k]) != words[k])) and lowers[k] not in DEFINITE:
                    k += 1
                while k > end + 1 and not words[k - 1].istitle():
                    k -= 1
                end, extended = k, True
            elif nxt.lower_ in ("der", "des") and end + 1 < n:
                k = end + 1
                while k < n and words[k].islower() and words[k].isalpha() and strip_adjective_ending(words[k]) != words[k]:
                    k += 1
                if k < n and (self._is_head(doc[k]) or words[k] in ("Region", "Gebiet", "Gebiets", "Republik", "Provinz", "Stadt")):
                    end = k + 1
                    if words[k] in ("Region", "Gebiet", "Gebiets", "Republik", "Provinz", "Stadt") and end < n and is_name_like(words[end]):
                        end += 1
                    extended = True
            elif nxt.lower_ in ("in", "von") and end + 1 < n and is_name_like(words[end + 1]) and head.lower().endswith(("botschaft", "konsulat", "vertretung", "ministerium")):
                if nxt.lower_ == "in" and not head.lower().endswith(("botschaft", "konsulat", "vertretung")):
                    break
                end = end + 2
            elif head in ("Universität", "Hochschule", "Akademie") and is_name_like(nxt.text) and end == i + 1:
                end += 1
        if head in self.need_complement and end == i + 1 and start == i:
            return None
        if head in ("Universität", "Hochschule", "Akademie") and end == i + 1 and start == i:
            return None
        if start < i and all(words[j].islower() for j in range(start, i)) and head in self.need_complement and end == i + 1:
            if not any(strip_adjective_ending(lowers[j]) in self.region_adjective_stems or lowers[j].startswith(("ober", "nieder", "landes")) for j in range(start, i)):
                return None
        return Span(doc, start, end, label="ORG")


@Language.factory("relex_orgs", default_config={"lexicon": "orgs.json"})
def make_org_finder(nlp: Language, name: str, lexicon: str) -> OrgFinder:
    return OrgFinder(nlp, name, lexicon)
