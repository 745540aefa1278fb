"""``relex_people``: PER candidates from German cues, to complete the statistical NER.

News introduces people through their office (``Gouverneur der Region Murmansk
Andrej Tschibis``, ``Gleb Nikitin, Gouverneur ...``), through verbs of saying
(``erklärte Leonid Ryschkowski``, ``so Russy``) and through ``Herr``/``Frau``. These
cues find names that a model trained on other domains misses, most of all Slavic
names transliterated into German.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..german import is_name_like, strip_adjective_ending
from ..lexicon import LexiconMixin, load_lexicon
from ._spans import add_candidates, candidates, lowers_of, span_text, words_of

MAX_NAME_TOKENS = 4
LINKERS = {"der", "des", "von", "in", "im", "aus", "dem", "den"}


class PeopleFinder(LexiconMixin):
    def __init__(self, name: str = "relex_people", lexicon: str = "triggers.json"):
        self.name = name
        self.lexicon = load_lexicon(lexicon)
        self._lexicon_changed()

    def _lexicon_changed(self) -> None:
        self.speech = set(self.lexicon["speech_verbs"])
        offices = load_lexicon("offices.json")
        self.titles = set(offices["titles"])
        self.colleagues = set(offices.get("colleague_cues", []))
        self.designators = set()
        for d in load_lexicon("regions.json")["designators"]:
            self.designators.update({d, d + "s", d + "es"})

    def __call__(self, doc: Doc) -> Doc:
        lowers = lowers_of(doc)
        ruled = candidates(doc)
        places = {}
        for span in ruled:
            if span.label_ in ("REGION", "ORG"):
                places[span.start] = max(places.get(span.start, 0), span.end)
        blocked = {i for s in ruled if s.label_ in ("REGION", "ORG", "OFFICE", "MONEY", "AGREEMENT") for i in range(s.start, s.end)}
        # a one-word place can be part of a name after its first word ("Siniša Mali", "Martin Kuba")
        self._soft = {s.start for s in ruled if s.label_ == "REGION" and len(s) == 1}
        found: list[Span] = []
        for office in [s for s in ruled if s.label_ == "OFFICE"]:
            span = self._name_after(doc, office.end, places, blocked)
            if span is not None:
                found.append(span)
                # "die stellvertretenden Ministerpräsidenten Anna Roth und Igor Lenz"
                if span.end + 1 < len(doc) and lowers[span.end] == "und" and lowers[office.end - 1].endswith(("en", "innen")):
                    second = self._name_at(doc, span.end + 1, blocked)
                    if second is not None and len(second) >= 2:
                        found.append(second)
            span = self._name_before_apposition(doc, office.start, blocked)
            if span is not None:
                found.append(span)
        for i, word in enumerate(words_of(doc)):
            if word.lower() in self.speech or word in ("Herr", "Herrn", "Frau") or word in self.colleagues:
                span = self._name_at(doc, i + 1, blocked)
                if span is not None:
                    found.append(span)
        for span in found:
            span._.canonical = span_text(span)
        add_candidates(doc, found)
        return doc

    def _skip_titles(self, doc: Doc, k: int) -> int:
        while k < len(doc) and words_of(doc)[k] in self.titles:
            k += 1
        return k

    def _name_at(self, doc: Doc, k: int, blocked: set[int]) -> Span | None:
        k = self._skip_titles(doc, k)
        end = k
        while end < len(doc) and end - k < MAX_NAME_TOKENS and is_name_like(words_of(doc)[end]) and (
            end not in blocked or (end > k and end in getattr(self, "_soft", ()))
        ):
            end += 1
        if end == k:
            return None
        return Span(doc, k, end, label="PER")

    def _name_after(self, doc: Doc, k: int, places: dict[int, int], blocked: set[int]) -> Span | None:
        """``Gouverneur des Gebiets Leningrad Russlands Alexander Drosdenko``: skip the jurisdiction, take the name."""
        lowers = lowers_of(doc)
        words = words_of(doc)
        n = len(doc)
        steps = 0
        while k < n and steps < 12:
            steps += 1
            if lowers[k] in LINKERS:
                j = k + 1
                while j < n and lowers[j] in LINKERS:
                    j += 1
                while j < n and words[j].islower() and strip_adjective_ending(words[j]) != words[j]:
                    j += 1
                if j in places:
                    k = places[j]
                    continue
                if j < n and words[j] in self.designators:
                    k = j + 1
                    continue
                return None
            if k in places:
                k = places[k]
                continue
            if words[k] in (",", "und") and k + 1 < n and (k + 1 in places or words[k + 1] == "("):
                k += 1
                continue
            if words[k] == "(":
                close = next((j for j in range(k + 1, min(n, k + 6)) if words[j] == ")"), None)
                if close is None:
                    return None
                k = close + 1
                continue
            break
        if k < n and words[k] == ",":
            k += 1
        return self._name_at(doc, k, blocked)

    def _name_before_apposition(self, doc: Doc, start: int, blocked: set[int]) -> Span | None:
        """``Gleb Nikitin, Gouverneur ...``: a name of two or more words right before a comma."""
        lowers = lowers_of(doc)
        k = start
        while k > 0 and (lowers[k - 1] in ("auch", "zugleich", "derzeit") or (words_of(doc)[k - 1].islower() and strip_adjective_ending(words_of(doc)[k - 1]) != words_of(doc)[k - 1])):
            k -= 1
        if k > 0 and lowers[k - 1] in ("der", "die", "dem", "des"):
            k -= 1
        if k < 3 or words_of(doc)[k - 1] != ",":
            return None
        end = k - 1
        begin = end
        while begin > 0 and end - begin < MAX_NAME_TOKENS and (begin - 1) not in blocked and is_name_like(words_of(doc)[begin - 1]):
            begin -= 1
        if end - begin < 2:
            return None
        return Span(doc, begin, end, label="PER")


@Language.factory("relex_people", default_config={"lexicon": "triggers.json"})
def make_people_finder(nlp: Language, name: str, lexicon: str) -> PeopleFinder:
    return PeopleFinder(name, lexicon)
