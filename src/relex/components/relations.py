"""``relex_relations``: ``signed_by``, ``holds_office`` and ``trade_volume``.

The rules work on the entities that ``relex_entities`` chose and the names that
``relex_mentions`` linked:

- holds_office: a name right after its office (skipping the jurisdiction, titles and
  commas), a name in apposition before it (``Gleb Nikitin, Gouverneur ...``), a
  relative clause (``Habeck, der auch deutscher Vizekanzler ist``), ``als`` +
  office; an office mention with no name (``der Vize-Industrieminister``) refers to
  an earlier holder of the same office, of an office of the same kind, or of the
  same nationality. The jurisdiction comes from a nationality adjective, a
  ``von``/genitive REGION or ORG, or an organ inside the office, and is shared by all
  of a person's offices.
- signed_by: a completed signing verb (no modal or future in the sentence) links the
  sentence's agreement (``das Dokument`` resolved to its antecedent) with the named
  people (or office holders) in it.
- trade_volume: an amount next to a word for bilateral trade (``Handelsumsatz``,
  ``Warenumsatz``, ``bilateraler Handel``), not to exports, imports or balances; a
  pronoun carries the trade topic over from the previous sentence. Partners come
  from ``zwischen A und B``, the sentence, the previous sentence or the document.

Each fact is stored once per document.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import NESTED_KEY, register_extensions
from ..german import DEFINITE, strip_adjective_ending
from ..lexicon import LexiconMixin, load_lexicon
from ..relations import entity_qualifier, make_record, set_records
from ._spans import lowers_of, span_text, text_of, words_of
from .regions import RegionNames

LINKERS = {"der", "des", "von", "in", "im", "aus", "dem", "den"}
ANTECEDENT_WINDOW = 50  # office holders looked back over for "der Präsident"
CONTRACTED = {"vom", "beim", "zum", "zur", "im", "am"}  # preposition + definite article
YEAR = r"(?:19|20)\d\d"


def _office_key(canonical: str) -> str:
    """``Vize-Industrieminister`` and ``stellvertretender Industrieminister`` -> ``industrieminister``."""
    words = canonical.split()
    core = []
    for w in words:
        if w.lower() in ("der", "des", "für", "von"):
            break
        core.append(w)
    head = (core or words)[-1].lower()
    for prefix in ("vize-", "vize", "stv.", "bundes"):
        if head.startswith(prefix) and len(head) > len(prefix) + 3:
            head = head[len(prefix):]
    return head  # feminine forms stay distinct: "Bürgermeisterin" does not refer back to a "Bürgermeister"


@dataclass(slots=True)  # not frozen: a frozen dataclass is three times slower to create
class Sentence:
    """A sentence's token and character offsets, which is all the rules read of it."""

    doc: Doc
    start: int
    end: int
    start_char: int
    end_char: int


class RelationExtractor(LexiconMixin):
    def __init__(self, name: str = "relex_relations", lexicon: str = "triggers.json", keep_unlinked_offices: bool = False):
        self.name = name
        self.lexicon = load_lexicon(lexicon)
        self.keep_unlinked_offices = keep_unlinked_offices
        register_extensions()
        self._lexicon_changed()

    def _lexicon_changed(self) -> None:
        lex = self.lexicon
        regions = load_lexicon("regions.json")
        self.regions = RegionNames(regions)
        self.capitals = regions.get("capitals", {})
        offices = load_lexicon("offices.json")
        self.titles = set(offices["titles"])
        self.office_classes = {
            "state": set(offices["head_of_state"]),
            "government": set(offices["head_of_government"]),
        }
        self.representatives = tuple(offices["representatives"])
        self.sign_prefixes = tuple(lex["signing_prefixes"])
        self.sign_blockers = set(lex["signing_blockers"])
        self.signature_nouns = set(lex.get("signing_nouns_with_unter", []))
        self.count_words = lex.get("count_words", {})
        self._blockers = re.compile(r"\b(?:" + "|".join(map(re.escape, self.sign_blockers)) + r")\b")
        self.trade_words = set(lex["trade_words"])
        self._trade_re = re.compile("|".join(map(re.escape, sorted(self.trade_words, key=len, reverse=True))))
        self.weak_trade = set(lex["weak_trade_words"])
        self.trade_cues = tuple(lex["trade_cues"])
        self.not_trade = set(lex["not_trade_words"])
        self.target_cues = set(lex["target_cues"])
        self.pronouns = set(lex["pronouns"])
        months = lex["months"]
        self.month_names = {m.capitalize(): n for m, n in months.items()}
        alt = "|".join(self.month_names)
        self.month_range = re.compile(rf"({alt})\s*(?:-|–|/|bis)\s*({alt})(?:\s+({YEAR}|laufenden Jahres|dieses Jahres))?")

    # ------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        nested = list(doc.spans[NESTED_KEY]) if NESTED_KEY in doc.spans else []
        self._canonicals: dict[tuple[int, int], str] = {}
        self._ent_at = {i: e for e in ents for i in range(e.start, e.end)}
        self._index(ents, nested)
        records: list[dict] = []
        self._sents = self._sentences(doc)
        self._has_sents = bool(self._sents)
        self._sent_starts = [sent.start for sent in self._sents]
        holders = self._holds_office(doc, ents, records)
        self._signed_by(doc, ents, holders, records)
        self._trade_volume(doc, ents, records)
        set_records(doc, records)
        if not self.keep_unlinked_offices:
            linked = {(office.start, office.end) for office, _ in holders}
            if any(e.label_ == "OFFICE" and (e.start, e.end) not in linked for e in ents):
                doc.set_ents([e for e in ents if e.label_ != "OFFICE" or (e.start, e.end) in linked])
        self._forget()
        return doc

    def _forget(self) -> None:
        """Drop the per-doc indexes: their spans would keep the last doc alive."""
        self._ent_at, self._places, self._longest_at, self._ents, self._sents = {}, [], {}, [], []
        self._sent_index, self._top_regions, self._region_names = {}, None, None

    @staticmethod
    def _sentences(doc: Doc) -> list[Sentence]:
        """Sentences from the SENT_START and IDX arrays in one pass (``doc.sents`` and
        ``doc.has_annotation`` walk the doc in Python on every call, and a Span per
        sentence builds Token objects for its offsets)."""
        if not len(doc):
            return []
        flags, idx = doc.to_array([SENT_START, IDX]).T.tolist()
        if not any(flags):
            return []
        starts = [0] + [i for i, flag in enumerate(flags) if flag == 1 and i > 0]
        ends = starts[1:] + [len(doc)]
        words = words_of(doc)
        return [Sentence(doc, a, b, idx[a], idx[b - 1] + len(words[b - 1])) for a, b in zip(starts, ends)]

    def _sentence_at(self, i: int) -> Sentence:
        return self._sents[max(0, bisect_right(self._sent_starts, i) - 1)]

    def _canon(self, span: Span) -> str:
        """``span._.canonical`` (else the span's text, so never empty), cached per doc: each
        extension read searches ``doc.user_data``."""
        key = (span.start, span.end)
        name = self._canonicals.get(key)
        if name is None:
            name = self._canonicals[key] = span._.canonical or span_text(span)
        return name

    # -- indexes: every lookup by position is a dict or a bisect, so time grows linearly
    def _index(self, ents: list[Span], nested: list[Span]) -> None:
        self._places = sorted((e for e in ents + nested if e.label_ in ("REGION", "ORG")), key=lambda p: p.start)
        self._place_starts = [p.start for p in self._places]
        self._longest_at: dict[int, Span] = {}
        for p in self._places:
            if p.start not in self._longest_at or len(p) > len(self._longest_at[p.start]):
                self._longest_at[p.start] = p
        self._ents = ents
        self._ent_starts = [e.start for e in ents]
        self._region_names: dict[str, str] | None = None  # built on first use

    def _places_in(self, start: int, end: int) -> list[Span]:
        return self._places[bisect_left(self._place_starts, start) : bisect_left(self._place_starts, end)]

    def _ents_in(self, start: int, end: int, label: str) -> list[Span]:
        chunk = self._ents[bisect_left(self._ent_starts, start) : bisect_left(self._ent_starts, end)]
        return [e for e in chunk if e.label_ == label]

    # -- holds_office ---------------------------------------------------
    def _place_starting(self, doc: Doc, k: int) -> Span | None:
        return self._longest_at.get(k)

    def _after_office(self, doc: Doc, office: Span) -> tuple[Span | None, Span | None]:
        """(holder, jurisdiction) read to the right of an office."""
        words = words_of(doc)
        n = len(doc)
        k = office.end
        jurisdiction = None
        steps = 0
        while k < n and steps < 12:
            steps += 1
            t = doc[k]
            if t.lower_ in LINKERS:
                link = t.lower_
                j = k + 1
                while j < n and lowers_of(doc)[j] in LINKERS:
                    j += 1
                while j < n and words[j].islower() and strip_adjective_ending(words[j]) != words[j]:
                    j += 1
                place = self._place_starting(doc, j)
                if place is not None:
                    if jurisdiction is None and link != "in" and link != "im":
                        jurisdiction = place
                    k = place.end
                    continue
                if j < n and words[j] in self.regions.designators:
                    if jurisdiction is None and link != "in":
                        jurisdiction = self._recent_designated(doc, words[j], office.start)
                    k = j + 1
                    continue
                break
            place = self._place_starting(doc, k)
            if place is not None:
                organ_named = any(t.lower_ in ("des", "der") for t in office)  # "Exekutivkomitees Grodno"
                if jurisdiction is None and k == office.end and place.label_ == "REGION" and (span_text(place).endswith("s") or organ_named):
                    jurisdiction = place  # genitive: "Botschafter Ungarns"
                k = place.end
                continue
            if t.text in (",", "und") and k + 1 < n and (self._place_starting(doc, k + 1) is not None or words[k + 1] in self.titles or words[k + 1] == "("):
                k += 1
                continue
            if t.text == "(":
                close = next((j for j in range(k + 1, min(n, k + 6)) if words[j] == ")"), None)
                if close is None:
                    break
                k = close + 1
                continue
            if t.text in self.titles:
                k += 1
                continue
            break
        if k < n and words[k] == ",":
            k += 1
            while k < n and words[k] in self.titles:
                k += 1
        ent = self._ent_at.get(k)
        holder = ent if ent is not None and ent.label_ == "PER" and ent.start == k else None
        return holder, jurisdiction

    def _recent_designated(self, doc: Doc, designator: str, before: int) -> Span | None:
        base = self.regions.designators.get(designator, designator)
        for p in reversed(self._places[: bisect_left(self._place_starts, before)]):
            if p.label_ == "REGION" and self._canon(p).startswith(base + " "):
                return p
        return None

    def _before_office(self, doc: Doc, office: Span) -> Span | None:
        """``Gleb Nikitin, Gouverneur ...`` and ``Habeck, der auch deutscher Vizekanzler ist``."""
        lowers = lowers_of(doc)
        words = words_of(doc)
        k = office.start - 1
        while k >= 0 and (words[k].islower() and strip_adjective_ending(words[k]) != words[k] or lowers[k] in ("auch", "zugleich", "derzeit", "heute")):
            k -= 1
        if k >= 0 and lowers[k] in ("der", "die", "dem", "den"):
            if k >= 1 and words[k - 1] == ",":
                ent = self._ent_at.get(k - 2)
                if ent is not None and ent.label_ == "PER":
                    return ent
            k -= 1
        if k >= 1 and words[k] == ",":
            ent = self._ent_at.get(k - 1)
            if ent is not None and ent.label_ == "PER":
                return ent
        return None

    def _adjective_region(self, doc: Doc, office: Span) -> tuple[Span, str] | None:
        """A nationality adjective before or inside the office: ``belarussische Präsident``."""
        start = max(0, office.start - 2)
        before = []
        for k in range(office.start - 1, start - 1, -1):
            if lowers_of(doc)[k] in DEFINITE:
                break
            before.append(k)
        for k in before + list(range(office.start, office.end)):
            t = doc[k]
            region = self.regions.adjective_region(t.text)
            if region:
                if t.text in self.regions.city_adjectives and self._canon(office) and _office_key(self._canon(office)).endswith(self.representatives):
                    continue
                return doc[k : k + 1], region
        return None

    def _genitive_before(self, doc: Doc, office: Span) -> Span | None:
        """``Sachsens Ministerpräsident``, ``Österreichs Wirtschaftsminister``."""
        words = words_of(doc)
        k = office.start - 1
        while k >= 0 and words[k].islower() and strip_adjective_ending(words[k]) != words[k]:
            k -= 1
        ent = self._ent_at.get(k)
        if ent is not None and ent.label_ == "REGION" and ent.end == k + 1 and span_text(ent).endswith("s") and span_text(ent) != self._canon(ent):
            return ent
        return None

    def _region_canonical(self, region: str) -> str:
        """Name a region the way this document does (``Belarus`` -> ``Republik Belarus``)."""
        if self._region_names is None:
            self._region_names = {}
            for p in self._places:
                if p.label_ == "REGION":
                    name = self._canon(p)
                    self._region_names.setdefault(self.regions.bare(name).lower(), name)
        return self._region_names.get(self.regions.bare(region).lower(), region)

    def _holds_office(self, doc: Doc, ents: list[Span], records: list[dict]) -> list[tuple[Span, Span]]:
        lowers = lowers_of(doc)
        words = words_of(doc)
        offices = [e for e in ents if e.label_ == "OFFICE"]
        holders: list[tuple[Span, Span]] = []
        jurisdictions: dict[Span, dict] = {}
        person_offices: list[tuple[Span, Span]] = []  # (office, person) in text order
        person_region: dict[str, str] = {}
        for office in offices:
            holder, place = self._after_office(doc, office)
            confidence = 0.9
            if holder is None:
                holder = self._before_office(doc, office)
            before = office.start - 1
            while before > 0 and words[before].islower() and strip_adjective_ending(words[before]) != words[before]:
                before -= 1
            if holder is None and before >= 0 and lowers[before] == "als":
                holder = self._previous_person(doc, office.start)
                confidence = 0.7
            adjective = self._adjective_region(doc, office)
            if holder is None:
                many = office[-1].lower_.endswith("häupter")
                if many:
                    for prev_office, person in person_offices:
                        if _office_key(self._canon(prev_office)) in self.office_classes["state"]:
                            self._add_office(holders, jurisdictions, office, person, None, None)
                    continue
                definite = office.start > 0 and any(lowers[k] in DEFINITE | CONTRACTED for k in range(max(0, office.start - 3), office.start))
                if definite:
                    holder = self._antecedent(office, adjective, person_offices, person_region)
                    confidence = 0.6
            if holder is None:
                continue
            qualifier = None
            genitive = self._genitive_before(doc, office)
            if genitive is not None:
                qualifier = entity_qualifier(genitive)
            elif adjective is not None:
                span, region = adjective
                qualifier = {"span": [span.start, span.end], "label": "REGION", "canonical": self._region_canonical(region)}
            elif place is not None:
                qualifier = entity_qualifier(place)
            else:
                inner = [p for p in self._places_in(office.start, office.end) if p.end <= office.end]
                inner.sort(key=lambda p: (p.label_ != "ORG", -len(p)))
                abbreviation = self._compound_org(doc, office)
                if abbreviation is not None:
                    qualifier = entity_qualifier(abbreviation)
                elif inner:
                    qualifier = entity_qualifier(inner[0])
            canonical_person = self._canon(holder)
            if qualifier is not None and qualifier["label"] == "REGION":
                person_region.setdefault(canonical_person, qualifier["canonical"])
            person_offices.append((office, holder))
            self._add_office(holders, jurisdictions, office, holder, qualifier, confidence)
        # one fact per (person, office); a person's jurisdiction holds for all their offices
        by_person: dict[str, dict] = {}
        for office, person in holders:
            q = jurisdictions.get(office)
            if q is not None:
                by_person.setdefault(self._canon(person), q)
        seen = set()
        for office, person in sorted(holders, key=lambda kv: kv[0].start):
            key = (self._canon(person), self._canon(office))
            if key in seen:
                continue
            seen.add(key)
            q = jurisdictions.get(office) or by_person.get(key[0])
            conf = jurisdictions.get(("conf", office), 0.8)
            sentence = self._sentence_at(office.start) if self._has_sents else doc[:]
            records.append(make_record("holds_office", person, office, {"jurisdiction": q}, conf, sentence))
        return holders

    def _compound_org(self, doc: Doc, office: Span) -> Span | None:
        """``BGU-Vizerektor``: the organisation whose short form starts the compound."""
        words = words_of(doc)
        for t in office:
            if "-" in t.text:
                short = t.text.split("-")[0]
                if short.isupper() and len(short) >= 2:
                    for p in self._places:
                        if p.label_ == "ORG" and p.end + 2 < len(doc) and words[p.end] == "(" and words[p.end + 1] == short:
                            return p
                    for p in self._places:
                        if p.label_ == "ORG" and p.text == short:
                            return p
        return None

    @staticmethod
    def _add_office(holders, jurisdictions, office, person, qualifier, confidence) -> None:
        holders.append((office, person))
        if qualifier is not None:
            jurisdictions[office] = qualifier
        jurisdictions[("conf", office)] = confidence or 0.6

    def _previous_person(self, doc: Doc, before: int) -> Span | None:
        for k in range(before - 1, max(-1, before - 60), -1):
            ent = self._ent_at.get(k)
            if ent is not None and ent.label_ == "PER":
                return ent
        return None

    def _antecedent(self, office: Span, adjective, person_offices, person_region) -> Span | None:
        key = _office_key(self._canon(office))
        cls = next((c for c, members in self.office_classes.items() if key in members), None)
        person_offices = person_offices[-ANTECEDENT_WINDOW:]
        same = [(o, p) for o, p in person_offices if _office_key(self._canon(o)) == key]
        if not same and cls:
            same = [(o, p) for o, p in person_offices if _office_key(self._canon(o)) in self.office_classes[cls]]
        if adjective is not None:
            region = self._region_canonical(adjective[1])
            pool = same or person_offices
            match = [(o, p) for o, p in pool if person_region.get(self._canon(p)) == region]
            if not match:
                match = [(o, p) for o, p in pool if (self._canon(p)) not in person_region]
            if match:
                return match[-1][1]
            return None
        return same[-1][1] if same else None

    # -- signed_by ------------------------------------------------------
    def _signed_by(self, doc: Doc, ents: list[Span], holders: list[tuple[Span, Span]], records: list[dict]) -> None:
        if not self._has_sents:
            return
        low = text_of(doc).lower()
        if not any(prefix in low for prefix in self.sign_prefixes):
            return  # most articles report no signing
        seen = set()
        holders = sorted(holders, key=lambda h: h[0].start)
        holder_starts = [o.start for o, _ in holders]
        for sent in self._sents:
            segment = low[sent.start_char : sent.end_char]
            if not any(prefix in segment for prefix in self.sign_prefixes):
                continue
            lowers = lowers_of(doc)
            verbs = [
                i for i in range(sent.start, sent.end)
                if lowers[i].startswith(self.sign_prefixes) and (words_of(doc)[i].islower() or i == sent.start)
                # "setzten ihre Unterschriften unter das Dokument"
                or lowers[i] in self.signature_nouns and "unter" in lowers[i + 1 : i + 3]
            ]
            if not verbs or self._blockers.search(segment):
                continue
            agreements = self._ents_in(sent.start, sent.end, "AGREEMENT")
            agreements = [a for a in agreements if self._canon(a).lower().rstrip("s") not in ("dokument", "papier", "text")]
            if not agreements:
                continue
            verb = verbs[0]
            agreement = min(agreements, key=lambda a: abs(a.start - verb))
            signers = self._ents_in(sent.start, sent.end, "PER")
            for office, person in holders[bisect_left(holder_starts, sent.start) : bisect_left(holder_starts, sent.end)]:
                if not any(s.start >= office.end and s.start - office.end <= 8 for s in signers):
                    signers.append(person)
            for signer in signers:
                key = (self._canon(agreement), self._canon(signer))
                if key in seen:
                    continue
                seen.add(key)
                records.append(make_record("signed_by", agreement, signer, {}, 0.85, sent))

    # -- trade_volume ---------------------------------------------------
    def _is_trade_word(self, i: int, sent: Sentence, regions_in_sent: int) -> bool:
        """Whether token ``i`` of ``sent`` names trade between partners."""
        if not words_of(sent.doc)[i][:1].isupper():
            return False
        low = lowers_of(sent.doc)[i]
        if low in self.weak_trade:
            window = text_of(sent.doc)[sent.start_char : sent.end_char].lower()
            return any(c in window for c in self.trade_cues) or regions_in_sent >= 2
        return low in self.trade_words or low.endswith(("handelsumsatz", "handelsumsatzes", "handelsvolumen", "handelsvolumens", "warenumsatz", "warenumsatzes"))

    def _trade_volume(self, doc: Doc, ents: list[Span], records: list[dict]) -> None:
        if not self._has_sents:
            return
        sents = self._sents
        if not any(e.label_ == "MONEY" for e in ents):
            return
        self._sent_index = {s.start: i for i, s in enumerate(sents)}
        self._top_regions = None
        facts: dict[tuple, dict] = {}
        last_pair: tuple[Span, Span] | None = None
        dateline_end = self._dateline_end(doc)
        for si, sent in enumerate(sents):
            monies = self._ents_in(sent.start, sent.end, "MONEY")
            if not monies:
                continue
            regions = self._partner_mentions(sent, dateline_end)
            segment = text_of(doc)[sent.start_char : sent.end_char].lower()
            if self._trade_re.search(segment):
                triggers = [i for i in range(sent.start, sent.end) if self._is_trade_word(i, sent, len({r[1] for r in regions}))]
            else:
                triggers = []
            for money in monies:
                trigger, confidence, context = self._trigger_for(doc, money, sent, triggers, sents, si)
                if trigger is None:
                    continue
                pair = self._partners(doc, trigger, context, sents, si, last_pair, dateline_end)
                if pair is None:
                    continue
                last_pair = pair
                status = self._status(doc, money, sent)
                period = self._period(doc, money, sent)
                (a, a_name), (b, b_name) = pair
                key = (frozenset({a_name, b_name}), round(money._.value or 0, 2), money._.currency)
                qualifiers = {
                    "counterpart": entity_qualifier(b, canonical=b_name),
                    "period": period,
                    "status": status,
                }
                if key in facts:
                    old = facts[key]
                    if status == "target":
                        old["qualifiers"]["status"] = "target"
                    if old["qualifiers"]["period"] is None and period is not None:
                        old["qualifiers"]["period"] = period
                    continue
                facts[key] = make_record("trade_volume", a, money, qualifiers, confidence, sent, head_canonical=a_name)
        records.extend(facts.values())

    @staticmethod
    def _dateline_end(doc: Doc) -> int:
        """Token index after a dateline such as ``MINSK, 24. November (BelTA) -``."""
        for i, word in enumerate(words_of(doc)[:20]):
            if word in ("-", "–", "—") and i > 0:
                return i
        return 0

    def _partner_mentions(self, sent: Sentence, dateline_end: int) -> list[tuple[Span, str]]:
        found = []
        for p in self._places_in(sent.start, sent.end):
            if p.label_ != "REGION" or p.start < dateline_end:
                continue
            canonical = self._canon(p)
            country = self.capitals.get(canonical)
            if country:
                canonical = self._region_canonical(country)
            found.append((p, canonical))
        found.sort(key=lambda x: x[0].start)
        return found

    def _trigger_for(self, doc, money, sent, triggers, sents, si):
        """(index of the trade word, confidence, its sentence) for a MONEY span, or (None, 0, sent)."""
        lowers = lowers_of(doc)
        is_trigger = set(triggers)
        before = [i for i in range(sent.start, money.start) if i in is_trigger or lowers[i] in self.not_trade]
        if money.start > 0 and lowers[money.start - 1] in ("um",):
            return None, 0, sent
        if before:
            nearest = before[-1]
            if lowers[nearest] in self.not_trade:
                return None, 0, sent
            return nearest, 0.8, sent
        in_sentence = lowers[sent.start : sent.end]
        after = [i for i in triggers if i >= money.end]
        if after and not any(low in self.not_trade for low in in_sentence):
            return after[0], 0.7, sent
        # a pronoun carries the trade topic over: "Er hat bereits 300 Millionen US-Dollar erreicht."
        if si > 0 and any(low in self.pronouns for low in in_sentence[:6]) and not any(low in self.not_trade for low in in_sentence):
            prev = sents[si - 1]
            prev_regions = len(self._places_in(prev.start, prev.end))
            prev_triggers = [i for i in range(prev.start, prev.end) if self._is_trade_word(i, prev, prev_regions)]
            if prev_triggers:
                return prev_triggers[-1], 0.6, prev
        return None, 0, sent

    def _partners(self, doc, trigger, context, sents, si, last_pair, dateline_end):
        mentions = self._partner_mentions(context, dateline_end)
        after = [m for m in mentions if m[0].start > trigger]
        for pool in (after, mentions):
            distinct = []
            for span, canonical in pool:
                if canonical not in [c for _, c in distinct]:
                    distinct.append((span, canonical))
            if len(distinct) >= 2:
                return tuple(distinct[:2])
        if last_pair is not None:
            return last_pair
        # the previous sentence, then the document's two most mentioned regions
        prev_index = self._sent_index.get(context.start, si) - 1
        if prev_index >= 0:
            prev = self._partner_mentions(sents[prev_index], dateline_end)
            distinct = []
            for span, canonical in prev:
                if canonical not in [c for _, c in distinct]:
                    distinct.append((span, canonical))
            if len(distinct) >= 2:
                return tuple(distinct[:2])
        if self._top_regions is None:
            counts: dict[str, list] = {}
            for p in self._places:
                if p.label_ == "REGION" and p.start >= dateline_end:
                    canonical = self._canon(p)
                    counts.setdefault(self._region_canonical(self.capitals.get(canonical, canonical)), []).append(p)
            ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[1][0].start))
            self._top_regions = [(v[0], c) for c, v in ranked[:2]]
        if len(self._top_regions) >= 2:
            return tuple(self._top_regions)
        return None

    def _status(self, doc: Doc, money: Span, sent: Sentence) -> str:
        lowers = lowers_of(doc)
        words = set(lowers[sent.start : sent.end])
        if "marke" in span_text(money).lower() or any(low.endswith("marke") for low in lowers[money.start : money.end + 1]):
            return "target"
        if money.start > 0 and lowers[money.start - 1] == "von" and "auf" in lowers[money.end : sent.end]:
            return "actual"
        if words & self.target_cues:
            return "target"
        # "soll ... übersteigen" is a plan; "soll ... überstiegen haben" reports a figure
        if words & {"soll", "sollen"} and not words & {"haben", "hat", "sein", "worden"}:
            return "target"
        return "actual"

    def _period(self, doc: Doc, money: Span, sent: Sentence) -> str | None:
        offset = sent.start_char
        text = text_of(doc)[offset : sent.end_char]
        m_start, m_end = money.start_char - offset, money.end_char - offset
        year_now = int(doc._.date[:4]) if isinstance(doc._.date, str) and doc._.date[:4].isdigit() else None
        if "pro Jahr" in text[m_end : m_end + 12]:
            return None
        after = re.match(rf"\s+(?:im\s+Jahr(?:e)?\s+)?({YEAR})", text[m_end:])
        if after:
            return after.group(1)
        head = text[:m_start]
        candidates = []
        for m in self.month_range.finditer(head):
            year = m.group(3)
            if year and not year[0].isdigit():
                year = str(year_now) if year_now else None
            if year is None:
                y = re.search(YEAR, head[m.end() : m.end() + 20]) or re.search(rf"({YEAR})\D{{0,25}}$", head[max(0, m.start() - 30) : m.start()])
                year = y.group(1) if y and y.re.groups else (y.group(0) if y else (str(year_now) if year_now else None))
            label = f"{m.group(1)}-{m.group(2)}" if "/" not in m.group(0) else f"{m.group(1)}/{m.group(2)}"
            candidates.append((m.start(), f"{label} {year}" if year else label))
        for m in re.finditer(rf"(?:dritten|3\.)\s+Quartals?\s+({YEAR})", head):
            candidates.append((m.start(), f"Januar-September {m.group(1)}"))
        for m in re.finditer(rf"(?<!Vergleich zu )(?<!gegenüber )\b({YEAR})\b(?!\s*[-–]\s*\d)", head):
            if not any(abs(m.start() - c[0]) < 25 and len(c[1]) > 4 for c in candidates):
                candidates.append((m.start(), m.group(1)))
        for m in re.finditer(r"(?:im|Im)\s+(vergangenen|letzten|laufenden|diesem)\s+Jahr", head):
            if year_now:
                candidates.append((m.start(), str(year_now - 1 if m.group(1) in ("vergangenen", "letzten") else year_now)))
        for m in re.finditer(r"(?:sechs Monaten|ersten Halbjahr|1\. Halbjahr)", head):
            if year_now:
                candidates.append((m.start(), f"erstes Halbjahr {year_now}"))
        for m in re.finditer(r"ersten\s+(\w+)\s+Monate[n]?(?:\s+(?:des\s+Jahres\s+)?({Y}|dieses Jahres|des laufenden Jahres))?".replace("{Y}", YEAR), head):
            months = self.count_words.get(m.group(1).lower())
            year = m.group(2) if m.group(2) and m.group(2)[0].isdigit() else (str(year_now) if year_now else None)
            if months and months != 6 and year:
                last = [name for name, number in self.month_names.items() if number == months][0]
                candidates.append((m.start(), f"Januar-{last} {year}"))
        if not candidates:
            return None
        return max(candidates, key=lambda c: c[0])[1]


@Language.factory(
    "relex_relations",
    default_config={"lexicon": "triggers.json", "keep_unlinked_offices": False},
)
def make_relation_extractor(nlp: Language, name: str, lexicon: str, keep_unlinked_offices: bool) -> RelationExtractor:
    return RelationExtractor(name, lexicon, keep_unlinked_offices)
