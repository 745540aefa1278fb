"""``relex_regions``: REGION candidates from a gazetteer and designator phrases, and
nationality adjectives that point to a region.

The gazetteer (``resources/regions.json``) is compiled into a ``PhraseMatcher`` on
exact text with the inflected forms generated here (``Russlands``, ``Russischen
Föderation``, ``MINSK``). Designator phrases (``Gebiet Tambow``, ``Region von
Nischni Nowgorod``, ``Bundesrepublik Deutschland``) are read token by token because
their name part may be missing from any list. Adjectives (``belarussischen``) go to
``doc.spans["relex_region_adjectives"]`` with ``Span._.region`` set: they are not
REGION mentions, but relations use them for jurisdictions.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..extensions import register_extensions
from ..german import is_name_like
from ..lexicon import LexiconMixin, WordCache, load_lexicon
from ._spans import add_candidates, candidates, lowers_of, set_span_group, span_text, words_of

ADJECTIVES = "relex_region_adjectives"


def _inflected(name: str) -> set[str]:
    """Written forms of a gazetteer name: genitive, weak adjective endings, upper case."""
    words = name.split()
    forms = {name}
    if len(words) == 1:
        if not name.endswith(("s", "ß", "x", "z")):
            forms.add(name + "s")
        if name.isalpha() or "-" in name:
            forms.add(name.upper())
        return forms
    variants = [[]]
    for w in words[:-1]:
        alts = [w]
        if w.endswith("es"):
            alts.append(w[:-1] + "n")
        elif w.endswith("e"):
            alts += [w + "n", w + "r"]
        variants = [v + [a] for v in variants for a in alts]
    last = words[-1]
    for v in variants:
        forms.add(" ".join(v + [last]))
        forms.add(" ".join(v + [last + "s"]))
    return forms


class RegionNames:
    """Name knowledge shared by the finder and the mention linker: base forms and adjectives."""

    def __init__(self, lexicon: dict):
        lex = lexicon
        names = [*lex["countries"], *lex["unions"], *lex["federal_states"], *lex["subjects"], *lex["cities"]]
        self.names = names
        self.base_of: dict[str, str] = {}
        for name in names:
            for form in _inflected(name):
                self.base_of.setdefault(form, name)
        for abbr in lex["abbreviations"]:
            self.base_of[abbr] = abbr
        self.designators = {}
        for d in lex["designators"]:
            for form in (d, d + "s", d + "es", d.upper()):
                self.designators[form] = d
        self.prefixes = {p: p for p in lex["designator_prefixes"]}
        for p in lex["designator_prefixes"]:
            self.prefixes.setdefault(p + "s", p)
        self.adjectives = {stem.lower(): country for country, stem in lex["countries"].items() if stem}
        self.adjectives.update({stem.lower(): region for stem, region in lex.get("region_adjectives", {}).items()})
        self.city_adjectives = dict(lex["city_adjectives"])
        self.not_regions = set(lex["not_regions"])
        stems = "|".join(sorted(map(re.escape, self.adjectives), key=len, reverse=True))
        self._adjective_re = re.compile(rf"({stems})(?:e|en|er|em|es)?")
        self._adjective_regions = WordCache(self._adjective_region)

    def canonical(self, text: str) -> str:
        """Base form of a region name as written (``Russischen Föderation`` -> ``Russische Föderation``)."""
        if text in self.base_of:
            return self.base_of[text]
        words = text.split()
        if words and words[0] in self.designators and len(words) > 1:
            rest = [w for w in words[1:] if w != "von"]
            return " ".join([self.designators[words[0]], self.canonical(" ".join(rest))])
        if words and words[0] in self.prefixes and len(words) > 1:
            return " ".join([self.prefixes[words[0]], self.canonical(" ".join(words[1:]))])
        if text.endswith("s") and text[:-1] in self.base_of:
            return self.base_of[text[:-1]]
        if len(words) == 2 and words[0].endswith(("ische", "ischen")):
            return words[0][: words[0].rindex("isch") + 4] + "e " + words[1]
        if text.isupper() and len(text) > 3:
            return text.capitalize()
        return text

    def bare(self, canonical: str) -> str:
        """The name without its designator: ``Gebiet Tambow`` -> ``Tambow``."""
        words = canonical.split()
        if len(words) > 1 and (words[0] in self.designators or words[0] in self.prefixes):
            return " ".join(words[1:])
        if len(words) == 2 and words[1] in ("Region", "Provinz", "Republik"):
            return words[0]
        return canonical

    def adjective_region(self, word: str) -> str | None:
        """The region a nationality or city adjective names (``belarussischen`` -> ``Belarus``)."""
        return self._adjective_regions[word]

    def _adjective_region(self, word: str) -> str | None:
        if word in self.city_adjectives:
            return self.city_adjectives[word]
        match = self._adjective_re.fullmatch(word.lower())
        return self.adjectives[match.group(1)] if match else None


class RegionFinder(LexiconMixin):
    def __init__(self, nlp: Language, name: str = "relex_regions", lexicon: str = "regions.json"):
        self.name = name
        self.vocab = nlp.vocab
        self.make_doc = nlp.make_doc
        self.lexicon = load_lexicon(lexicon)
        register_extensions()
        self._lexicon_changed()

    def _lexicon_changed(self) -> None:
        self.names = RegionNames(self.lexicon)
        self.base_of = self.names.base_of
        self.designators = self.names.designators
        self.prefixes = self.names.prefixes
        self.city_adjectives = self.names.city_adjectives
        self.not_regions = self.names.not_regions
        self.canonical = self.names.canonical
        self.adjective_region = self.names.adjective_region
        self.matcher = PhraseMatcher(self.vocab, attr="ORTH")
        self.matcher.add("REGION", [self.make_doc(f) for f in self.base_of])
        self.local_heads = tuple(load_lexicon("offices.json").get("local_heads", []))

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for _, start, end in self.matcher(doc):
            span = Span(doc, start, end, label="REGION")
            span._.canonical = self.canonical(span_text(span))
            spans.append(span)
        spans.extend(self._designator_phrases(doc))
        spans.extend(self._towns_of_local_offices(doc))
        adjectives = []
        for i, word in enumerate(words_of(doc)):
            if word in self.city_adjectives or (word.islower() and word.isalpha()):
                region = self.adjective_region(word)
                if region:
                    span = doc[i : i + 1]
                    span._.region = region
                    adjectives.append(Span(doc, i, i + 1, label="REGION_ADJ"))
        set_span_group(doc, ADJECTIVES, adjectives)
        add_candidates(doc, spans)
        return doc

    def _towns_of_local_offices(self, doc: Doc) -> list[Span]:
        """``Bürgermeisterin von Maribor``: the place a local office serves, even if unlisted."""
        lowers = lowers_of(doc)
        words = words_of(doc)
        spans = []
        for office in candidates(doc, "OFFICE"):
            head = lowers[office.end - 1]
            if not any(head.startswith(h) or head.endswith(h) or head.endswith(h + "in") for h in self.local_heads):
                continue
            k = office.end
            if k + 1 < len(doc) and lowers[k] in ("von", "aus") and is_name_like(words[k + 1]) and words[k + 1] not in self.not_regions:
                span = Span(doc, k + 1, k + 2, label="REGION")
                span._.canonical = self.canonical(span_text(span))
                spans.append(span)
        return spans

    def _designator_phrases(self, doc: Doc) -> list[Span]:
        spans = []
        n = len(doc)
        words = words_of(doc)
        for i, word in enumerate(words):
            start = i
            if word in self.designators or word in self.prefixes:
                k = i + 1
                if word in self.designators and k < n and words[k] == "von":
                    k += 1
            elif (
                i + 1 < n and words[i + 1] in ("Region", "Provinz", "Republik", "Föderation")
                and word.istitle() and word.lower().endswith(("ische", "ischen"))
            ):
                span = Span(doc, i, i + 2, label="REGION")
                span._.canonical = self.canonical(span_text(span))
                spans.append(span)
                continue
            else:
                continue
            end = self._name_end(doc, k)
            if end is None:
                continue
            span = Span(doc, start, end, label="REGION")
            span._.canonical = self.canonical(span_text(span))
            spans.append(span)
        return spans

    def _name_end(self, doc: Doc, k: int) -> int | None:
        """End of the name after a designator, preferring a known multi-word name."""
        words = words_of(doc)
        n = len(doc)
        for size in (3, 2, 1):
            if k + size <= n and span_text(doc[k : k + size]) in self.base_of:
                return k + size
        if k < n and is_name_like(words[k]) and words[k] not in self.not_regions and words[k] not in self.designators:
            return k + 1
        return None


@Language.factory("relex_regions", default_config={"lexicon": "regions.json"})
def make_region_finder(nlp: Language, name: str, lexicon: str) -> RegionFinder:
    return RegionFinder(nlp, name, lexicon)
