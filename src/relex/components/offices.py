"""``relex_offices``: OFFICE candidates with their nominative singular as ``Span._.canonical``.

German role nouns are open compounds (``Vize-Industrieminister``,
``Bundesaußenminister``), so heads are matched by suffix on the lower-cased token
with the endings their inflection class allows, then the span grows left over rank
modifiers (``ersten stellvertretenden``, ``außerordentliche und bevollmächtigte``)
and right over an attached organ (``der Regierung``, ``des Ministeriums für ...``).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import register_extensions
from ..german import ADJ_ENDINGS, DEFINITE, INDEFINITE, strip_adjective_ending
from ..lexicon import LexiconMixin, WordCache, load_lexicon
from ._spans import add_candidates, lowers_of, words_of

ENDINGS = {
    "n": ("", "s", "n", "in", "innen"),
    "w": ("", "en", "in", "innen"),
    "a": ("e", "er", "en", "em"),
    "h": ("", "s", "es"),
    "m": ("", "s", "es"),
}
FEMININE_ENDINGS = ("in", "innen")


class OfficeFinder(LexiconMixin):
    def __init__(self, name: str = "relex_offices", lexicon: str = "offices.json"):
        self.name = name
        self.lexicon = load_lexicon(lexicon)
        register_extensions()
        self._lexicon_changed()

    def _lexicon_changed(self) -> None:
        lex = self.lexicon
        self.heads = sorted(lex["heads"].items(), key=lambda kv: -len(kv[0]))
        # one regex over all head+ending forms rejects most tokens before the detailed check
        forms = {stem + ending for stem, cls in self.heads for ending in ENDINGS[cls]} | {"staatsoberhäupter"}
        self._head_re = re.compile("(?:" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True)) + ")$")
        self.not_offices = set(lex["not_offices"])
        self.exclude_exact = set(lex["exclude_exact"])
        self.only_before_name = set(lex.get("only_before_a_name", []))
        self.modifiers = set(lex["modifiers"])
        self.abbreviated = set(lex["abbreviated_modifiers"])
        self.organs = set(lex["organs"])
        self.named_organs = set(lex["named_organs"])
        self._heads = WordCache(self._head_of_word)
        regions = load_lexicon("regions.json")
        names = [*regions["countries"], *regions["federal_states"], *regions["subjects"], *regions["cities"]]
        self.region_words = {w for name in names for w in (name, name + "s", name + "es")}

    # -- head detection -------------------------------------------------
    def head_of(self, word: str) -> tuple[str, str, str] | None:
        """``(stem, class, ending)`` when ``word`` is an office noun, else None."""
        if not word[:1].isupper() and not word.lower().startswith("vize"):
            return None
        low = word.lower()
        if low in self.not_offices or not self._head_re.search(low):
            return None
        if low.endswith("staatsoberhäupter"):
            return ("staatsoberhaupt", "h", "häupter")
        for stem, cls in self.heads:
            for ending in ENDINGS[cls]:
                if low.endswith(stem + ending):
                    prefix = low[: len(low) - len(stem) - len(ending)]
                    if prefix and not (prefix.replace("-", "").isalpha()):
                        continue
                    return (stem, cls, ending)
        return None

    def _head_of_word(self, word: str) -> tuple[str, str, str] | None:
        return self.head_of(word) if word.isalpha() or "-" in word else None

    def canonical_head(self, word: str, stem: str, cls: str, ending: str, feminine_article: bool) -> str:
        if ending == "häupter":
            return word[: -len("häupter")] + "haupt"
        base = word[: len(word) - len(ending)] if ending else word
        if cls == "a":
            return base + ("e" if feminine_article else "er")
        if ending in FEMININE_ENDINGS:
            return base + "in"
        return base

    def _is_modifier(self, word: str) -> bool:
        if word in self.abbreviated:
            return True
        low = word.lower()
        if low.startswith("vize"):
            return False
        return strip_adjective_ending(low) in self.modifiers

    # -- span building --------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        lowers = lowers_of(doc)
        spans = []
        i = 0
        n = len(doc)
        words = words_of(doc)
        heads = self._heads
        while i < n:
            word = words[i]
            found = heads[word]
            if not found:
                i += 1
                continue
            token = doc[i]
            stem, cls, ending = found
            start = i
            # coordinated compounds: "Arbeits- und Wirtschaftsminister"
            if start >= 2 and lowers[start - 1] in ("und", "oder") and words_of(doc)[start - 2].endswith("-"):
                start -= 2
            while start > 0:
                prev = doc[start - 1]
                if self._is_modifier(prev.text):
                    start -= 1
                elif prev.lower_ == "und" and start >= 2 and self._is_modifier(words_of(doc)[start - 2]):
                    start -= 1
                else:
                    break
            article = lowers[start - 1] if start > 0 else ""
            if article in INDEFINITE:
                i += 1
                continue
            end = self._extend_right(doc, i + 1)
            if token.lower_ in self.exclude_exact and end == i + 1:
                i += 1
                continue
            # "Bundesrat Guy Parmelin" is a councillor; "der Bundesrat stimmte zu" is the chamber
            if token.lower_ in self.only_before_name and not (
                i + 2 < n and words_of(doc)[i + 1].istitle() and words_of(doc)[i + 2].istitle() and words_of(doc)[i + 1].isalpha()
            ):
                i += 1
                continue
            span = Span(doc, start, end, label="OFFICE")
            feminine = ending in FEMININE_ENDINGS or article == "die" and cls == "a"
            span._.canonical = self._canonical(span, i, found, feminine)
            spans.append(span)
            i = end
        add_candidates(doc, spans)
        return doc

    def _extend_right(self, doc: Doc, j: int) -> int:
        """Grow over ``für ...`` and a genitive organ (``der Regierung``), never over a region."""
        lowers = lowers_of(doc)
        words = words_of(doc)
        n = len(doc)
        end = j
        if j < n and lowers[j] == "für":
            k = self._phrase_end(doc, j + 1)
            if k > j + 1:
                end = j = k
        if j < n and lowers[j] in ("der", "des"):
            k = j + 1
            while k < n and words[k].islower() and words[k].isalpha() and strip_adjective_ending(words[k]) != words[k]:
                k += 1
            if k < n and self._is_organ(words[k]):
                organ = lowers[k]
                end = k + 1
                if end < n and lowers[end] == "für":
                    k2 = self._phrase_end(doc, end + 1)
                    if k2 > end + 1:
                        end = k2
                elif any(organ.startswith(o) for o in self.named_organs) and end < n and words[end].istitle() and words[end].isalpha():
                    end += 1
        return end

    def _is_organ(self, word: str) -> bool:
        low = word.lower()
        return word[:1].isupper() and any(low.endswith(o) for o in self.organs)

    def _phrase_end(self, doc: Doc, k: int) -> int:
        """End of a ``für``-complement: adjectives, nouns and ``und`` up to punctuation or an article."""
        n = len(doc)
        last = k
        while k < n:
            t = doc[k]
            if t.is_title and t.is_alpha and t.lower_ not in DEFINITE and t.text not in self.region_words:
                k += 1
                last = k
            elif t.is_lower and t.is_alpha and (t.lower_ == "und" or t.lower_.endswith(ADJ_ENDINGS)) and t.lower_ not in DEFINITE | INDEFINITE:
                k += 1
            else:
                break
        return last

    def _canonical(self, span: Span, head_i: int, found: tuple[str, str, str], feminine: bool) -> str:
        words = []
        for t in span:
            if t.i < head_i:
                if t.lower_ in ("und", "oder") or t.text in self.abbreviated or t.text.endswith("-"):
                    words.append(t.text)
                else:
                    stem = strip_adjective_ending(t.text)
                    words.append(stem + ("e" if feminine else "er"))
            elif t.i == head_i:
                words.append(self.canonical_head(t.text, *found, feminine))
            else:
                words.append(t.text)
            if t.i < span.end - 1 and not t.whitespace_:
                words[-1] += "\0"
        return " ".join(words).replace("\0 ", "")


@Language.factory("relex_offices", default_config={"lexicon": "offices.json"})
def make_office_finder(nlp: Language, name: str, lexicon: str) -> OfficeFinder:
    return OfficeFinder(name, lexicon)
