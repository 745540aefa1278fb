"""Relation records: how ``doc._.relations`` is stored and read back.

Relations are kept in ``doc.user_data["relex_relations"]`` as plain dicts holding
token offsets, strings and numbers, never ``Span`` objects, so that a ``Doc``
survives ``DocBin(store_user_data=True)``, pickling and ``nlp.pipe(n_process=2)``.
``doc._.relations`` turns the records into :class:`Relation` objects with spans.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from spacy.tokens import Doc, Span

from .extensions import RELATIONS_KEY

LABELS = ("signed_by", "holds_office", "trade_volume")


@dataclass(frozen=True)
class Relation:
    """One fact: ``label(head, tail)`` with qualifiers such as ``jurisdiction`` or ``period``."""

    label: str
    head: Span
    tail: Span
    qualifiers: dict[str, Any] = field(default_factory=dict)
    confidence: float = 1.0
    sentence: Span | None = None

    def __repr__(self) -> str:
        return f"Relation({self.label}: {self.head.text!r} -> {self.tail.text!r}, {self.qualifiers})"


class TokenRange(Protocol):
    """Anything with token offsets: a Span, or the sentence records of the relation rules."""

    start: int
    end: int


def span_ref(span: TokenRange) -> list[int]:
    return [span.start, span.end]


def entity_qualifier(span: Span, canonical: str | None = None, label: str | None = None) -> dict[str, Any]:
    """A qualifier that points to an entity mention, by token offsets."""
    return {
        "span": span_ref(span),
        "label": label or span.label_,
        "canonical": canonical or span._.canonical or span.text,
    }


def make_record(
    label: str,
    head: Span,
    tail: Span,
    qualifiers: dict[str, Any],
    confidence: float,
    sentence: TokenRange,
    head_canonical: str | None = None,
) -> dict[str, Any]:
    """A relation as plain data; ``head_canonical`` names the head where the mention stands for
    something else (a capital for its country)."""
    return {
        "label": label,
        "head": span_ref(head),
        "head_label": head.label_,
        "head_canonical": head_canonical,
        "tail": span_ref(tail),
        "tail_label": tail.label_,
        "qualifiers": qualifiers,
        "confidence": round(float(confidence), 3),
        "sentence": span_ref(sentence),
    }


def set_records(doc: Doc, records: list[dict[str, Any]]) -> None:
    doc.user_data[RELATIONS_KEY] = records


def records_of(doc: Doc) -> list[dict[str, Any]]:
    return list(doc.user_data.get(RELATIONS_KEY, []))


def _span(doc: Doc, ref: list[int], label: str | None = None) -> Span:
    return Span(doc, ref[0], ref[1], label=label or "")


def relations_of(doc: Doc) -> list[Relation]:
    """``doc._.relations``: the stored records as :class:`Relation` objects."""
    out = []
    for rec in records_of(doc):
        qualifiers = {}
        for key, value in rec["qualifiers"].items():
            if isinstance(value, dict) and "span" in value:
                qualifiers[key] = _span(doc, value["span"], value["label"])
            else:
                qualifiers[key] = value
        out.append(
            Relation(
                label=rec["label"],
                head=_span(doc, rec["head"], rec["head_label"]),
                tail=_span(doc, rec["tail"], rec["tail_label"]),
                qualifiers=qualifiers,
                confidence=rec["confidence"],
                sentence=_span(doc, rec["sentence"]),
            )
        )
    return out
