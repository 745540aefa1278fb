"""Flat rows from a ``to_dict`` record: one per entity mention or one per fact.

Shared by ``relex extract --format csv`` and the pandas tables, so the CSV and the
DataFrames have the same columns.
"""
from __future__ import annotations

from typing import Any

ENTITY_COLUMNS = ("doc_id", "start", "end", "text", "label", "canonical", "value", "currency", "sentence")
RELATION_COLUMNS = (
    "doc_id", "label", "head_text", "head_label", "head_canonical", "tail_text", "tail_label", "tail_canonical",
    "counterpart", "jurisdiction", "period", "status", "value", "currency", "confidence", "sentence",
)


def _sentence_of(record: dict[str, Any], start: int, end: int, bounds: list[tuple[int, int]]) -> str | None:
    for s, e in bounds:
        if s <= start < e:
            return record["text"][s:e].strip()
    return None


def entity_rows(record: dict[str, Any], sentences: list[tuple[int, int]] | None = None) -> list[dict[str, Any]]:
    """One row per entity mention; ``sentences`` are character bounds, if known."""
    rows = []
    for ent in record["entities"]:
        rows.append(
            {
                "doc_id": record.get("id"),
                "start": ent["start"],
                "end": ent["end"],
                "text": ent["text"],
                "label": ent["label"],
                "canonical": ent.get("canonical"),
                "value": ent.get("value"),
                "currency": ent.get("currency"),
                "sentence": _sentence_of(record, ent["start"], ent["end"], sentences) if sentences else None,
            }
        )
    return rows


def _name(value: Any) -> Any:
    return value.get("canonical") if isinstance(value, dict) else value


def relation_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per fact, qualifiers flattened to their canonical names."""
    rows = []
    for rel in record["relations"]:
        q = rel.get("qualifiers", {})
        head, tail = rel["head"], rel["tail"]
        rows.append(
            {
                "doc_id": record.get("id"),
                "label": rel["label"],
                "head_text": head["text"],
                "head_label": head["label"],
                "head_canonical": head.get("canonical"),
                "tail_text": tail["text"],
                "tail_label": tail["label"],
                "tail_canonical": tail.get("canonical"),
                "counterpart": _name(q.get("counterpart")),
                "jurisdiction": _name(q.get("jurisdiction")),
                "period": q.get("period"),
                "status": q.get("status"),
                "value": tail.get("value"),
                "currency": tail.get("currency"),
                "confidence": rel.get("confidence"),
                "sentence": rel.get("sentence"),
            }
        )
    return rows


def to_rows(record: dict[str, Any], table: str) -> list[dict[str, Any]]:
    if table == "entities":
        return entity_rows(record)
    if table == "relations":
        return relation_rows(record)
    raise ValueError(f"table must be 'entities' or 'relations', not {table!r}")
