"""``relex_entities``: the one place that decides ``doc.ents``.

Rule candidates (``doc.spans["relex_candidates"]``) and the statistical NER's
entities compete here under a documented priority, so overlaps are settled once
(the candidates are then dropped unless ``keep_candidates`` is set):

1. MONEY, OFFICE, AGREEMENT (rules)
2. ORG phrases of two or more tokens (rules)
3. PER (rules and NER)
4. REGION (rules), one-token ORG (rules)
5. ORG and LOC from the NER (LOC becomes REGION)
6. DATE

Within a tier a longer span wins, then an earlier one. A REGION or ORG candidate
that lies inside a chosen ORG, OFFICE or AGREEMENT is kept in
``doc.spans["relex_nested"]``: ``Regierung der Region Jaroslawl`` is an ORG and
``Region Jaroslawl`` still counts as a REGION mention.
"""
from __future__ import annotations

from spacy.attrs import IS_PUNCT
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import NESTED_KEY, register_extensions
from ..lexicon import load_lexicon
from ._spans import CANDIDATES, Candidate, candidates, lowers_of, set_span_group, span_text, words_of

# one-word "names" from the model that are German common nouns (Handelsumsatz, Zusammenarbeit)
COMMON_NOUN_ENDINGS = ("umsatz", "volumen", "ung", "keit", "heit", "schaft", "tion", "ismus", "handel", "forum")
EVENT_ENDINGS = ("forum", "forums", "konferenz", "gipfel", "gipfels", "messe", "festival", "tage", "tagen", "olympiade")
LINKED_BY = {"der", "des", "von", "in", "im", "für", "dem", "den"}
NER_LABELS = {"PER": "PER", "PERSON": "PER", "LOC": "REGION", "GPE": "REGION", "ORG": "ORG"}


def _tier(span: Span, from_ner: bool) -> int:
    label = span.label_
    if from_ner:
        return 2 if label == "PER" else 4
    if label in ("MONEY", "OFFICE", "AGREEMENT"):
        return 0
    if label == "ORG":
        return 1 if len(span) > 1 else 3
    if label == "PER":
        return 2
    if label == "REGION":
        return 3
    return 5


class EntityResolver:
    def __init__(self, name: str = "relex_entities", keep_candidates: bool = False):
        self.name = name
        self.keep_candidates = keep_candidates
        register_extensions()
        regions = load_lexicon("regions.json")
        self.not_regions = set(regions["not_regions"])
        self.not_orgs = set(load_lexicon("orgs.json")["not_orgs"])
        triggers = load_lexicon("triggers.json")
        self.common_nouns = set(triggers["trade_words"]) | set(triggers["not_trade_words"])

    def _ner_candidates(self, doc: Doc, rules: list[Candidate]) -> list[Span]:
        """The model's entities, trimmed of punctuation, lower-case particles and words that a
        rule already gives another label (``Republik Belarus Jewgeni Schestakow`` -> the name)."""
        ruled: dict[int, str] = {}
        for r in rules:
            if r.label_ != "DATE" and (len(r) > 1 or r.label_ != "REGION"):
                for i in range(r.start, r.end):
                    ruled[i] = r.label_
        leading_region = {r.start: r.end for r in rules if r.label_ == "REGION"}
        spans = []
        ents = doc.ents
        if not ents:
            return spans
        words, lowers = words_of(doc), lowers_of(doc)
        punct = doc.to_array(IS_PUNCT).tolist()
        for ent in ents:
            label = NER_LABELS.get(ent.label_)
            if label is None:
                continue
            start, end = ent.start, ent.end
            changed = True
            while changed and start < end:
                changed = False
                if punct[start] or words[start].islower() or ruled.get(start, label) != label:
                    start, changed = start + 1, True
                elif start in leading_region and leading_region[start] < end and label == "PER":
                    start, changed = leading_region[start], True
                elif punct[end - 1] or ruled.get(end - 1, label) != label:
                    end, changed = end - 1, True
            if end <= start:
                continue
            span = Span(doc, start, end, label=label)
            text = span_text(span)
            if label == "REGION" and (text in self.not_regions or text.rstrip("s") in self.not_regions):
                continue
            if label == "ORG" and text in self.not_orgs:
                continue
            if label != "ORG" and end - start == 1 and (lowers[start].endswith(COMMON_NOUN_ENDINGS) or lowers[start] in self.common_nouns):
                continue
            if label == "ORG" and lowers[end - 1].endswith(EVENT_ENDINGS):
                continue  # events and forums are not organisations
            spans.append(span)
        return spans

    def __call__(self, doc: Doc) -> Doc:
        rules = candidates(doc)
        # the model's guess yields to a rule that knows the words ("Omsk" is a region, not a person)
        covering: dict[int, list[Candidate]] = {}
        for r in rules:
            if r.label_ != "DATE":
                for i in range(r.start, r.end):
                    covering.setdefault(i, []).append(r)
        ner = [
            s for s in self._ner_candidates(doc, rules)
            if not any(r.start <= s.start and s.end <= r.end and r.label_ != s.label_ for r in covering.get(s.start, ()))
        ]
        ranked = [(s, False) for s in rules] + [(s, True) for s in ner]
        ranked.sort(key=lambda item: (_tier(*item), -len(item[0]), item[0].start))
        taken: set[int] = set()
        chosen: list[Span] = []
        rest: list[Span] = []
        for span, _ in ranked:
            tokens = range(span.start, span.end)
            if any(i in taken for i in tokens):
                rest.append(span)
                continue
            taken.update(tokens)
            chosen.append(span)
        chosen.sort(key=lambda s: s.start)
        chosen = [s if isinstance(s, Span) else s.span(doc) for s in chosen]
        doc.set_ents(chosen)  # the setter would rebuild every Span first
        set_span_group(doc, NESTED_KEY, self._nested(doc, chosen, rest))
        if not self.keep_candidates:
            set_span_group(doc, CANDIDATES, [])
        return doc

    @staticmethod
    def _nested(doc: Doc, chosen: list[Span], rest: list[Span | Candidate]) -> list[Span]:
        lowers = lowers_of(doc)
        container_at: dict[int, Span] = {}
        for c in chosen:
            if c.label_ in ("ORG", "OFFICE", "AGREEMENT"):
                for i in range(c.start, c.end):
                    container_at[i] = c
        inner = []
        seen = set()
        inner_at: dict[int, list[Span]] = {}
        for span in sorted(rest, key=lambda s: (-len(s), s.start)):
            if span.label_ not in ("REGION", "ORG"):
                continue
            c = container_at.get(span.start)
            inside = [c] if c is not None and span.end <= c.end and (c.label_ != span.label_ or len(c) > len(span)) else []
            if not inside:
                continue
            # a mention named inside a phrase ("Botschaft in Russland", "Regierung der Region X"),
            # not the name part of the container itself ("Universität Huzhou", "Landesregierung")
            k = span.start - 1
            while k > inside[0].start and words_of(doc)[k].islower() and lowers[k] not in LINKED_BY:
                k -= 1
            if span.start == inside[0].start or lowers[k] not in LINKED_BY:
                continue
            if any(o.start <= span.start and span.end <= o.end and o.label_ == span.label_ for o in inner_at.get(span.start, ())):
                continue
            key = (span.start, span.end, span.label_)
            if key not in seen:
                seen.add(key)
                inner.append(span if isinstance(span, Span) else span.span(doc))
                for i in range(span.start, span.end):
                    inner_at.setdefault(i, []).append(span)
        return sorted(inner, key=lambda s: s.start)


@Language.factory("relex_entities", default_config={"keep_candidates": False})
def make_entity_resolver(nlp: Language, name: str, keep_candidates: bool) -> EntityResolver:
    """``keep_candidates``: leave the rule candidates in ``doc.spans["relex_candidates"]``
    for debugging; off by default, since every span group is serialised with the doc
    (``n_process``, DocBin) and these are no longer needed once ``doc.ents`` is decided."""
    return EntityResolver(name, keep_candidates)
