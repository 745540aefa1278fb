"""``relex_mentions``: link mentions of the same thing and give each its ``canonical`` name.

- people: all mentions sharing a surname get the fullest name written
  (``Ryschkowski`` -> ``Leonid Ryschkowski``); later bare uses of a known name that
  the NER missed (``so Kocher``, ``Kochers Besuch``) become PER mentions;
- regions: ``Belarus`` and ``Republik Belarus`` are one referent, named with the
  designator; inflected forms map to their base (``Russlands`` -> ``Russland``);
- agreements: ``das Dokument``, ``des Programms`` and a definite ``das Memorandum``
  refer back to the agreement introduced before them.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import NESTED_KEY, register_extensions
from ..german import DEFINITE, NOT_NAMES
from ._spans import lowers_of, span_text, words_of
from ..lexicon import LexiconMixin, load_lexicon
from .regions import RegionNames


def _surname_key(text: str) -> str:
    return text.split()[-1]


class MentionLinker(LexiconMixin):
    def __init__(self, name: str = "relex_mentions", lexicon: str = "regions.json"):
        self.name = name
        self.lexicon = load_lexicon(lexicon)
        register_extensions()
        self._lexicon_changed()

    def _lexicon_changed(self) -> None:
        self.regions = RegionNames(self.lexicon)
        agreements = load_lexicon("agreements.json")
        self.agreement_heads = tuple(sorted(agreements["heads"], key=len, reverse=True))
        self.generic = set(agreements["generic_references"])

    def __call__(self, doc: Doc) -> Doc:
        # ``doc.ents`` builds new Span objects on every read: read once, pass the list on
        ents = self._link_people(doc, list(doc.ents))
        nested = list(doc.spans[NESTED_KEY]) if NESTED_KEY in doc.spans else []
        self._link_regions(doc, [e for e in ents if e.label_ == "REGION"] + [s for s in nested if s.label_ == "REGION"])
        for span in ents + nested:
            if span._.canonical is None:
                span._.canonical = span_text(span)
        self._link_agreements(doc, ents)
        return doc

    # -- people -----------------------------------------------------------
    def _link_people(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Link the people among ``ents``; return the entities as they are afterwards."""
        people = [e for e in ents if e.label_ == "PER"]
        if not people:
            return ents
        full: dict[str, str] = {}
        for span in people:
            text = span_text(span)
            key = _surname_key(text)
            if len(text) > len(full.get(key, "")):
                full[key] = text
        # surnames written with a genitive -s belong to the bare surname
        def key_of(text: str) -> str:
            key = _surname_key(text)
            if key not in full and key.endswith("s") and key[:-1] in full:
                return key[:-1]
            return key

        # a known surname that the model took for a place ("... und Wedernikow")
        relabelled = False
        for k, e in enumerate(ents):
            if len(e) == 1 and e.label_ in ("REGION", "ORG") and span_text(e) in full and span_text(e) not in self.regions.base_of:
                ents[k] = Span(doc, e.start, e.end, label="PER")
                relabelled = True
        if relabelled:
            doc.set_ents(ents)
        taken = {i for e in ents for i in range(e.start, e.end)}
        words = words_of(doc)
        added = []
        multi: dict[str, list[tuple[str, ...]]] = {}  # first word -> full names starting with it
        for name in full.values():
            if " " in name:
                multi.setdefault(name.split()[0], []).append(tuple(name.split()))
        n = len(words)
        # only words that can start a known name need a look (a set test per word)
        interesting = set(full) | {surname + "s" for surname in full} | set(multi)
        resume = 0  # tokens before it are inside a name just added
        for i in [i for i, word in enumerate(words) if word in interesting]:
            if i < resume or i in taken:
                continue
            matched = False
            for name in multi.get(words[i], ()):
                j = i + len(name)
                if j <= n and tuple(words[i:j]) == name and not any(k in taken for k in range(i, j)):
                    added.append(Span(doc, i, j, label="PER"))
                    resume, matched = j, True
                    break
            if matched:
                continue
            text = words[i]
            if text[:1].isupper() and text not in NOT_NAMES and (text in full or (text.endswith("s") and text[:-1] in full)):
                added.append(Span(doc, i, i + 1, label="PER"))
        if added:
            ents = sorted(ents + added, key=lambda s: s.start)
            doc.set_ents(ents)
        first_words: dict[str, list[str]] = {}
        for name in set(full.values()):
            if " " in name:
                first_words.setdefault(name.split()[0], []).append(name)
        # "Francisco Duarte" is "Francisco Duarte Lopes" when the longer name is in the text
        longer = {}
        names = sorted(set(full.values()), key=len)
        for short in names:
            for name in names:
                if len(name) > len(short) and name.startswith(short + " "):
                    longer[short] = name
        for span in ents:
            if span.label_ != "PER":
                continue
            text = span_text(span)
            if text in longer:
                span._.canonical = longer[text]
                continue
            key = key_of(text)
            if " " not in text and key not in full or full.get(key) == text and text in first_words:
                names = first_words.get(text, [])
                if len(names) == 1:
                    span._.canonical = names[0]
                    continue
            span._.canonical = full.get(key, text)
        return ents

    # -- regions ----------------------------------------------------------
    def _link_regions(self, doc: Doc, spans: list[Span]) -> None:
        clusters: dict[str, list[Span]] = {}
        for span in spans:
            text = span_text(span)
            canonical = span._.canonical or self.regions.canonical(text)
            span._.canonical = canonical
            if text.isupper() and len(text) > 3 and span.start < 3:
                continue  # a dateline names the city ("GRODNO"), not the region of the same name
            clusters.setdefault(self.regions.bare(canonical).lower(), []).append(span)
        for members in clusters.values():
            names = [m._.canonical for m in members]
            with_designator = [n for n in names if self.regions.bare(n) != n]
            best = with_designator[0] if with_designator else names[0]
            for m in members:
                m._.canonical = best

    # -- agreements -------------------------------------------------------
    def _head(self, span: Span) -> str:
        for t in reversed(span):
            low = t.lower_
            if low.endswith(self.agreement_heads) or low.rstrip("s") in self.generic:
                return low
        return span[-1].lower_

    def _link_agreements(self, doc: Doc, ents: list[Span]) -> None:
        clusters: list[tuple[str, str]] = []  # (head, canonical), in order of introduction
        for span in ents:
            if span.label_ != "AGREEMENT":
                continue
            head = self._head(span).rstrip("s")
            generic = head.rstrip("s") in self.generic
            definite = span.start > 0 and lowers_of(doc)[span.start - 1] in DEFINITE | {"dieses", "diese", "dieser", "vom"}
            bare = len(span) == 1
            antecedent = None
            if clusters and (generic or (definite and bare)):
                same = [c for c in clusters if c[0].endswith(head) or head.endswith(c[0])]
                antecedent = (same or clusters)[-1 if not same else 0]
            if antecedent is None:
                if generic:
                    continue
                canonical = span._.canonical or span_text(span)
                clusters.append((head, canonical))
            else:
                span._.canonical = antecedent[1]


@Language.factory("relex_mentions", default_config={"lexicon": "regions.json"})
def make_mention_linker(nlp: Language, name: str, lexicon: str) -> MentionLinker:
    return MentionLinker(name, lexicon)
