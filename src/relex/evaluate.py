"""Score relex extractions against hand-annotated gold documents.

Gold documents follow the "Gold format" of EXTRACTION.md, predictions the document
JSON of OUTPUT.md (what ``relex.to_dict(doc)`` returns). Both are turned into the
same document-level :class:`Facts`, and facts are matched one-to-one per document,
counted per entity label and per relation, and micro-averaged over documents.

Matching rules (why: gold lists each entity once in its fullest, nominative form,
while a pipeline may predict any inflected or shortened form of it):

* Strings are compared after normalisation: lower-cased, umlauts and accents folded
  (``ä``->``a``, ``ß``->``ss``), punctuation and whitespace runs made one separator, a
  hyphen inside a word dropped (``Vize-Minister`` == ``Vizeminister``), and each token
  stripped of German endings ``-en -em -er -es -e -n -s`` (repeatedly, keeping a stem
  of at least 3 characters), so ``Russischen Föderation`` == ``Russische Föderation``.
* PER: also matches when the last tokens are equal and the first names do not
  conflict (one side has none, or each given name/initial of the shorter side is in
  the longer): ``Ryschkowski`` == ``Leonid Ryschkowski`` != ``Igor Ryschkowski``.
* REGION: also matches after dropping designators (``Region``, ``Gebiet``, ``Oblast``,
  ``Republik``, ``Provinz``, ``Land``, ``Kanton``, ``Stadt``, ``Kreis``, ``Bezirk``, ...,
  and a ``von``/``der`` right after one): ``Jaroslawl`` == ``Region Jaroslawl``.
* OFFICE, ORG: normalised equality only.
* MONEY: same currency and value within 0.5 % of the gold value; the text is ignored.
* signed_by: signer by the PER rule; agreement equal, or one a token prefix of the
  other, or the same head noun (last word of the first run of capitalised words:
  ``Kooperationsprogramm für 2026-2027`` == ``Kooperationsprogramm``).
* holds_office: person by the PER rule, office equal, jurisdiction by the REGION rule
  (also used for ORG jurisdictions); ``None`` only matches ``None``.
* trade_volume: partners as an unordered pair by the REGION rule, money as MONEY,
  equal status, and period both null or naming the same set of 4-digit years
  (``Januar-Mai 2011`` == ``2011``; a deliberate leniency, period wording varies);
  periods without years must be equal strings.
* Predictions (and gold items) with the same normalised key are collapsed first, so a
  repeated prediction costs nothing; two different predictions that both loosely
  match one gold item leave one spurious. Matching prefers exact over loose pairs
  (greedy), then augments to the largest possible number of matches.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple, Sequence, Union

ENTITY_LABELS = ("PER", "OFFICE", "REGION", "MONEY", "ORG")
RELATION_LABELS = ("signed_by", "holds_office", "trade_volume")
MONEY_TOLERANCE = 0.005


class EvaluationError(ValueError):
    """Bad evaluation input (unreadable file, documents that do not pair up)."""


class Money(NamedTuple):
    text: str
    value: float | None
    currency: str | None


class SignedBy(NamedTuple):
    agreement: str
    signer: str


class HoldsOffice(NamedTuple):
    person: str
    office: str
    jurisdiction: str | None


class TradeVolume(NamedTuple):
    partners: tuple[str | None, str | None]
    value: float | None
    currency: str | None
    period: str | None
    status: str | None


Item = Union[str, Money, SignedBy, HoldsOffice, TradeVolume]


@dataclass
class Facts:
    """Document-level facts: entity items per label and relation tuples per label."""

    entities: dict[str, list[Item]] = field(default_factory=lambda: {k: [] for k in ENTITY_LABELS})
    relations: dict[str, list[Item]] = field(default_factory=lambda: {k: [] for k in RELATION_LABELS})


# ---------------------------------------------------------------- reading / conversion


def read_jsonl(path: str | Path) -> list[dict]:
    """Read one JSON object per line; errors name the file and line so they can be fixed."""
    path = Path(path)
    docs = []
    try:
        with path.open(encoding="utf-8-sig") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    doc = json.loads(line)
                except json.JSONDecodeError as e:
                    raise EvaluationError(f"{path}:{n}: invalid JSON: {e.msg} (column {e.colno})") from None
                if not isinstance(doc, dict):
                    raise EvaluationError(f"{path}:{n}: expected a JSON object, got {type(doc).__name__}")
                docs.append(doc)
    except (OSError, UnicodeDecodeError) as e:
        raise EvaluationError(f"{path}: cannot read: {e}") from None
    return docs


def _name(obj: Any) -> str | None:
    """The canonical name of an entity reference (object or plain string)."""
    if obj is None or isinstance(obj, str):
        return obj
    if isinstance(obj, dict):
        return obj.get("canonical") or obj.get("text")
    raise EvaluationError(f"expected an entity object or string, got {obj!r}")


def _money(obj: dict) -> Money:
    value = obj.get("value")
    text = obj.get("text") or obj.get("canonical") or ""
    return Money(text, None if value is None else float(value), obj.get("currency"))


def predictions_to_facts(pred: dict) -> Facts:
    """Turn one OUTPUT.md document into :class:`Facts`: distinct canonical names, not mentions."""
    facts = Facts()
    for ent in pred.get("entities") or []:
        label = ent.get("label")
        if label == "MONEY":
            facts.entities[label].append(_money(ent))
        elif label in facts.entities:
            facts.entities[label].append(_name(ent))
    for rel in pred.get("relations") or []:
        label, quals = rel.get("label"), rel.get("qualifiers") or {}
        head, tail = rel.get("head") or {}, rel.get("tail") or {}
        if label == "signed_by":
            facts.relations[label].append(SignedBy(_name(head), _name(tail)))
        elif label == "holds_office":
            facts.relations[label].append(HoldsOffice(_name(head), _name(tail), _name(quals.get("jurisdiction"))))
        elif label == "trade_volume":
            m = _money(tail)
            facts.relations[label].append(TradeVolume(
                (_name(head), _name(quals.get("counterpart"))), m.value, m.currency,
                quals.get("period"), quals.get("status")))
    for group in (facts.entities, facts.relations):
        for label, items in group.items():
            group[label] = list(dict.fromkeys(items))
    return facts


def gold_to_facts(gold: dict) -> Facts:
    """Turn one gold document (EXTRACTION.md "Gold format") into :class:`Facts`."""
    facts = Facts()
    ents, rels = gold.get("entities") or {}, gold.get("relations") or {}
    for label in ENTITY_LABELS:
        for item in ents.get(label) or []:
            facts.entities[label].append(_money(item) if label == "MONEY" else _name(item))
    for r in rels.get("signed_by") or []:
        facts.relations["signed_by"].append(SignedBy(r["agreement"], r["signer"]))
    for r in rels.get("holds_office") or []:
        facts.relations["holds_office"].append(HoldsOffice(r["person"], r["office"], r.get("jurisdiction")))
    for r in rels.get("trade_volume") or []:
        partners = tuple(r.get("partners") or ()) + (None, None)
        value = r.get("value")
        facts.relations["trade_volume"].append(TradeVolume(
            partners[:2], None if value is None else float(value), r.get("currency"), r.get("period"), r.get("status")))
    return facts


def to_facts(doc: dict | Facts) -> Facts:
    """Convert a gold or a prediction document, told apart by the shape of ``entities``."""
    if isinstance(doc, Facts):
        return doc
    if not isinstance(doc, dict):
        raise EvaluationError(f"expected a document object, got {type(doc).__name__}")
    try:
        return gold_to_facts(doc) if isinstance(doc.get("entities"), dict) or isinstance(doc.get("relations"), dict) \
            else predictions_to_facts(doc)
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise EvaluationError(f"document {doc.get('id', '?')!r}: malformed facts ({type(e).__name__}: {e})") from None


# ---------------------------------------------------------------- normalisation

_ENDINGS = ("en", "em", "er", "es", "e", "n", "s")
_FOLD = str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe"})
_DESIGNATORS_RAW = (
    "Region Gebiet Oblast Republik Provinz Land Bundesland Kanton Stadt Hauptstadt Hansestadt Kreis Landkreis "
    "Bezirk Regierungsbezirk Rajon Kraj Okrug Volksrepublik Bundesrepublik Freistaat Königreich Fürstentum "
    "Emirat Staat Bundesstaat Departement Gouvernement Woiwodschaft Gemeinde Metropolregion")
_LINKS = {"von", "vom", "der", "des"}


def _stem(token: str) -> str:
    changed = True
    while changed:
        changed = False
        for end in _ENDINGS:
            if token.endswith(end) and len(token) - len(end) >= 3:
                token, changed = token[: -len(end)], True
                break
    return token


def _words(s: str) -> list[str]:
    """Tokens as written: a hyphen inside a word is dropped, one between two digits splits."""
    s = re.sub(r"(?<=\d)[-\u2010\u2011](?=\d)", " ", s)
    return re.findall(r"[^\W_]+", re.sub(r"(?<=\w)[-\u2010\u2011](?=\w)", "", s))


@lru_cache(maxsize=65536)
def norm(s: str | None) -> tuple[str, ...]:
    """The normalised key of a string: folded, stemmed tokens (see module docstring)."""
    if not s:
        return ()
    s = unicodedata.normalize("NFKD", s.casefold().translate(_FOLD))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return tuple(_stem(t) for t in _words(s))


_DESIGNATORS = frozenset(norm(d)[0] for d in _DESIGNATORS_RAW.split())


def _strip_designators(toks: tuple[str, ...]) -> tuple[str, ...]:
    out, prev_designator = [], False
    for t in toks:
        if t in _DESIGNATORS or (prev_designator and t in _LINKS):
            prev_designator = t in _DESIGNATORS
            continue
        out.append(t)
        prev_designator = False
    return tuple(out) or toks


# ---------------------------------------------------------------- matching levels
# Each returns 0 (no match), 1 (loose match) or 2 (exact after normalisation).


def match_string(gold: str | None, pred: str | None) -> int:
    return 2 if gold and pred and norm(gold) == norm(pred) else 0


def match_person(gold: str | None, pred: str | None) -> int:
    if match_string(gold, pred):
        return 2
    a, b = norm(gold), norm(pred)
    if not a or not b or a[-1] != b[-1]:
        return 0
    short, long_ = sorted((a[:-1], b[:-1]), key=len)
    ok = all(any(x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)) for y in long_)
             for x in short)
    return 1 if ok else 0


def match_region(gold: str | None, pred: str | None) -> int:
    if match_string(gold, pred):
        return 2
    return 1 if gold and pred and _strip_designators(norm(gold)) == _strip_designators(norm(pred)) else 0


def _head_noun(s: str) -> tuple[str, ...]:
    words = _words(s)
    i = next((k for k, w in enumerate(words) if w[0].isupper()), 0)
    run = words[i:i + 1]
    for w in words[i + 1:]:
        if not w[0].isupper():
            break
        run.append(w)
    return norm(run[-1]) if run else ()


def match_agreement(gold: str | None, pred: str | None) -> int:
    if match_string(gold, pred):
        return 2
    if not gold or not pred:
        return 0
    a, b = norm(gold), norm(pred)
    short, long_ = sorted((a, b), key=len)
    return 1 if (short and long_[: len(short)] == short) or _head_noun(gold) == _head_noun(pred) else 0


def _close(gold: float | None, pred: float | None) -> int:
    if gold is None or pred is None:
        return 0
    if gold == pred:
        return 2
    return 1 if abs(pred - gold) <= MONEY_TOLERANCE * abs(gold) else 0


def _same_currency(gold: str | None, pred: str | None) -> bool:
    return bool(gold and pred and gold.strip().upper() == pred.strip().upper())


def match_money(gold: Money, pred: Money) -> int:
    return _close(gold.value, pred.value) if _same_currency(gold.currency, pred.currency) else 0


def match_jurisdiction(gold: str | None, pred: str | None) -> int:
    if gold is None or pred is None:
        return 2 if gold is None and pred is None else 0
    return match_region(gold, pred)


def _years(s: str) -> frozenset[str]:
    return frozenset(re.findall(r"(?<!\d)\d{4}(?!\d)", s))


def match_period(gold: str | None, pred: str | None) -> int:
    if gold is None or pred is None:
        return 2 if gold is None and pred is None else 0
    if norm(gold) == norm(pred):
        return 2
    return 1 if (_years(gold) or _years(pred)) and _years(gold) == _years(pred) else 0


def _all(*levels: int) -> int:
    """Combine argument levels: no match if any fails, exact only if all are exact."""
    return min(levels)


def match_signed_by(gold: SignedBy, pred: SignedBy) -> int:
    return _all(match_agreement(gold.agreement, pred.agreement), match_person(gold.signer, pred.signer))


def match_holds_office(gold: HoldsOffice, pred: HoldsOffice) -> int:
    return _all(match_person(gold.person, pred.person), match_string(gold.office, pred.office),
                match_jurisdiction(gold.jurisdiction, pred.jurisdiction))


def match_trade_volume(gold: TradeVolume, pred: TradeVolume) -> int:
    (g1, g2), (p1, p2) = gold.partners, pred.partners
    partners = max(_all(match_region(g1, p1), match_region(g2, p2)), _all(match_region(g1, p2), match_region(g2, p1)))
    status = 2 if (gold.status or "").strip().lower() == (pred.status or "").strip().lower() else 0
    money = _close(gold.value, pred.value) if _same_currency(gold.currency, pred.currency) else 0
    return _all(partners, money, status, match_period(gold.period, pred.period))


def _money_key(value: float | None, currency: str | None) -> tuple:
    return ((currency or "").strip().upper(), None if value is None else float(f"{value:.6g}"))


def _period_key(period: str | None) -> Any:
    return None if period is None else (_years(period) or norm(period))


_KEYS: dict[str, Callable[[Any], Any]] = {
    "PER": norm, "OFFICE": norm, "REGION": norm, "ORG": norm,
    "MONEY": lambda m: _money_key(m.value, m.currency),
    "signed_by": lambda r: (norm(r.agreement), norm(r.signer)),
    "holds_office": lambda r: (norm(r.person), norm(r.office), norm(r.jurisdiction) if r.jurisdiction else None),
    "trade_volume": lambda r: (tuple(sorted(norm(p) for p in r.partners)), _money_key(r.value, r.currency),
                               _period_key(r.period), (r.status or "").lower()),
}
_MATCHERS: dict[str, Callable[[Any, Any], int]] = {
    "PER": match_person, "OFFICE": match_string, "REGION": match_region, "ORG": match_string,
    "MONEY": match_money, "signed_by": match_signed_by, "holds_office": match_holds_office,
    "trade_volume": match_trade_volume,
}


def dedupe(items: Iterable[Item], label: str) -> list[Item]:
    """Keep the first of items with the same normalised key (a fact stated twice is one fact)."""
    seen, out = set(), []
    for item in items:
        key = _KEYS[label](item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def match_items(gold: Sequence[Item], pred: Sequence[Item], label: str) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs: best pairs first, then augmented to maximum size."""
    level = _MATCHERS[label]
    scores = {(i, j): s for i, g in enumerate(gold) for j, p in enumerate(pred) if (s := level(g, p))}
    g2p: dict[int, int] = {}
    p2g: dict[int, int] = {}
    for (i, j), _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if i not in g2p and j not in p2g:
            g2p[i], p2g[j] = j, i
    adj = {i: sorted((j for (gi, j) in scores if gi == i), key=lambda j: -scores[i, j]) for i in range(len(gold))}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j not in seen:
                seen.add(j)
                if j not in p2g or augment(p2g[j], seen):
                    g2p[i], p2g[j] = j, i
                    return True
        return False

    for i in range(len(gold)):
        if i not in g2p:
            augment(i, set())
    return sorted(g2p.items())


# ---------------------------------------------------------------- scores and report


@dataclass
class Counts:
    """True positives, false positives and false negatives, with P/R/F1 (None when undefined)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        return self

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        d = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / d if d else None

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


def _table(rows: list[tuple[str, Counts | None]], title: str = "label") -> str:
    """Plain aligned table; a None row is a separator line."""
    width = max([len(title)] + [len(name) for name, _ in rows])
    fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
    head = f"{title:<{width}}  {'tp':>5} {'fp':>5} {'fn':>5}  {'P':>6} {'R':>6} {'F1':>6}"
    lines = [head, "-" * len(head)]
    for name, c in rows:
        if c is None:
            lines.append("-" * len(head))
        else:
            lines.append(f"{name:<{width}}  {c.tp:>5} {c.fp:>5} {c.fn:>5}  "
                         f"{fmt(c.precision):>6} {fmt(c.recall):>6} {fmt(c.f1):>6}")
    return "\n".join(lines)


def _item_to_json(item: Item) -> Any:
    if isinstance(item, str) or item is None:
        return item
    d = item._asdict()
    if isinstance(item, TradeVolume):
        d["partners"] = list(item.partners)
    return d


def _num(value: float | None) -> str:
    return "?" if value is None else f"{value:.12g}"


def format_item(item: Item) -> str:
    """One-line human-readable form of a fact for the error listing."""
    if isinstance(item, Money):
        return f"{item.text} ({_num(item.value)} {item.currency})"
    if isinstance(item, SignedBy):
        return f"{item.agreement} | signed by {item.signer}"
    if isinstance(item, HoldsOffice):
        return f"{item.person} | {item.office} | jurisdiction={item.jurisdiction}"
    if isinstance(item, TradeVolume):
        return (f"{item.partners[0]} + {item.partners[1]} | {_num(item.value)} {item.currency} | "
                f"period={item.period} | status={item.status}")
    return str(item)


@dataclass
class DocumentResult:
    """Per-document counts and the facts that were missed (fn) or spurious (fp)."""

    id: str
    counts: dict[str, Counts]
    missed: list[tuple[str, Item]] = field(default_factory=list)
    spurious: list[tuple[str, Item]] = field(default_factory=list)


@dataclass
class Report:
    """Micro-averaged counts per entity label and relation, plus per-document errors."""

    counts: dict[str, Counts]
    documents: list[DocumentResult]

    def micro(self, labels: Iterable[str]) -> Counts:
        total = Counts()
        for label in labels:
            total += self.counts[label]
        return total

    @property
    def entities(self) -> Counts:
        return self.micro(ENTITY_LABELS)

    @property
    def relations(self) -> Counts:
        return self.micro(RELATION_LABELS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": len(self.documents),
            "entities": {k: self.counts[k].to_dict() for k in ENTITY_LABELS},
            "relations": {k: self.counts[k].to_dict() for k in RELATION_LABELS},
            "micro": {"entities": self.entities.to_dict(), "relations": self.relations.to_dict()},
            "errors": [{"id": d.id,
                        "missed": [{"label": k, "fact": _item_to_json(v)} for k, v in d.missed],
                        "spurious": [{"label": k, "fact": _item_to_json(v)} for k, v in d.spurious]}
                       for d in self.documents if d.missed or d.spurious],
        }

    def table(self) -> str:
        rows: list[tuple[str, Counts | None]] = [(k, self.counts[k]) for k in ENTITY_LABELS]
        rows += [("entities (micro)", self.entities), ("", None)]
        rows += [(k, self.counts[k]) for k in RELATION_LABELS]
        rows += [("relations (micro)", self.relations)]
        return f"{len(self.documents)} documents\n" + _table(rows)

    def errors(self) -> str:
        lines = []
        for d in self.documents:
            if not (d.missed or d.spurious):
                continue
            lines.append(f"== {d.id}")
            for kind, facts in (("missed", d.missed), ("spurious", d.spurious)):
                lines += [f"  {kind:<8}  {label:<12}  {format_item(item)}" for label, item in facts]
        return "\n".join(lines) if lines else "no errors"


def score_document(gold: dict | Facts, pred: dict | Facts, doc_id: str = "") -> DocumentResult:
    """Match the facts of one document pair, label by label."""
    g, p = to_facts(gold), to_facts(pred)
    result = DocumentResult(doc_id, {})
    for label in ENTITY_LABELS + RELATION_LABELS:
        gi = dedupe(g.entities[label] if label in ENTITY_LABELS else g.relations[label], label)
        pi = dedupe(p.entities[label] if label in ENTITY_LABELS else p.relations[label], label)
        pairs = match_items(gi, pi, label)
        matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
        result.counts[label] = Counts(len(pairs), len(pi) - len(pairs), len(gi) - len(pairs))
        result.missed += [(label, x) for i, x in enumerate(gi) if i not in matched_g]
        result.spurious += [(label, x) for j, x in enumerate(pi) if j not in matched_p]
    return result


def pair_documents(gold_docs: Sequence[dict], pred_docs: Sequence[dict]) -> list[tuple[str, dict, dict]]:
    """Pair gold and predicted documents by ``id`` (or by order when ids are missing)."""
    def ids(docs: Sequence[dict]) -> list[Any]:
        return [d.get("id") if isinstance(d, dict) else None for d in docs]

    gids, pids = ids(gold_docs), ids(pred_docs)
    if all(x not in (None, "") for x in gids + pids):
        for side, xs in (("gold", gids), ("prediction", pids)):
            dups = sorted({str(x) for x in xs if xs.count(x) > 1})
            if dups:
                raise EvaluationError(f"duplicate {side} document ids: {', '.join(dups[:5])}")
        missing, extra = [x for x in gids if x not in set(pids)], [x for x in pids if x not in set(gids)]
        if missing or extra:
            raise EvaluationError(
                "document ids do not pair up: "
                + "; ".join(f"{what}: {', '.join(map(str, xs[:5]))}{' ...' if len(xs) > 5 else ''}"
                            for what, xs in (("no prediction for", missing), ("not in gold", extra)) if xs))
        by_id = {d["id"]: d for d in pred_docs}
        return [(str(g["id"]), g, by_id[g["id"]]) for g in gold_docs]
    if len(gold_docs) != len(pred_docs):
        raise EvaluationError(f"documents lack ids and the counts differ: {len(gold_docs)} gold, "
                              f"{len(pred_docs)} predicted")
    return [(str(g.get("id") or n), g, p) for n, (g, p) in enumerate(zip(gold_docs, pred_docs), 1)]


def score_documents(gold_docs: Sequence[dict], pred_docs: Sequence[dict]) -> Report:
    """Score predictions against gold, micro-averaged over all document pairs."""
    results = [score_document(g, p, doc_id) for doc_id, g, p in pair_documents(gold_docs, pred_docs)]
    counts = {label: Counts() for label in ENTITY_LABELS + RELATION_LABELS}
    for r in results:
        for label, c in r.counts.items():
            counts[label] += c
    return Report(counts, results)


def evaluate(nlp: Any, gold_docs: Sequence[dict], batch_size: int = 32, *,
             to_dict: Callable[[Any], dict] | None = None) -> Report:
    """Run the pipeline on the gold texts and score what ``relex.to_dict`` makes of them."""
    if to_dict is None:
        from relex import to_dict  # lazy: keeps this module importable on its own
    for n, g in enumerate(gold_docs, 1):
        if not isinstance(g.get("text"), str):
            raise EvaluationError(f"gold document {g.get('id', n)!r} has no text")
    preds = []
    try:
        from relex.pipeline import make_doc

        inputs = [make_doc(nlp, g["text"], id=g.get("id"), date=g.get("date")) for g in gold_docs]
    except ImportError:  # pragma: no cover - evaluate.py used on its own
        inputs = [g["text"] for g in gold_docs]
    for g, doc in zip(gold_docs, nlp.pipe(inputs, batch_size=batch_size)):
        pred = dict(to_dict(doc))
        pred["id"] = g.get("id")
        preds.append(pred)
    return score_documents(gold_docs, preds)


# ---------------------------------------------------------------- mention-level NER

_TAG = re.compile(r"^(O|[BIES]-.+)$")


@dataclass
class NerReport:
    """Strict span-match counts per label (start, end and label must all agree)."""

    counts: dict[str, Counts]

    @property
    def micro(self) -> Counts:
        total = Counts()
        for c in self.counts.values():
            total += c
        return total

    def to_dict(self) -> dict[str, Any]:
        return {"labels": {k: c.to_dict() for k, c in self.counts.items()}, "micro": self.micro.to_dict()}

    def table(self) -> str:
        return _table([(k, c) for k, c in self.counts.items()] + [("micro", self.micro)])


def read_conll(path: str | Path, tag_column: int | None = None) -> list[tuple[list[str], list[str]]]:
    """Read token/tag sentences; the token is the first column (second after a 1,2,3... index column),
    the tag the first later column that looks like an IOB tag in every row, unless ``tag_column`` says."""
    path = Path(path)
    sentences: list[list[list[str]]] = [[]]
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise EvaluationError(f"{path}: cannot read: {e}") from None
    for line in lines:
        fields = [f for f in (line.split("\t") if "\t" in line else line.split())]
        while fields and not fields[-1].strip():
            fields.pop()
        if not fields or fields[0].startswith("-DOCSTART-"):
            if sentences[-1]:
                sentences.append([])
            continue
        if line.startswith("#") and not (len(fields) == 2 and _TAG.match(fields[1])):
            continue
        sentences[-1].append(fields)
    sentences = [s for s in sentences if s]
    if not sentences:
        return []
    indexed = all(s[0][0] == "1" and all(len(r) >= 3 and r[0].isdigit() for r in s) for s in sentences)
    tok = 1 if indexed else 0
    if tag_column is None:
        width = min(len(r) for s in sentences for r in s)
        tag_column = next((c for c in range(tok + 1, width)
                           if all(_TAG.match(r[c]) for s in sentences for r in s)), None)
        if tag_column is None:
            raise EvaluationError(f"{path}: no column of IOB tags found (pass tag_column)")
    try:
        return [([r[tok] for r in s], [r[tag_column] for r in s]) for s in sentences]
    except IndexError:
        raise EvaluationError(f"{path}: a row has no column {tag_column}") from None


def iob_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) token spans from IOB2 tags; tolerant of IOB1 and BIOES."""
    spans, start, label = [], None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, lab = tag.partition("-")
        if start is not None and (prefix in ("O", "B", "S") or lab != label):
            spans.append((start, i, label))
            start = None
        if prefix in ("B", "S", "I", "E") and start is None:
            start, label = i, lab
        if prefix in ("S", "E") and start is not None:
            spans.append((start, i + 1, label))
            start = None
    return spans


def score_ner_spans(nlp: Any, examples_path: str | Path, labels: Iterable[str] | None = None, *,
                    label_map: dict[str, str] | None = None, tag_column: int | None = None,
                    batch_size: int = 256) -> NerReport:
    """Strict mention-level P/R/F1 of ``doc.ents`` on gold tokens from a ``.spacy`` or CoNLL/BIO file.

    The pipeline runs on the gold tokenisation so that tokenisation differences do not
    count as NER errors. ``label_map`` renames labels on both sides (``{"LOC": "REGION"}``);
    by default only labels that occur in the gold data are scored.
    """
    from spacy.tokens import Doc, DocBin

    path = Path(examples_path)
    lmap = label_map or {}
    gold: list[list[tuple[int, int, str]]] = []
    inputs: list[Doc] = []
    if path.suffix == ".spacy":
        try:
            docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        except Exception as e:  # noqa: BLE001 - any unreadable DocBin is a bad input file
            raise EvaluationError(f"{path}: cannot read DocBin: {e}") from None
        for d in docs:
            gold.append([(e.start, e.end, e.label_) for e in d.ents])
            inputs.append(Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d]))
    else:
        for words, tags in read_conll(path, tag_column):
            gold.append(iob_spans(tags))
            inputs.append(Doc(nlp.vocab, words=words))
    gold_sets = [{(s, e, lmap.get(lab, lab)) for s, e, lab in spans} for spans in gold]
    wanted = list(dict.fromkeys(labels)) if labels is not None else \
        sorted({lab for spans in gold_sets for _, _, lab in spans})
    counts = {lab: Counts() for lab in wanted}
    for gold_spans, doc in zip(gold_sets, nlp.pipe(inputs, batch_size=batch_size)):
        pred_spans = {(e.start, e.end, lmap.get(e.label_, e.label_)) for e in doc.ents}
        for lab in wanted:
            gl = {s for s in gold_spans if s[2] == lab}
            pl = {s for s in pred_spans if s[2] == lab}
            counts[lab] += Counts(len(gl & pl), len(pl - gl), len(gl - pl))
    return NerReport(counts)


# ---------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Arguments of ``relex evaluate``."""
    parser.add_argument("gold", metavar="GOLD.jsonl", nargs="?", help="gold documents (EXTRACTION.md gold format)")
    parser.add_argument("--ner", metavar="FILE", help="mention-level NER score instead: a .spacy or CoNLL/BIO file; "
                        "scores the base model alone and the whole relex pipeline side by side (PER, LOC, ORG; REGION counts as LOC)")
    parser.add_argument("--pred", metavar="PRED.jsonl",
                        help="saved predictions (OUTPUT.md); without it the pipeline is run on the gold texts")
    parser.add_argument("--model", metavar="PATH_OR_NAME", help="base model for relex.load(base=...)")
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size (default 32)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--errors", action="store_true", help="also list missed and spurious facts per document")
    return parser


def run(args: argparse.Namespace) -> int:
    """Run ``relex evaluate``; 0 on success, 2 on unreadable or mismatched input."""
    if getattr(args, "ner", None):
        return _run_ner(args)
    if not args.gold:
        print("relex evaluate: give GOLD.jsonl or --ner FILE", file=sys.stderr)
        return 2
    try:
        gold = read_jsonl(args.gold)
        if args.pred:
            report = score_documents(gold, read_jsonl(args.pred))
        else:
            import relex  # lazy: loading the pipeline is only needed without --pred

            try:
                nlp = relex.load(base=args.model) if args.model else relex.load()
            except OSError as e:
                print(f"relex evaluate: cannot load model {args.model or '(default)'}: {e}", file=sys.stderr)
                return 2
            report = evaluate(nlp, gold, batch_size=args.batch_size)
    except EvaluationError as e:
        print(f"relex evaluate: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.table())
        if args.errors:
            print()
            print(report.errors())
    return 0


def _run_ner(args: argparse.Namespace) -> int:
    """Strict span scores of the base model and of relex on the same held-out tokens."""
    import relex

    nlp = relex.load(base=args.model) if args.model else relex.load()
    relex_names = [name for name in nlp.pipe_names if name.startswith("relex_")]
    labels, label_map = ["PER", "LOC", "ORG"], {"REGION": "LOC"}
    try:
        with nlp.select_pipes(disable=relex_names):
            base = score_ner_spans(nlp, args.ner, labels, label_map=label_map)
        full = score_ner_spans(nlp, args.ner, labels, label_map=label_map)
    except (EvaluationError, OSError) as e:
        print(f"relex evaluate: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"base": base.to_dict(), "relex": full.to_dict()}, indent=2))
    else:
        print(f"base model alone ({nlp.meta.get('name')}):")
        print(base.table())
        print("\nwhole relex pipeline (REGION scored as LOC):")
        print(full.table())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = add_arguments(argparse.ArgumentParser(prog="python -m relex.evaluate", description=__doc__.split("\n")[0]))
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
