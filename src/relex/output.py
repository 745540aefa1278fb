"""``relex.to_dict``: a processed ``Doc`` as the JSON object of ``spec/OUTPUT.md``."""
from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from .extensions import NESTED_KEY
from .relations import records_of


def _mention(span: Span, canonical: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "start": span.start_char,
        "end": span.end_char,
        "text": span.text,
        "label": span.label_,
        "canonical": canonical or span._.canonical or span.text,
    }
    if span.label_ == "MONEY":
        out["value"] = float(span._.value) if span._.value is not None else None
        out["currency"] = span._.currency
    return out


def entity_spans(doc: Doc) -> list[Span]:
    """Every entity mention: ``doc.ents`` plus the mentions nested inside them, in text order."""
    spans = list(doc.ents)
    if NESTED_KEY in doc.spans:
        spans.extend(doc.spans[NESTED_KEY])
    return sorted(spans, key=lambda s: (s.start_char, -s.end_char))


def to_dict(doc: Doc, id: str | None = None) -> dict[str, Any]:
    """The document, its entities and its relations as plain JSON-ready data."""
    if not isinstance(doc, Doc):
        raise TypeError(f"to_dict() needs a spaCy Doc, not {type(doc).__name__}")
    relations = []
    for rec in records_of(doc):
        head = Span(doc, *rec["head"], label=rec["head_label"])
        tail = Span(doc, *rec["tail"], label=rec["tail_label"])
        qualifiers: dict[str, Any] = {}
        for key, value in rec["qualifiers"].items():
            if isinstance(value, dict) and "span" in value:
                span = Span(doc, *value["span"], label=value["label"])
                q = _mention(span, value.get("canonical"))
                q["label"] = value["label"]
                qualifiers[key] = q
            else:
                qualifiers[key] = value
        sentence = doc[rec["sentence"][0] : rec["sentence"][1]]
        relations.append(
            {
                "label": rec["label"],
                "head": _mention(head, rec.get("head_canonical")),
                "tail": _mention(tail),
                "qualifiers": qualifiers,
                "confidence": rec["confidence"],
                "sentence": sentence.text.strip(),
            }
        )
    return {
        "id": id if id is not None else doc.user_data.get("relex_id"),
        "text": doc.text,
        "entities": [_mention(s) for s in entity_spans(doc)],
        "relations": relations,
    }
